package dev.spaceport.server.http;

import dev.spaceport.server.access.Caller;
import dev.spaceport.server.store.Database;
import dev.spaceport.server.store.PostgresDatabase;
import dev.spaceport.server.store.StoreException;
import io.javalin.http.Context;
import io.javalin.http.Header;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * Per-API-key throttling with GCRA (the generic cell rate algorithm: a token bucket kept as one
 * number per key, the "theoretical arrival time", TAT). {@code rate} requests per second are
 * allowed on average, bursts up to twice that. Over the limit: 429 with {@code Retry-After} in
 * whole seconds. Every answered request carries {@code RateLimit-Limit} and
 * {@code RateLimit-Remaining}.
 *
 * <p>Where the TATs live depends on the store, and {@link #forStore} is the one place that
 * decides:
 * <ul>
 *   <li>PostgreSQL (several nodes): in the database, so all nodes share one bucket per key
 *       ({@link SharedArrivals}: one atomic upsert per request on an unlogged table, on the
 *       database's clock);
 *   <li>SQLite (one node by design): in this node's memory ({@link LocalArrivals}), which is then
 *       the whole truth, at no cost per request.
 * </ul>
 */
public final class RateLimiter {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  static final String LIMIT_HEADER = "RateLimit-Limit";
  static final String REMAINING_HEADER = "RateLimit-Remaining";
  /** Every header the per-key limits (this and {@link ConcurrencyLimiter}) may add to an answer. */
  static final List<String> HEADERS = List.of(LIMIT_HEADER, REMAINING_HEADER, Header.RETRY_AFTER);
  /** What {@link Arrivals#take} answers for a refused request. */
  static final long REFUSED = -1;

  /**
   * The store of TATs. One call admits or refuses one request of a key atomically: with
   * {@code base = max(tat, now)}, the request is admitted when {@code base - now <= tolerance},
   * and then the key's TAT becomes {@code base + interval}; a refused request changes nothing.
   */
  interface Arrivals {
    /**
     * @return for an admitted request its key's new TAT minus now (nanoseconds, at least
     *     {@code interval}); {@link #REFUSED} for a refused one
     */
    long take(long keyId, long interval, long tolerance);

    /** Forgets keys whose TAT has passed (a full bucket is the same as no entry). */
    void forgetIdle();
  }

  private final int rate;
  private final long interval;
  private final long tolerance;
  private final Arrivals arrivals;
  private final Runnable onReject;

  /** A limiter holding its state in this node's memory, on {@code nanoClock}. */
  public RateLimiter(int requestsPerSecond, LongSupplier nanoClock) {
    this(requestsPerSecond, nanoClock, () -> { });
  }

  /** @param onReject called once for every request refused with 429 (metrics) */
  public RateLimiter(int requestsPerSecond, LongSupplier nanoClock, Runnable onReject) {
    this(requestsPerSecond, new LocalArrivals(nanoClock), onReject);
  }

  private RateLimiter(int requestsPerSecond, Arrivals arrivals, Runnable onReject) {
    if (requestsPerSecond < 0) {
      throw new IllegalArgumentException("requestsPerSecond must be >= 0");
    }
    this.rate = requestsPerSecond;
    this.interval = requestsPerSecond == 0 ? 0 : NANOS_PER_SECOND / requestsPerSecond;
    this.tolerance = interval * (2L * requestsPerSecond - 1);
    this.arrivals = arrivals;
    this.onReject = onReject;
  }

  /**
   * The limiter for a server on {@code db}: state shared through the database on PostgreSQL, in
   * memory on SQLite (see the class comment).
   */
  public static RateLimiter forStore(int requestsPerSecond, Database db, Runnable onReject) {
    Arrivals arrivals = switch (db.dialect()) {
      case POSTGRES -> new SharedArrivals(((PostgresDatabase) db).dataSource());
      case SQLITE -> new LocalArrivals(System::nanoTime);
    };
    return new RateLimiter(requestsPerSecond, arrivals, onReject);
  }

  public boolean isEnabled() {
    return rate > 0;
  }

  /** Admits the caller's request or throws a 429. */
  public void admit(Context ctx, Caller caller) {
    if (rate == 0) {
      return;
    }
    long ahead = arrivals.take(caller.keyId(), interval, tolerance);
    if (ahead == REFUSED) {
      // A refused request's key was admitted at most one interval too early (see Arrivals), so
      // the wait is at most one interval: for any whole number of requests per second, 1 s.
      long seconds = Math.max(1, (interval + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
      ctx.header(Header.RETRY_AFTER, Long.toString(seconds));
      headers(ctx, 0);
      onReject.run();
      throw ApiProblem.of(429, "Too Many Requests",
          "this API key is over its limit of " + rate + " requests per second; retry after "
              + seconds + " s");
    }
    headers(ctx, (tolerance + interval - ahead) / interval);
  }

  /** Forgets the state of keys that have been idle long enough to have a full bucket. */
  public void forgetIdle() {
    if (rate > 0) {
      arrivals.forgetIdle();
    }
  }

  private void headers(Context ctx, long remaining) {
    ctx.header(LIMIT_HEADER, Integer.toString(2 * rate));
    ctx.header(REMAINING_HEADER, Long.toString(Math.max(0, remaining)));
  }

  /** TATs in this node's memory, on a monotonic clock. */
  static final class LocalArrivals implements Arrivals {

    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<Long, AtomicLong> tats = new ConcurrentHashMap<>();

    LocalArrivals(LongSupplier nanoClock) {
      this.nanoClock = nanoClock;
    }

    @Override
    public long take(long keyId, long interval, long tolerance) {
      AtomicLong tat = tats.computeIfAbsent(keyId, k -> new AtomicLong(Long.MIN_VALUE));
      long now = nanoClock.getAsLong();
      while (true) {
        long current = tat.get();
        long base = current == Long.MIN_VALUE || current < now ? now : current;
        if (base - now > tolerance) {
          return REFUSED;
        }
        long next = base + interval;
        if (tat.compareAndSet(current, next)) {
          return next - now;
        }
      }
    }

    @Override
    public void forgetIdle() {
      long now = nanoClock.getAsLong();
      // A request racing with the removal may count against the removed entry: that key, whose
      // bucket was full, gets one request more. Harmless, and only for keys idle until now.
      tats.values().removeIf(tat -> tat.get() == Long.MIN_VALUE || tat.get() < now);
    }
  }

  /**
   * TATs in PostgreSQL, shared by every node on the database, so N nodes allow a key the rate
   * once, not N times. Table {@code rate_limits} (migration {@code db/postgres/V21_1}): one row per
   * key, {@code UNLOGGED} because it needs no durability — after a crash PostgreSQL empties it,
   * which only refills every bucket. One request is one statement, one round trip:
   *
   * <ul>
   *   <li>an upsert that PostgreSQL runs atomically per key ({@code ON CONFLICT DO UPDATE} locks the
   *       row and evaluates its {@code WHERE} on the latest version), so concurrent requests on
   *       any nodes are admitted as if one after another; a refused request updates nothing and
   *       returns no row;
   *   <li>"now" is the database's {@code clock_timestamp()}, so the nodes' clocks don't matter;
   *   <li>autocommit, and {@code synchronous_commit} off for that transaction only (set_config
   *       with is_local): the commit never waits for a WAL flush. (Writing only an unlogged table
   *       writes no WAL of its own anyway; this makes sure of it.)
   * </ul>
   */
  static final class SharedArrivals implements Arrivals {

    /** Nanoseconds since the epoch on the database's clock (microsecond resolution). */
    private static final String NOW =
        "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint * 1000";
    private static final String TAKE = """
        WITH clock AS MATERIALIZED (
            SELECT %s AS now, set_config('synchronous_commit', 'off', true) AS sync)
        INSERT INTO rate_limits AS r (key_id, tat)
        SELECT ?, clock.now + ? FROM clock
        ON CONFLICT (key_id) DO UPDATE
            SET tat = GREATEST(r.tat, EXCLUDED.tat - ?) + ?
            WHERE r.tat - (EXCLUDED.tat - ?) <= ?
        RETURNING r.tat - (SELECT now FROM clock)""".formatted(NOW);
    private static final String FORGET = "DELETE FROM rate_limits WHERE tat < " + NOW;

    private final DataSource dataSource;

    SharedArrivals(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    @Override
    public long take(long keyId, long interval, long tolerance) {
      // EXCLUDED.tat is now + interval: the TAT of a key seen for the first time (base = now).
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(true);
        try (PreparedStatement ps = c.prepareStatement(TAKE)) {
          ps.setLong(1, keyId);
          ps.setLong(2, interval);
          ps.setLong(3, interval);
          ps.setLong(4, interval);
          ps.setLong(5, interval);
          ps.setLong(6, tolerance);
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : REFUSED;
          }
        }
      } catch (SQLException e) {
        throw new StoreException("rate limit state: " + e.getMessage(), e);
      }
    }

    @Override
    public void forgetIdle() {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(true);
        try (PreparedStatement ps = c.prepareStatement(FORGET)) {
          ps.executeUpdate();
        }
      } catch (SQLException e) {
        throw new StoreException("rate limit state: " + e.getMessage(), e);
      }
    }
  }
}
