package dev.spaceport.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store is what the durability promises rest on, so its settings are pinned here
 * rather than trusted to a comment: the store opened exactly as {@code spaceport serve} opens it
 * ({@link Stores#open}) is one file in the data dir, in WAL mode, with {@code synchronous=FULL}
 * and foreign keys on every connection, its schema built by Flyway, and one writer — readers
 * can't write, and two writes never run at once.
 */
class SqliteStoreSettingsTest {

  @TempDir
  Path dataDir;
  private Database db;

  @BeforeEach
  void open() {
    db = Stores.open(dataDir, null, null, null);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void theStoreIsOneFileInTheDataDir() throws Exception {
    assertThat(db.dialect()).isEqualTo(Dialect.SQLITE);
    db.write(tx -> tx.update("UPDATE server_settings SET name = name"));
    try (Stream<Path> files = Files.list(dataDir)) {
      // The database file, and WAL mode's two companions of it.
      assertThat(files.map(p -> p.getFileName().toString()))
          .contains(Stores.SQLITE_FILE_NAME)
          .allMatch(name -> name.equals(Stores.SQLITE_FILE_NAME)
              || name.equals(Stores.SQLITE_FILE_NAME + "-wal")
              || name.equals(Stores.SQLITE_FILE_NAME + "-shm"));
    }
  }

  @Test
  void everyConnectionIsWalWithFullSyncAndForeignKeys() {
    for (String kind : List.of("writer", "reader")) {
      TxWork<List<String>> settings = tx -> List.of(
          pragma(tx, "journal_mode"), pragma(tx, "synchronous"), pragma(tx, "foreign_keys"));
      List<String> values = kind.equals("writer") ? db.write(settings) : db.read(settings);
      // synchronous: 2 = FULL (a commit is on disk before it returns); foreign_keys: 1 = on.
      assertThat(values).as(kind).containsExactly("wal", "2", "1");
    }
  }

  @Test
  void foreignKeysAreEnforcedOnWrites() {
    assertThatThrownBy(() -> db.write(tx -> tx.update(
        "INSERT INTO space_memberships (suffix, space_id, user_id, role, created_at) "
            + "VALUES ('abcd', 987654321, 987654321, 'member', 0)")))
        .isInstanceOfSatisfying(ConstraintViolation.class, violation ->
            assertThat(violation.kind()).isEqualTo(ConstraintViolation.Kind.FOREIGN_KEY));
  }

  @Test
  void theSchemaIsBuiltByFlyway() throws Exception {
    try (Connection c = DriverManager.getConnection(
            "jdbc:sqlite:" + dataDir.resolve(Stores.SQLITE_FILE_NAME));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL")) {
      List<String> versions = new ArrayList<>();
      while (rs.next()) {
        assertThat(rs.getBoolean("success")).as("migration %s", rs.getString(1)).isTrue();
        versions.add(rs.getString("version"));
      }
      assertThat(versions).contains("1", "2", "10");
    }
  }

  @Test
  void readersCannotWrite() {
    assertThatThrownBy(() -> db.read(tx -> tx.update("UPDATE server_settings SET name = name")))
        .hasMessageContaining("readonly");
  }

  @Test
  void writesRunOneAtATime() throws Exception {
    int writers = 8;
    List<long[]> spans = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        futures.add(pool.submit(() -> {
          go.await();
          return db.write(tx -> {
            long start = System.nanoTime();
            tx.update("UPDATE server_settings SET name = name");
            pause(20);
            spans.add(new long[] {start, System.nanoTime()});
            return null;
          });
        }));
      }
      go.countDown();
      for (Future<?> f : futures) {
        f.get(1, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    List<long[]> ordered = new ArrayList<>(spans);
    ordered.sort((a, b) -> Long.compare(a[0], b[0]));
    assertThat(ordered).hasSize(writers);
    for (int i = 1; i < ordered.size(); i++) {
      assertThat(ordered.get(i)[0]).as("write %d starts after write %d ended", i, i - 1)
          .isGreaterThanOrEqualTo(ordered.get(i - 1)[1]);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String pragma(Tx tx, String name) throws java.sql.SQLException {
    return tx.queryOne("PRAGMA " + name, rs -> rs.getString(1)).orElseThrow();
  }
}
