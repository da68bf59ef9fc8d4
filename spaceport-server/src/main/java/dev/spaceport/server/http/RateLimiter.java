package dev.spaceport.server.http;

import dev.spaceport.server.access.Caller;
import io.javalin.http.Context;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Per-API-key throttling with GCRA (the generic cell rate algorithm: a token bucket kept as one
 * number per key, the "theoretical arrival time"). {@code rate} requests per second are allowed
 * on average, bursts up to twice that. Over the limit: 429 with {@code Retry-After} in whole
 * seconds. Every answered request carries {@code RateLimit-Limit} and {@code RateLimit-Remaining}.
 *
 * <p>State is per server node: with several nodes each allows the rate on its own.
 */
public final class RateLimiter {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final int rate;
  private final long interval;
  private final long tolerance;
  private final LongSupplier nanoClock;
  private final Runnable onReject;
  private final ConcurrentHashMap<Long, AtomicLong> arrivals = new ConcurrentHashMap<>();

  public RateLimiter(int requestsPerSecond, LongSupplier nanoClock) {
    this(requestsPerSecond, nanoClock, () -> { });
  }

  /** @param onReject called once for every request refused with 429 (metrics) */
  public RateLimiter(int requestsPerSecond, LongSupplier nanoClock, Runnable onReject) {
    this.onReject = onReject;
    this.rate = requestsPerSecond;
    this.interval = requestsPerSecond == 0 ? 0 : NANOS_PER_SECOND / requestsPerSecond;
    this.tolerance = interval * (2L * requestsPerSecond - 1);
    this.nanoClock = nanoClock;
  }

  public boolean isEnabled() {
    return rate > 0;
  }

  /** Admits the caller's request or throws a 429. */
  public void admit(Context ctx, Caller caller) {
    if (rate == 0) {
      return;
    }
    AtomicLong tat = arrivals.computeIfAbsent(caller.keyId(), k -> new AtomicLong(Long.MIN_VALUE));
    long now = nanoClock.getAsLong();
    while (true) {
      long current = tat.get();
      long base = current == Long.MIN_VALUE || current < now ? now : current;
      long next = base + interval;
      if (next - now > tolerance + interval) {
        long waitNanos = next - now - tolerance - interval;
        long seconds = Math.max(1, (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
        ctx.header("Retry-After", Long.toString(seconds));
        headers(ctx, 0);
        onReject.run();
        throw ApiProblem.of(429, "Too Many Requests",
            "this API key is over its limit of " + rate + " requests per second; retry after "
                + seconds + " s");
      }
      if (tat.compareAndSet(current, next)) {
        headers(ctx, (tolerance + interval - (next - now)) / interval);
        return;
      }
    }
  }

  private void headers(Context ctx, long remaining) {
    ctx.header("RateLimit-Limit", Integer.toString(2 * rate));
    ctx.header("RateLimit-Remaining", Long.toString(Math.max(0, remaining)));
  }
}
