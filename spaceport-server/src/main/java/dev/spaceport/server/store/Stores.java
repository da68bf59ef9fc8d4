package dev.spaceport.server.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteDataSource;

/** Opens the configured store and brings its schema up to date before anything else touches it. */
public final class Stores {

  public static final String SQLITE_FILE_NAME = "spaceport.db";

  private Stores() {}

  public static Database open(Path dataDir, String databaseUrl, String user, String password) {
    return open(dataDir, databaseUrl, user, password, new CompositeMeterRegistry());
  }

  /** Opens the store, reporting its transaction and pool metrics to {@code metrics}. */
  public static Database open(Path dataDir, String databaseUrl, String user, String password,
      MeterRegistry metrics) {
    if (databaseUrl == null || databaseUrl.isBlank()) {
      return openSqlite(dataDir.resolve(SQLITE_FILE_NAME), metrics);
    }
    if (!databaseUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "database URL must start with jdbc:postgresql: (got " + redact(databaseUrl) + ")");
    }
    PostgresDatabase db = new PostgresDatabase(databaseUrl, user, password, metrics);
    migrate(db.dataSource(), Dialect.POSTGRES);
    return db;
  }

  public static SqliteDatabase openSqlite(Path file) {
    return openSqlite(file, new CompositeMeterRegistry());
  }

  public static SqliteDatabase openSqlite(Path file, MeterRegistry metrics) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (java.io.IOException e) {
      throw new StoreException("cannot create data directory for " + file, e);
    }
    SQLiteDataSource migrationSource = new SQLiteDataSource();
    migrationSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    migrationSource.setEnforceForeignKeys(true);
    // Migrate before the long-lived connections open so they never see a half-built schema.
    migrate(migrationSource, Dialect.SQLITE);
    return new SqliteDatabase(file, metrics);
  }

  /**
   * Seconds a node waits for another node's migration before it gives up starting. Flyway's own
   * default is 50 (one try a second), which a long migration on a big database (building an index)
   * can outlast.
   */
  static final int MIGRATION_LOCK_WAIT_SECONDS = 600;

  /**
   * On PostgreSQL, Flyway runs under an advisory lock ({@code pg_try_advisory_xact_lock}, tried once
   * a second), so when several nodes start at once one migrates and the others wait, then find
   * nothing left to do (MigrationLockTest). A node that waits longer than
   * {@link #MIGRATION_LOCK_WAIT_SECONDS} fails to start; started again, it finds the work done.
   */
  private static void migrate(DataSource source, Dialect dialect) {
    Flyway.configure()
        .dataSource(source)
        .locations(dialect.migrationLocations().toArray(String[]::new))
        .placeholders(dialect.migrationPlaceholders())
        .lockRetryCount(MIGRATION_LOCK_WAIT_SECONDS)
        .load()
        .migrate();
  }

  private static String redact(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?…";
  }
}
