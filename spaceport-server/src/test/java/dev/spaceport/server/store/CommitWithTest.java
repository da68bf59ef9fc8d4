package dev.spaceport.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spaceport.server.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Tx#commitWith}: a write's last statements, sent with its commit on PostgreSQL. What it
 * must keep: all of them or none land, a transaction someone else ends (an outer write that
 * joined, a unit of SQLite's group commit) is not committed early, and nothing of the same work
 * runs after it, on either store. Runs on the store this test run uses.
 */
class CommitWithTest {

  @TempDir
  Path dir;
  private Database db;

  @BeforeEach
  void open() {
    db = TestDatabases.fresh(dir);
    db.write(tx -> tx.update("CREATE TABLE t (v VARCHAR(16) NOT NULL UNIQUE)"));
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void theStatementsLandTogetherWithTheCommit() {
    db.write(tx -> {
      tx.update("INSERT INTO t (v) VALUES (?)", "first");
      tx.commitWith(insert("second"), insert("third"));
      return null;
    });

    assertThat(values()).containsExactly("first", "second", "third");
  }

  @Test
  void aFailingStatementLeavesNothingOfTheTransaction() {
    assertThatThrownBy(() -> db.write(tx -> {
      tx.update("INSERT INTO t (v) VALUES (?)", "before");
      tx.commitWith(insert("twice"), insert("twice"));
      return null;
    })).isInstanceOfSatisfying(ConstraintViolation.class,
        e -> assertThat(e.isUnique()).as("a duplicate, as the create's 409 needs").isTrue());

    assertThat(values()).isEmpty();
    db.write(tx -> tx.update("INSERT INTO t (v) VALUES (?)", "next write"));
    assertThat(values()).containsExactly("next write");
  }

  @Test
  void aJoinedWriteLeavesTheCommitToTheOuterOne() {
    assertThatThrownBy(() -> db.write(outer -> {
      db.write(inner -> {
        inner.commitWith(insert("joined"));
        return null;
      });
      outer.update("INSERT INTO t (v) VALUES (?)", "outer");
      throw new IllegalStateException("the outer write fails after the joined one");
    })).hasMessageContaining("outer write fails");

    assertThat(values()).isEmpty();
  }

  @Test
  void theOuterWriteGoesOnAfterAJoinedOneAndBothLand() {
    db.write(outer -> {
      outer.update("INSERT INTO t (v) VALUES (?)", "a outer, before");
      db.write(inner -> {
        inner.commitWith(insert("b joined"));
        return null;
      });
      outer.update("INSERT INTO t (v) VALUES (?)", "c outer, after");
      return null;
    });

    assertThat(values()).containsExactly("a outer, before", "b joined", "c outer, after");
  }

  @Test
  void aStatementAfterItIsRefusedOnEveryStore() {
    assertThatThrownBy(() -> db.write(tx -> {
      tx.commitWith(insert("last"));
      return tx.update("INSERT INTO t (v) VALUES (?)", "too late");
    })).isInstanceOf(IllegalStateException.class).hasMessageContaining("after Tx.commitWith");

    // PostgreSQL had committed already; SQLite's unit rolled back with the failure.
    assertThat(values()).containsExactlyElementsOf(
        TestServer.onPostgres() ? List.of("last") : List.of());
  }

  @Test
  void aJoinedWorkIsRefusedAStatementAfterItToo() {
    assertThatThrownBy(() -> db.write(outer -> db.write(inner -> {
      inner.commitWith(insert("joined"));
      return inner.update("INSERT INTO t (v) VALUES (?)", "too late");
    }))).isInstanceOf(IllegalStateException.class);

    assertThat(values()).isEmpty();
  }

  private static Tx.Statement insert(String value) {
    return new Tx.Statement("INSERT INTO t (v) VALUES (?)", value);
  }

  private List<String> values() {
    return db.read(tx -> tx.query("SELECT v FROM t ORDER BY v", rs -> rs.getString(1)));
  }
}
