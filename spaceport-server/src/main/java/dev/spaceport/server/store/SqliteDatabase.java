package dev.spaceport.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded store: one SQLite file in WAL mode. SQLite allows one writer at a time, so all
 * writes go through a single connection in arrival order (no SQLITE_BUSY retries), each in its
 * own savepoint, with concurrent writes sharing one commit ({@link GroupCommit}); reads use a
 * small pool of read-only connections that never block on the writer. {@code synchronous=FULL}
 * makes every commit durable before any write in it is acknowledged.
 *
 * <p>Query time is bounded as PostgreSQL's {@code statement_timeout} bounds it there: a unit of
 * work whose SQL runs longer than {@link #DEFAULT_QUERY_TIMEOUT_MS} (system property
 * {@value #QUERY_TIMEOUT_PROPERTY}) is interrupted by a progress handler and fails (503).
 * sqlite-jdbc's {@code Statement.setQueryTimeout} only sets the busy timeout, so it can't.
 */
public final class SqliteDatabase implements Database {

  private static final int READERS = 4;
  /** Most units sharing one commit; bounds how long the first waits for a busy queue. */
  static final int MAX_UNITS_PER_COMMIT = 256;
  /** How long one unit of work may spend running SQL. */
  public static final long DEFAULT_QUERY_TIMEOUT_MS = 5_000;
  public static final String QUERY_TIMEOUT_PROPERTY = "spaceport.sqlite.query-timeout-ms";
  /** SQLite VM instructions between two looks at the clock. */
  private static final int PROGRESS_INTERVAL = 10_000;
  /** The {@code System.nanoTime()} by which this thread's unit of work must be done; 0: none. */
  private static final ThreadLocal<long[]> DEADLINE = ThreadLocal.withInitial(() -> new long[1]);
  private static final ProgressHandler INTERRUPT_WHEN_LATE = new ProgressHandler() {
    @Override
    protected int progress() {
      long deadline = DEADLINE.get()[0];
      return deadline != 0 && System.nanoTime() - deadline > 0 ? 1 : 0;
    }
  };

  private final String url;
  private final Connection writer;
  private final GroupCommit writes;
  /** Keeps the FTS5 name indexes in few segments ({@link #maintain}); remembers its last merge. */
  private final NameIndexMerges nameIndexMerges = new NameIndexMerges(this);
  private final HikariDataSource readers;
  private final Transactions transactions;
  private final long queryTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(
      Long.getLong(QUERY_TIMEOUT_PROPERTY, DEFAULT_QUERY_TIMEOUT_MS));

  public SqliteDatabase(Path file) {
    this(file, new CompositeMeterRegistry());
  }

  /** @param metrics where transaction, write-queue and reader-pool metrics go */
  public SqliteDatabase(Path file, MeterRegistry metrics) {
    this.url = "jdbc:sqlite:" + file.toAbsolutePath();
    this.transactions = new Transactions(Dialect.SQLITE, new StatementCaches(), metrics);
    try {
      this.writer = DriverManager.getConnection(url, writerProperties());
      configure(writer, false);
      ProgressHandler.setHandler(writer, PROGRESS_INTERVAL, INTERRUPT_WHEN_LATE);
    } catch (SQLException e) {
      throw new StoreException("cannot open SQLite database " + file + ": " + e.getMessage(), e);
    }
    this.writes = new GroupCommit(new GroupCommit.Connections() {
      @Override
      public Connection take() {
        return writer;
      }

      @Override
      public void giveBack(Connection connection) {
        // The writer stays open for the next batch.
      }
    }, transactions, MAX_UNITS_PER_COMMIT, metrics);
    this.readers = readerPool(metrics);
  }

  /**
   * sqlite-jdbc by default follows every INSERT run through {@code executeUpdate} with a statement
   * of its own, {@code SELECT last_insert_rowid()}, for {@code getGeneratedKeys}: compiled and run
   * per insert on the writer. Nothing here asks for generated keys ({@link Tx#insert} reads the
   * new id with RETURNING), so the writer turns that off.
   */
  private static Properties writerProperties() {
    Properties properties = new Properties();
    properties.setProperty(SQLiteConfig.Pragma.JDBC_GET_GENERATED_KEYS.pragmaName, "false");
    return properties;
  }

  public String jdbcUrl() {
    return url;
  }

  /** The writer connection, for migrations only (they must run before readers open). */
  Connection writerConnection() {
    return writer;
  }

  private HikariDataSource readerPool(MeterRegistry metrics) {
    SQLiteDataSource source = new SQLiteDataSource() {
      @Override
      public SQLiteConnection getConnection(String user, String password) throws SQLException {
        SQLiteConnection c = super.getConnection(user, password);
        // Here, one PRAGMA per statement on a connection still in autocommit, not in Hikari's
        // connectionInitSql: that sends the whole string as one statement once autocommit is off
        // (foreign_keys is a no-op inside a transaction), and readers set up that way were found
        // neither query_only nor enforcing foreign keys (SqliteStoreSettingsTest).
        configure(c, true);
        ProgressHandler.setHandler(c, PROGRESS_INTERVAL, INTERRUPT_WHEN_LATE);
        return c;
      }
    };
    source.setUrl(url);
    HikariConfig config = new HikariConfig();
    config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
    config.setPoolName("sqlite-readers");
    config.setDataSource(source);
    config.setMaximumPoolSize(READERS);
    config.setMinimumIdle(1);
    config.setAutoCommit(false);
    config.setReadOnly(false); // query_only (configure) is SQLite's own, stricter read-only switch
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
      return bounded(() -> transactions.read(c, work));
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
    return bounded(() -> writes.write(work));
  }

  /** Runs {@code work} under this thread's query deadline (a nested unit keeps the outer one). */
  private <T> T bounded(java.util.function.Supplier<T> work) {
    long[] deadline = DEADLINE.get();
    long outer = deadline[0];
    long mine = System.nanoTime() + queryTimeoutNanos;
    deadline[0] = outer != 0 && outer - mine < 0 ? outer : (mine == 0 ? 1 : mine);
    try {
      return work.get();
    } finally {
      deadline[0] = outer;
    }
  }

  @Override
  public void maintain() {
    nameIndexMerges.run();
  }

  @Override
  public Optional<LongSupplier> writeEpoch() {
    return Optional.of(writes::epoch);
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
    writes.closeWith(() -> {
      try {
        writer.close();
      } catch (SQLException e) {
        throw new StoreException("closing SQLite: " + e.getMessage(), e);
      }
    });
  }
}
