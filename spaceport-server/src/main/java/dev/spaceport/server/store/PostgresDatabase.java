package dev.spaceport.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * PostgreSQL through a HikariCP pool, for several stateless server nodes on one database. Every
 * connection runs with a statement timeout and synchronous commit, so an acknowledged write is on
 * disk and no query holds a connection forever.
 *
 * <p>Writes go through a few group-commit lanes ({@link WriteLanes}): concurrent writes share a
 * transaction and its commit, which halves the database's CPU per create under load (a JDBC
 * harness, 16 creates per transaction against one each: ~200 against ~350 µs). A batch holds its
 * row locks until it commits (at most {@link GroupCommit#MAX_OPEN_NANOS} after it opened, plus its
 * units' own time), so two batches can deadlock where two single writes would only have waited;
 * PostgreSQL then fails one statement, and its write is run again ({@link #write}).
 */
public final class PostgresDatabase implements Database {

  private static final int POOL_SIZE = 16;
  private static final int STATEMENT_TIMEOUT_MS = 5_000;
  /**
   * Most units in one PostgreSQL batch. Each unit after the first is a subtransaction, and a
   * transaction with more than 64 of them (PGPROC_MAX_CACHED_SUBXIDS) makes every other session's
   * snapshot look its subtransactions up on disk while it is open.
   */
  static final int MAX_UNITS_PER_COMMIT = 32;
  /**
   * How many batches may be open at once; a system property, for tuning on other machines. Two
   * measured best on the benchmark's two cores, with the database on them too: creates/s
   * 3,162–3,538 with one lane, 4,086–4,816 with two, 3,460–3,569 with four, 2,619–2,705 with eight
   * (bench/NOTES.md, "Ninth pass").
   */
  public static final String WRITE_LANES_PROPERTY = "spaceport.postgres.write-lanes";
  private static final int DEFAULT_WRITE_LANES = 2;
  /** How often a write that lost a deadlock or a serialization conflict is run in all. */
  private static final int WRITE_ATTEMPTS = 3;

  private final HikariDataSource pool;
  private final Transactions transactions;
  private final WriteLanes lanes;
  private final Counter requirementFailures;

  public PostgresDatabase(String url, String user, String password) {
    this(url, user, password, new CompositeMeterRegistry());
  }

  /** @param metrics where transaction and pool metrics go */
  public PostgresDatabase(String url, String user, String password, MeterRegistry metrics) {
    this.transactions = new Transactions(Dialect.POSTGRES, null, metrics);
    HikariConfig config = new HikariConfig();
    config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
    config.setPoolName("postgres");
    PostgresUrl.Resolved resolved = PostgresUrl.resolve(url);
    if (resolved.socket() != null && !Files.exists(resolved.socket())) {
      // The driver would name only "localhost" and its port; the path is what to check.
      throw new IllegalArgumentException("database URL: no PostgreSQL socket at "
          + resolved.socket() + " (is PostgreSQL running, on that port, with that socket "
          + "directory?)");
    }
    config.setJdbcUrl(resolved.driverUrl());
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setAutoCommit(false);
    // plan_cache_mode stays at its default: the statements whose plan depends on their arguments
    // (name filters) ask for a plan per use themselves (Tx.Statement.plannedPerUse), and every
    // other statement keeps the plan PostgreSQL caches for it.
    config.setConnectionInitSql("SET statement_timeout = " + STATEMENT_TIMEOUT_MS
        + "; SET synchronous_commit = on");
    this.pool = new HikariDataSource(config);
    GroupCommit.Connections pooled = new GroupCommit.Connections() {
      @Override
      public Connection take() throws SQLException {
        return pool.getConnection();
      }

      @Override
      public void giveBack(Connection connection) {
        try {
          connection.close(); // back to the pool, which rolls back whatever is left open
        } catch (SQLException e) {
          // The pool has already evicted it; nothing of a batch is left to lose.
        }
      }
    };
    this.requirementFailures = Counter.builder("spaceport.store.write.requirement.failures")
        .description("Writes refused, having written nothing, because a requirement sent with"
            + " them no longer held (their callers then do them the long way)")
        .register(metrics);
    this.lanes = new WriteLanes(Integer.getInteger(WRITE_LANES_PROPERTY, DEFAULT_WRITE_LANES),
        () -> new GroupCommit(pooled, transactions, MAX_UNITS_PER_COMMIT, metrics));
  }

  public DataSource dataSource() {
    return pool;
  }

  @Override
  public <T> T read(TxWork<T> work) {
    try (Connection c = pool.getConnection()) {
      return transactions.read(c, work);
    } catch (SQLException e) {
      throw new StoreException("cannot get a database connection: " + e.getMessage(), e);
    }
  }

  @Override
  public <T> T readEach(TxWork<T> work) {
    try (Connection c = pool.getConnection()) {
      return transactions.autocommitRead(c, work);
    } catch (SQLException e) {
      throw new StoreException("cannot get a database connection: " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code work} in a group-commit lane, or inside this thread's open write. A write that
   * PostgreSQL chose as a deadlock's victim, or failed for a serialization conflict, wrote nothing
   * (its unit was rolled back) and is run again once the batches open on this node at that
   * moment have ended ({@link WriteLanes#awaitOpenBatchesEnded}), up to {@value #WRITE_ATTEMPTS}
   * times in all. PostgreSQL finds a deadlock only after {@code deadlock_timeout} (1 s by
   * default), and until then both lanes' writers wait: writes that lock rows already there, in
   * differing orders, from two batches at once are what it takes; a create locks only its new
   * rows.
   */
  @Override
  public <T> T write(TxWork<T> work) {
    Tx open = transactions.currentWrite();
    if (open != null) {
      return transactions.join(open, work);
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return lanes.write(work);
      } catch (RequirementFailed e) {
        requirementFailures.increment();
        throw e;
      } catch (RuntimeException e) {
        if (attempt == WRITE_ATTEMPTS || !Dialect.POSTGRES.isRetryableConflict(e)) {
          throw e;
        }
        // At most one statement timeout: batches end in milliseconds, and a rerun should wait
        // for a stuck one no longer than a statement would wait for a lock.
        lanes.awaitOpenBatchesEnded(TimeUnit.MILLISECONDS.toNanos(STATEMENT_TIMEOUT_MS));
      }
    }
  }

  @Override
  public Dialect dialect() {
    return Dialect.POSTGRES;
  }

  @Override
  public boolean isReachable() {
    try {
      return read(tx -> tx.exists("SELECT 1"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    lanes.close();
    pool.close();
  }
}
