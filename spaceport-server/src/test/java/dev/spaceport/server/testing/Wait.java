package dev.spaceport.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting for something a test cannot be told about directly, instead of sleeping a guess. */
public final class Wait {

  /** A liveness bound, not a timing: far beyond what any condition here needs on a busy host. */
  private static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);

  private Wait() {}

  /** Returns once {@code condition} holds, checking every 10 ms; fails after a minute. */
  public static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + LIMIT_NANOS;
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting until " + what).isLessThan(deadline);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what, e);
      }
    }
  }
}
