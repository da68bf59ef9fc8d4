package dev.spaceport.server.ops;

import java.io.OutputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Standard error for log lines, written in batches: lines collect in a buffer that goes out when it
 * is full, about every {@value #FLUSH_EVERY_MILLIS} ms, when the server closes or fails to start
 * ({@link Logging#flush}), and when the process exits, after which lines are written through. One
 * {@code write} per line cost a request ~0.35 µs of CPU into {@code /dev/null} and ~0.7 µs into a
 * pipe, where it also woke the reader (journald, a container runtime) once per request
 * (bench/NOTES.md, "Eighth pass"). The price: a line reaches stderr about
 * {@value #FLUSH_EVERY_MILLIS} ms late, and a process killed outright ({@code SIGKILL}, a JVM
 * crash) loses its last ~{@value #FLUSH_EVERY_MILLIS} ms of lines (at most a buffer's worth).
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
  /** Set at exit: JVM shutdown hooks run concurrently, and lines may follow the exit flush. */
  private boolean writeThrough;

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
      Runtime.getRuntime().addShutdownHook(
          new Thread(out::writeThroughFromNowOn, "spaceport-log-flush-at-exit"));
      ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spaceport-log-flush");
        t.setDaemon(true);
        return t;
      });
      flusher.scheduleWithFixedDelay(out::flushOnSchedule, FLUSH_EVERY_MILLIS,
          FLUSH_EVERY_MILLIS, TimeUnit.MILLISECONDS);
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
    if (writeThrough) {
      writeBuffer();
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    if (writeThrough || length > buffer.length - count) {
      writeBuffer();
      if (writeThrough || length > buffer.length) {
        System.err.write(bytes, offset, length);
        return;
      }
    }
    System.arraycopy(bytes, offset, buffer, count, length);
    count += length;
  }

  @Override
  public synchronized void flush() {
    if (count > 0) {
      writeBuffer();
      System.err.flush();
    }
  }

  /** Flushes only: the stream is shared by every appender and outlives each of them. */
  @Override
  public void close() {
    flush();
  }

  synchronized void writeThroughFromNowOn() {
    flush();
    writeThrough = true;
  }

  /**
   * The scheduled flush. A scheduled task that throws is never run again, and the lines would then
   * wait for a full buffer, hours on a quiet server; so a failure (a replaced {@code System.err}
   * that throws) is dropped here, with that batch, and the next flush tries again. A broken stderr
   * has nowhere to report to.
   */
  private void flushOnSchedule() {
    try {
      flush();
    } catch (RuntimeException e) {
      // dropped: see above
    }
  }

  private void writeBuffer() {
    if (count > 0) {
      try {
        System.err.write(buffer, 0, count);
      } finally {
        count = 0;
      }
    }
  }
}
