package dev.spaceport.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded store: one SQLite file in WAL mode. SQLite allows one writer at a time, so all
 * writes go through a single connection under a fair lock (no SQLITE_BUSY retries, FIFO under
 * load); reads use a small pool of read-only connections that never block on the writer.
 * {@code synchronous=FULL} makes every commit durable before it is acknowledged.
 */
public final class SqliteDatabase implements Database {

  private static final int READERS = 4;

  private final String url;
  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final HikariDataSource readers;
  private final Transactions transactions;
  private final Timer writeLockWait;

  public SqliteDatabase(Path file) {
    this(file, new CompositeMeterRegistry());
  }

  /** @param metrics where transaction, write-queue and reader-pool metrics go */
  public SqliteDatabase(Path file, MeterRegistry metrics) {
    this.url = "jdbc:sqlite:" + file.toAbsolutePath();
    this.transactions = new Transactions(Dialect.SQLITE, metrics);
    this.writeLockWait = Timer.builder("spaceport.store.write.lock.wait")
        .description("Time a SQLite write waited for the single writer connection")
        .register(metrics);
    try {
      this.writer = DriverManager.getConnection(url);
      configure(writer, false);
    } catch (SQLException e) {
      throw new StoreException("cannot open SQLite database " + file + ": " + e.getMessage(), e);
    }
    this.readers = readerPool(metrics);
  }

  public String jdbcUrl() {
    return url;
  }

  /** The writer connection, for migrations only (they must run before readers open). */
  Connection writerConnection() {
    return writer;
  }

  private HikariDataSource readerPool(MeterRegistry metrics) {
    HikariConfig config = new HikariConfig();
    config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
    config.setPoolName("sqlite-readers");
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(READERS);
    config.setMinimumIdle(1);
    config.setAutoCommit(false);
    config.setReadOnly(false); // query_only below is SQLite's own, stricter read-only switch
    config.setConnectionInitSql(
        "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; PRAGMA query_only=ON");
    return new HikariDataSource(config);
  }

  private static void configure(Connection c, boolean readOnly) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=FULL");
      s.execute("PRAGMA foreign_keys=ON");
      s.execute("PRAGMA busy_timeout=5000");
      if (readOnly) {
        s.execute("PRAGMA query_only=ON");
      }
    }
  }

  @Override
  public <T> T read(TxWork<T> work) {
    try (Connection c = readers.getConnection()) {
      return transactions.read(c, work);
    } catch (SQLException e) {
      throw new StoreException("cannot get a read connection: " + e.getMessage(), e);
    }
  }

  @Override
  public <T> T write(TxWork<T> work) {
    Tx open = transactions.currentWrite();
    if (open != null) {
      return transactions.join(open, work);
    }
    long waitStart = System.nanoTime();
    writeLock.lock();
    writeLockWait.record(System.nanoTime() - waitStart, TimeUnit.NANOSECONDS);
    try {
      return transactions.write(writer, work);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public Dialect dialect() {
    return Dialect.SQLITE;
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
    readers.close();
    writeLock.lock();
    try {
      writer.close();
    } catch (SQLException e) {
      throw new StoreException("closing SQLite: " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }
}
