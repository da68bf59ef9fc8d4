package dev.spaceport.server.http;

import dev.spaceport.server.access.Caller;
import io.javalin.http.Context;
import io.javalin.http.Header;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cap on the requests one API key may have in progress on this node at once, so one client (a
 * runaway script, a retry storm, clients trickling bodies) can't take all of a node's threads and
 * store connections. Over the cap: 429 with {@code Retry-After: 1}, naming the cause.
 *
 * <p>A request takes a slot after authentication, before its body is read (a slow upload holds
 * one), and gives it back exactly once: normally in an after-handler, before the response is sent,
 * so a client that sends its next request as soon as it has the answer always finds the slot free;
 * and in any case when the request leaves the servlet ({@link #releasingFilter()}, a
 * {@code finally} around all of Javalin), whatever happened — an exception, an error page, a
 * client that went away, a body that timed out.
 *
 * <p>Per node, by design: the cap protects the node's own threads and connections, and a slot held
 * in a shared store would outlive a node that dies holding it.
 */
public final class ConcurrencyLimiter {

  /** The request attribute holding the request's slot, if it took one. */
  private static final String SLOT = "spaceport.concurrency-slot";
  /** Whole seconds a refused client is told to wait: requests usually finish well within that. */
  static final int RETRY_AFTER_SECONDS = 1;

  private final int max;
  private final Runnable onReject;
  /**
   * Requests in progress per key id. A key's counter stays between its requests, until
   * {@link #forgetIdle} drops it: removing the entry when a key's last request ended and adding
   * one with its next would churn map nodes per request, and a removed node keeps its link to the
   * next one in its bin, so two busy keys in one bin could chain dead nodes that young
   * collections keep alive once one is old (the leak {@code StatementCache} had).
   */
  private final ConcurrentHashMap<Long, AtomicInteger> inProgress = new ConcurrentHashMap<>();

  /**
   * @param maxPerKey requests one key may have in progress at once; 0 turns the cap off
   * @param onReject called once for every request refused with 429 (metrics)
   */
  public ConcurrencyLimiter(int maxPerKey, Runnable onReject) {
    if (maxPerKey < 0) {
      throw new IllegalArgumentException("maxPerKey must be >= 0");
    }
    this.max = maxPerKey;
    this.onReject = onReject;
  }

  /** Takes a slot for the caller's request, or throws a 429 when the key has none left. */
  public void acquire(Context ctx, Caller caller) {
    if (max == 0 || ctx.attribute(SLOT) != null) {
      return;
    }
    AtomicInteger counter = take(caller.keyId());
    if (counter == null) {
      onReject.run();
      ctx.header(Header.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
      throw ApiProblem.of(429, "Too Many Requests", "this API key already has " + max
          + " requests in progress, the most allowed at once; retry after "
          + RETRY_AFTER_SECONDS + " s, or wait for one to finish");
    }
    ctx.attribute(SLOT, new Slot(counter));
  }

  /**
   * The key's counter with one more request counted in progress, or null if it already had
   * {@code max}. Counted under the map's lock for the key, so {@link #forgetIdle} never drops a
   * counter a request holds.
   */
  AtomicInteger take(long keyId) {
    AtomicInteger[] taken = {null};
    inProgress.compute(keyId, (k, counter) -> {
      AtomicInteger held = counter == null ? new AtomicInteger() : counter;
      if (held.get() < max) {
        held.incrementAndGet();
        taken[0] = held;
      }
      return held;
    });
    return taken[0];
  }

  /** Gives the request's slot back, if it holds one that is not given back yet. */
  public void release(Context ctx) {
    release(ctx.<Slot>attribute(SLOT));
  }

  private void release(Object slot) {
    if (slot instanceof Slot s && s.released.compareAndSet(false, true)) {
      s.counter.decrementAndGet();
    }
  }

  /** Drops the counters of keys with no request in progress (housekeeping). */
  public void forgetIdle() {
    for (Long key : inProgress.keySet()) {
      inProgress.computeIfPresent(key, (k, counter) -> counter.get() == 0 ? null : counter);
    }
  }

  /** How many keys have a counter (for tests). */
  int keysTracked() {
    return inProgress.size();
  }

  /**
   * A servlet filter that gives back, when the request leaves Javalin by whatever path, the slot
   * it took and did not give back yet. Install it in front of Javalin's servlet.
   */
  public Filter releasingFilter() {
    return new Filter() {
      @Override
      public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
          throws IOException, ServletException {
        try {
          chain.doFilter(request, response);
        } finally {
          release(request.getAttribute(SLOT));
        }
      }
    };
  }

  /** One request's hold on one of its key's slots; given back at most once. */
  private static final class Slot {
    final AtomicInteger counter;
    final AtomicBoolean released = new AtomicBoolean();

    Slot(AtomicInteger counter) {
      this.counter = counter;
    }
  }
}
