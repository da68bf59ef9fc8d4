package dev.spaceport.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spaceport.server.testing.PostgresFixture;
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
 * joined, a unit of SQLite's group commit) is not committed early, and nothing runs after it.
 * Runs on the store this test run uses.
 */
class CommitWithTest {

  @TempDir
  Path dir;
  private Database db;

  @BeforeEach
  void open() {
    db = TestServer.onPostgres()
        ? new PostgresDatabase(PostgresFixture.get().newDatabase(), "postgres", null)
        : new SqliteDatabase(dir.resolve("store.db"));
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
    })).isInstanceOf(ConstraintViolation.class);

    assertThat(values()).isEmpty();
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
  void nothingRunsAfterTheCommit() {
    // SQLite's writes are units of a shared transaction: there commitWith only runs statements.
    assumeTrue(TestServer.onPostgres(), "PostgreSQL only");
    assertThatThrownBy(() -> db.write(tx -> {
      tx.commitWith(insert("last"));
      return tx.update("INSERT INTO t (v) VALUES (?)", "too late");
    })).isInstanceOf(IllegalStateException.class).hasMessageContaining("has committed");

    assertThat(values()).containsExactly("last");
  }

  private static Tx.Statement insert(String value) {
    return new Tx.Statement("INSERT INTO t (v) VALUES (?)", value);
  }

  private List<String> values() {
    return db.read(tx -> tx.query("SELECT v FROM t ORDER BY v", rs -> rs.getString(1)));
  }
}
