package dev.spaceport.server.store;

import dev.spaceport.server.testing.PostgresFixture;
import dev.spaceport.server.testing.TestServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.file.Path;
import java.util.function.Function;

/** Empty, unmigrated databases on the store this test run uses, for tests of the store layer. */
final class TestDatabases {

  private TestDatabases() {}

  /** A new database: a fresh PostgreSQL database, or a SQLite file in {@code dir}. */
  static Database fresh(Path dir) {
    return reopenable(dir).apply(new CompositeMeterRegistry());
  }

  /**
   * Opens one new database (as {@link #fresh}) each time it is called, with the metrics given:
   * for tests that close a database and open it again.
   */
  static Function<MeterRegistry, Database> reopenable(Path dir) {
    if (TestServer.onPostgres()) {
      String url = PostgresFixture.get().newDatabase();
      return metrics -> new PostgresDatabase(url, "postgres", null, metrics);
    }
    return metrics -> new SqliteDatabase(dir.resolve("store.db"), metrics);
  }
}
