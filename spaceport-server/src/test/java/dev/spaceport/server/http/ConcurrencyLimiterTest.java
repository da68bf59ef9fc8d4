package dev.spaceport.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The per-key counters behind {@link ConcurrencyLimiter} (its HTTP behaviour, every path giving
 * the slot back, is {@code api.ConcurrencyLimitTest}'s): a key keeps one counter from request to
 * request, and housekeeping drops only the counters of keys with nothing in progress.
 */
class ConcurrencyLimiterTest {

  private final ConcurrencyLimiter limiter = new ConcurrencyLimiter(2, () -> { });

  @Test
  void aKeyKeepsOneCounterFromRequestToRequest() {
    AtomicInteger first = limiter.take(7);
    first.decrementAndGet(); // its request ends
    AtomicInteger next = limiter.take(7);
    assertThat(next).isSameAs(first);
    assertThat(next.get()).isEqualTo(1);
    assertThat(limiter.keysTracked()).isEqualTo(1);
  }

  @Test
  void aKeyAtItsCapGetsNoSlotAndOtherKeysDo() {
    assertThat(limiter.take(7)).isNotNull();
    AtomicInteger second = limiter.take(7);
    assertThat(second).isNotNull();
    assertThat(limiter.take(7)).isNull();
    assertThat(limiter.take(8)).isNotNull();
    second.decrementAndGet();
    assertThat(limiter.take(7)).isNotNull();
  }

  @Test
  void housekeepingDropsOnlyIdleKeys() {
    AtomicInteger busy = limiter.take(7);
    limiter.take(8).decrementAndGet();
    limiter.forgetIdle();
    assertThat(limiter.keysTracked()).isEqualTo(1);
    busy.decrementAndGet();
    limiter.forgetIdle();
    assertThat(limiter.keysTracked()).isZero();
    assertThat(limiter.take(7)).isNotNull().isNotSameAs(busy);
  }
}
