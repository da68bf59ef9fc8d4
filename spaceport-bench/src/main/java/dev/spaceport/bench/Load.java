package dev.spaceport.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives load over keep-alive connections. {@link #maxRate} is closed-loop (each connection sends
 * its next request when the last one answers) and finds the throughput ceiling. {@link #fixedRate}
 * is open-loop: requests are due on a fixed schedule and latency is measured from when each was
 * due, so a stall counts against every request it delayed (no coordinated omission).
 */
final class Load {

  /** What one run measured: latencies in microseconds, requests answered, errors, seconds. */
  record Result(Histogram latencyMicros, long requests, long errors, double seconds) {
    double throughput() {
      return requests / seconds;
    }
  }

  private Load() {}

  /**
   * @param requestFor the request bytes for the n-th request of a connection (e.g. unique names)
   */
  static Result maxRate(int port, int connections, double seconds, IntFunction<byte[]> requestFor)
      throws Exception {
    return run(port, connections, seconds, 0, requestFor);
  }

  static Result fixedRate(int port, int connections, double seconds, double requestsPerSecond,
      IntFunction<byte[]> requestFor) throws Exception {
    return run(port, connections, seconds, requestsPerSecond, requestFor);
  }

  private static Result run(int port, int connections, double seconds, double rate,
      IntFunction<byte[]> requestFor) throws Exception {
    Recorder recorder = new Recorder(3);
    AtomicLong done = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime() + 50_000_000L;
    long end = start + (long) (seconds * 1e9);
    long interval = rate > 0 ? (long) (1e9 * connections / rate) : 0;
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      int connection = c;
      Thread t = new Thread(() -> {
        try (RawHttpConnection http = new RawHttpConnection(port)) {
          long due = start + (interval == 0 ? 0 : interval * connection / connections);
          int n = connection * 10_000_000;
          while (true) {
            long now = System.nanoTime();
            if (interval > 0) {
              if (due > now) {
                java.util.concurrent.locks.LockSupport.parkNanos(due - now);
              }
            } else {
              due = now;
            }
            if (due >= end) {
              break;
            }
            int status = http.exchange(requestFor.apply(n++));
            long finished = System.nanoTime();
            if (status >= 400) {
              errors.incrementAndGet();
            }
            recorder.recordValue(Math.max(1, (finished - due) / 1_000));
            done.incrementAndGet();
            if (interval > 0) {
              due += interval;
            }
          }
        } catch (IOException e) {
          errors.incrementAndGet();
        }
      }, "load-" + c);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    return new Result(recorder.getIntervalHistogram(), done.get(), errors.get(),
        Math.min(elapsed, seconds));
  }
}
