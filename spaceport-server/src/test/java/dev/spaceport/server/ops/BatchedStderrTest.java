package dev.spaceport.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchedStderr}: lines wait in the buffer until it fills or is flushed, leave in the order
 * they came, whole, and go to whatever {@link System#err} is at the time.
 */
class BatchedStderrTest {

  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream original;

  @BeforeEach
  void captureStderr() {
    original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(original);
  }

  @Test
  void linesWaitForAFlushAndThenLeaveInOrder() {
    BatchedStderr out = new BatchedStderr(64);
    out.write(bytes("one\n"), 0, 4);
    out.write('t');
    out.write(bytes("wo\n"), 0, 3);
    assertThat(stderr()).isEmpty();

    out.flush();

    assertThat(stderr()).isEqualTo("one\ntwo\n");
  }

  @Test
  void aFullBufferGoesOutBeforeTheLineThatWouldNotFit() {
    BatchedStderr out = new BatchedStderr(8);
    out.write(bytes("12345\n"), 0, 6);
    out.write(bytes("678\n"), 0, 4);

    assertThat(stderr()).as("the first line, alone").isEqualTo("12345\n");
    out.flush();
    assertThat(stderr()).isEqualTo("12345\n678\n");
  }

  @Test
  void aLineLargerThanTheBufferGoesOutWholeAfterWhatWasWaiting() {
    BatchedStderr out = new BatchedStderr(8);
    out.write(bytes("ab\n"), 0, 3);
    byte[] large = bytes("a line of more than eight bytes\n");
    out.write(large, 0, large.length);

    assertThat(stderr()).isEqualTo("ab\na line of more than eight bytes\n");
  }

  @Test
  void closingFlushesAndTheStreamStaysUsable() {
    BatchedStderr out = new BatchedStderr(64);
    out.write(bytes("before\n"), 0, 7);
    out.close();
    assertThat(stderr()).isEqualTo("before\n");

    out.write(bytes("after\n"), 0, 6);
    out.flush();
    assertThat(stderr()).isEqualTo("before\nafter\n");
  }

  @Test
  void afterTheExitFlushLinesAreWrittenThrough() {
    BatchedStderr out = new BatchedStderr(64);
    out.write(bytes("waiting\n"), 0, 8);
    out.writeThroughFromNowOn();
    assertThat(stderr()).isEqualTo("waiting\n");

    out.write(bytes("late\n"), 0, 5);
    out.write('!');
    assertThat(stderr()).isEqualTo("waiting\nlate\n!");
  }

  @Test
  void aStderrThatThrowsLosesItsBatchAndTheNextBatchGoesOut() {
    BatchedStderr out = new BatchedStderr(64);
    out.write(bytes("lost\n"), 0, 5);
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8) {
      @Override
      public void write(byte[] buf, int off, int len) {
        throw new IllegalStateException("stderr is broken");
      }
    });
    assertThatThrownBy(out::flush).isInstanceOf(IllegalStateException.class);
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));

    out.write(bytes("next\n"), 0, 5);
    out.flush();
    assertThat(stderr()).isEqualTo("next\n");
  }

  @Test
  void theSharedStreamIsFlushedOnItsOwn() throws Exception {
    BatchedStderr out = BatchedStderr.shared();
    out.write(bytes("scheduled\n"), 0, 10);

    // Not a timing assertion: the flusher only has to come round at all.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!stderr().contains("scheduled\n") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(stderr()).contains("scheduled\n");
  }

  private String stderr() {
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
