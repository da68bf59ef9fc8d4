package dev.spaceport.server.store;

import dev.spaceport.server.testing.PostgresFixture;
import dev.spaceport.server.testing.TestServer;
import java.nio.file.Path;

/** Empty, unmigrated databases on the store this test run uses, for tests of the store layer. */
final class TestDatabases {

  private TestDatabases() {}

  /** A new database: a fresh PostgreSQL database, or a SQLite file in {@code dir}. */
  static Database fresh(Path dir) {
    return TestServer.onPostgres()
        ? new PostgresDatabase(PostgresFixture.get().newDatabase(), "postgres", null)
        : new SqliteDatabase(dir.resolve("store.db"));
  }
}
