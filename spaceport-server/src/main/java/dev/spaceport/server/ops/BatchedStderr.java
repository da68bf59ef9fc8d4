package dev.spaceport.server.ops;

import java.io.OutputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Standard error for log lines, written in batches: lines collect in a buffer that goes out when it
 * is full, every {@value #FLUSH_EVERY_MILLIS} ms, and when the process exits. One {@code write}
 * per access line was about 2 µs of a get's ~45 µs of server CPU, and where stderr is a pipe
 * (journald, a container runtime) it also woke the reader once per request. The price: a line
 * reaches stderr up to {@value #FLUSH_EVERY_MILLIS} ms late, and a process killed outright
 * ({@code SIGKILL}, a JVM crash) loses the lines of its last {@value #FLUSH_EVERY_MILLIS} ms. A
 * normal exit, {@code SIGTERM} included, writes everything out first.
 *
 * <p>Bytes go to whatever {@link System#err} is when the batch is written, as logback's console
 * appender did, so tools that replace it still see the lines.
 */
final class BatchedStderr extends OutputStream {

  static final int BUFFER_BYTES = 64 * 1024;
  static final long FLUSH_EVERY_MILLIS = 50;
  private static BatchedStderr shared;

  private final byte[] buffer;
  private int count;

  BatchedStderr(int bufferBytes) {
    this.buffer = new byte[bufferBytes];
  }

  /**
   * The process's one batched stderr, flushed on a schedule and at exit: every appender
   * {@link Logging} makes writes to it, so lines stay in order across reconfigurations.
   */
  static synchronized BatchedStderr shared() {
    if (shared == null) {
      BatchedStderr out = new BatchedStderr(BUFFER_BYTES);
      ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spaceport-log-flush");
        t.setDaemon(true);
        return t;
      });
      flusher.scheduleWithFixedDelay(out::flush, FLUSH_EVERY_MILLIS, FLUSH_EVERY_MILLIS,
          TimeUnit.MILLISECONDS);
      Runtime.getRuntime().addShutdownHook(new Thread(out::flush, "spaceport-log-flush-at-exit"));
      shared = out;
    }
    return shared;
  }

  /** Flushes the shared stream, if there is one. */
  static void flushShared() {
    BatchedStderr out;
    synchronized (BatchedStderr.class) {
      out = shared;
    }
    if (out != null) {
      out.flush();
    }
  }

  @Override
  public synchronized void write(int b) {
    if (count == buffer.length) {
      writeBuffer();
    }
    buffer[count++] = (byte) b;
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    if (length > buffer.length - count) {
      writeBuffer();
      if (length > buffer.length) {
        System.err.write(bytes, offset, length);
        return;
      }
    }
    System.arraycopy(bytes, offset, buffer, count, length);
    count += length;
  }

  @Override
  public synchronized void flush() {
    writeBuffer();
    System.err.flush();
  }

  /** Flushes only: the stream is shared by every appender and outlives each of them. */
  @Override
  public void close() {
    flush();
  }

  private void writeBuffer() {
    if (count > 0) {
      System.err.write(buffer, 0, count);
      count = 0;
    }
  }
}
