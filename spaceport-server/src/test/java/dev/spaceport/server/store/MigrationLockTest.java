package dev.spaceport.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spaceport.server.testing.PostgresFixture;
import dev.spaceport.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * What docs/deployment.md promises about upgrades with several nodes on PostgreSQL: nodes that
 * start together migrate once (one migrates, the others wait and then find nothing to do), and a
 * node waits while another holds the migration lock. PostgreSQL pass only.
 */
class MigrationLockTest {

  /**
   * Flyway's advisory lock key for our schema history table (flyway-database-postgresql:
   * PostgreSQLAdvisoryLockTemplate's magic number plus the table name's hash). If a Flyway upgrade
   * changes it, {@link #aNodeWaitsWhileAnotherHoldsTheMigrationLock} fails and this needs a look.
   */
  static final long FLYWAY_LOCK = 77431708279161L
      + "\"public\".\"flyway_schema_history\"".hashCode();

  @Test
  void nodesStartingTogetherMigrateOnce() throws Exception {
    assumeTrue(TestServer.onPostgres(), "Flyway's lock matters where several nodes share a store");
    String url = PostgresFixture.get().newDatabase();
    int nodes = 4;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    List<Future<Database>> opened = new ArrayList<>();
    try {
      for (int i = 0; i < nodes; i++) {
        Path dir = Files.createTempDirectory("spaceport-migrate-");
        opened.add(pool.submit(() -> {
          go.await();
          return Stores.open(dir, url, "postgres", null);
        }));
      }
      go.countDown();
      for (Future<Database> f : opened) {
        try (Database db = f.get(120, TimeUnit.SECONDS)) {
          assertThat(db.isReachable()).isTrue();
        }
      }
    } finally {
      pool.shutdownNow();
    }
    try (Connection c = DriverManager.getConnection(url, "postgres", null);
        Statement s = c.createStatement()) {
      List<String> versions = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT version, success FROM flyway_schema_history "
          + "WHERE version IS NOT NULL ORDER BY installed_rank")) {
        while (rs.next()) {
          assertThat(rs.getBoolean("success")).isTrue();
          versions.add(rs.getString("version"));
        }
      }
      // Each applied exactly once, in order (the list grows with every new migration).
      assertThat(versions).doesNotHaveDuplicates().startsWith("1", "2", "2.1");
      try (ResultSet rs = s.executeQuery("SELECT indexname FROM pg_indexes "
          + "WHERE indexname LIKE '%_name_trgm' ORDER BY 1")) {
        List<String> indexes = new ArrayList<>();
        while (rs.next()) {
          indexes.add(rs.getString(1));
        }
        assertThat(indexes).containsExactly("organizations_name_trgm", "spaces_name_trgm");
      }
    }
  }

  @Test
  void aNodeWaitsWhileAnotherHoldsTheMigrationLock() throws Exception {
    assumeTrue(TestServer.onPostgres(), "Flyway's lock matters where several nodes share a store");
    String url = PostgresFixture.get().newDatabase();
    Path dir = Files.createTempDirectory("spaceport-migrate-");
    try (Connection holder = DriverManager.getConnection(url, "postgres", null);
        Statement s = holder.createStatement()) {
      s.execute("SELECT pg_advisory_lock(" + FLYWAY_LOCK + ")");
      CompletableFuture<Database> node = CompletableFuture.supplyAsync(
          () -> Stores.open(dir, url, "postgres", null));
      try {
        node.get(2, TimeUnit.SECONDS);
        throw new AssertionError("the node migrated while another held the lock");
      } catch (TimeoutException expected) {
        // waiting, as it should
      }
      s.execute("SELECT pg_advisory_unlock(" + FLYWAY_LOCK + ")");
      try (Database db = node.get(60, TimeUnit.SECONDS)) {
        assertThat(db.isReachable()).isTrue();
      }
    }
  }
}
