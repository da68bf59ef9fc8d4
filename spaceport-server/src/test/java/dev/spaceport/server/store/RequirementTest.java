package dev.spaceport.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spaceport.server.testing.PostgresFixture;
import dev.spaceport.server.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What lets a PostgreSQL write go in one round trip: a {@linkplain Tx.Statement#require
 * requirement} sent with its statements (all land when it holds; none, and a
 * {@link RequirementFailed}, when it does not), and row numbers drawn ahead
 * ({@link RowNumbersAhead}). On the migrated schema, which holds the requirement's function.
 */
class RequirementTest {

  @TempDir
  Path dir;
  private Database db;

  @BeforeEach
  void open() {
    assumeTrue(TestServer.onPostgres(), "requirements are PostgreSQL's");
    db = Stores.open(dir, PostgresFixture.get().newDatabase(), "postgres", null);
    db.write(tx -> tx.update("CREATE TABLE t (v VARCHAR(16) NOT NULL UNIQUE)"));
  }

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void aWriteWhoseRequirementHoldsLandsWhole() {
    db.write(tx -> {
      assertThat(tx.dialect().checksRequirements()).isTrue();
      tx.commitWith(Tx.Statement.require("? > 1", 2), insert("a"), insert("b"));
      return null;
    });
    assertThat(values()).containsExactly("a", "b");
  }

  @Test
  void aWriteWhoseRequirementNoLongerHoldsWritesNothingAndSaysSo() {
    db.write(tx -> tx.update("INSERT INTO t (v) VALUES ('there')"));
    assertThatThrownBy(() -> db.write(tx -> {
      tx.update("INSERT INTO t (v) VALUES ('before')");
      tx.commitWith(Tx.Statement.require("EXISTS (SELECT 1 FROM t WHERE v = ?)", "absent"),
          insert("after"));
      return null;
    })).isInstanceOf(RequirementFailed.class);
    // A null condition (an unknown) does not hold either.
    assertThatThrownBy(() -> db.write(tx -> {
      tx.commitWith(Tx.Statement.require("(SELECT v FROM t WHERE v = ?) = 'x'", "absent"),
          insert("unknown"));
      return null;
    })).isInstanceOf(RequirementFailed.class);

    assertThat(values()).containsExactly("there");
    db.write(tx -> tx.update("INSERT INTO t (v) VALUES ('next')"));
    assertThat(values()).containsExactly("next", "there");
  }

  @Test
  void rowNumbersDrawnAheadAreUniqueAcrossNodesGrowOnEachAndCostADrawPerBlock() {
    RowNumbersAhead nodeA = new RowNumbersAhead("spaces", 4);
    RowNumbersAhead nodeB = new RowNumbersAhead("spaces", 4);
    List<Long> onA = new ArrayList<>();
    List<Long> onB = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      onA.add(db.write(nodeA::next));
      onB.add(db.write(nodeB::next));
    }
    assertThat(onA).isSorted().doesNotHaveDuplicates();
    assertThat(onB).isSorted().doesNotHaveDuplicates();
    HashSet<Long> all = new HashSet<>(onA);
    all.addAll(onB);
    assertThat(all).as("no number handed out twice").hasSize(20);
    long drawn = db.read(tx -> tx.queryOne("SELECT last_value FROM spaces_id_seq",
        rs -> rs.getLong(1))).orElseThrow();
    assertThat(drawn).as("three blocks of four for each node").isEqualTo(24);
  }

  @Test
  void rowNumbersDrawnAheadByManyThreadsAtOnceAreEachHandedOutOnce() throws Exception {
    RowNumbersAhead node = new RowNumbersAhead("spaces", 8);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Long>>> drawn = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        drawn.add(threads.submit(() -> {
          List<Long> mine = new ArrayList<>();
          for (int i = 0; i < 50; i++) {
            mine.add(db.write(node::next));
          }
          return mine;
        }));
      }
      HashSet<Long> all = new HashSet<>();
      for (Future<List<Long>> mine : drawn) {
        assertThat(mine.get()).as("one thread's numbers, in the order it got them").isSorted();
        all.addAll(mine.get());
      }
      assertThat(all).hasSize(200);
    } finally {
      threads.shutdownNow();
    }
  }

  private static Tx.Statement insert(String value) {
    return new Tx.Statement("INSERT INTO t (v) VALUES (?)", value);
  }

  private List<String> values() {
    return db.read(tx -> tx.query("SELECT v FROM t ORDER BY v", rs -> rs.getString(1)));
  }
}
