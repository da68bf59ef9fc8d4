package dev.spaceport.server.store;

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
    if (databaseUrl == null || databaseUrl.isBlank()) {
      return openSqlite(dataDir.resolve(SQLITE_FILE_NAME));
    }
    if (!databaseUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "database URL must start with jdbc:postgresql: (got " + redact(databaseUrl) + ")");
    }
    PostgresDatabase db = new PostgresDatabase(databaseUrl, user, password);
    migrate(db.dataSource(), Dialect.POSTGRES);
    return db;
  }

  public static SqliteDatabase openSqlite(Path file) {
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
    return new SqliteDatabase(file);
  }

  /**
   * Flyway takes a database lock while it migrates (an advisory lock on PostgreSQL), so when several
   * nodes start at once one migrates and the others wait, then find nothing left to do.
   */
  private static void migrate(DataSource source, Dialect dialect) {
    Flyway.configure()
        .dataSource(source)
        .locations("classpath:db/migration")
        .placeholders(dialect.migrationPlaceholders())
        .load()
        .migrate();
  }

  private static String redact(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?…";
  }
}
