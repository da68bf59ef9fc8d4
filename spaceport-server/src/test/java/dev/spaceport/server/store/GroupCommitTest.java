package dev.spaceport.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite group commit ({@link GroupCommit}): concurrent writes share commits, yet each stays
 * atomic on its own, nested writes join their unit, and what returned is in the file for any new
 * connection to read.
 */
class GroupCommitTest {

  private static final int THREADS = 16;
  private static final int WRITES_PER_THREAD = 100;

  @TempDir
  Path dir;
  private SimpleMeterRegistry metrics;
  private SqliteDatabase db;

  @BeforeEach
  void open() {
    metrics = new SimpleMeterRegistry();
    db = new SqliteDatabase(dir.resolve("store.db"), metrics);
    db.write(tx -> tx.update("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)"));
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void concurrentWritesShareCommitsAndAllLand() throws Exception {
    List<String> values = runConcurrently((thread, i) -> {
      String v = thread + "-" + i;
      db.write(tx -> tx.update("INSERT INTO t (v) VALUES (?)", v));
      return v;
    });

    assertThat(rowsFromAFreshConnection()).containsExactlyInAnyOrderElementsOf(values);
    DistributionSummary units = metrics.get("spaceport.store.group.commit.units").summary();
    assertThat((long) units.totalAmount()).isEqualTo(values.size() + 1); // + CREATE TABLE
    assertThat(units.count()).as("commits for %d writes", values.size())
        .isLessThan(values.size());
    assertThat(units.max()).isGreaterThan(1);
  }

  @Test
  void aFailingWriteRollsBackAloneAndTheRestOfItsBatchLands() throws Exception {
    List<String> values = runConcurrently((thread, i) -> {
      String v = thread + "-" + i;
      if (i % 2 == 1) {
        assertThatThrownBy(() -> db.write(tx -> {
          tx.update("INSERT INTO t (v) VALUES (?)", v);
          tx.update("INSERT INTO t (v) VALUES (?)", v + "-second");
          throw new IllegalStateException("refused after writing");
        })).isInstanceOf(IllegalStateException.class);
        return null;
      }
      db.write(tx -> tx.update("INSERT INTO t (v) VALUES (?)", v));
      return v;
    });

    assertThat(rowsFromAFreshConnection()).containsExactlyInAnyOrderElementsOf(
        values.stream().filter(v -> v != null).toList());
    assertThat(metrics.get("spaceport.store.group.commit.units").summary().max())
        .isGreaterThan(1);
  }

  @Test
  void aConstraintViolationFailsOnlyItsOwnUnit() throws Exception {
    // Every thread writes the same values: each value lands exactly once, the rest are refused.
    List<String> outcomes = runConcurrently((thread, i) -> {
      try {
        db.write(tx -> tx.update("INSERT INTO t (v) VALUES (?)", "shared-" + i));
        return "inserted shared-" + i;
      } catch (RuntimeException refused) {
        return null;
      }
    });

    List<String> inserted = outcomes.stream().filter(v -> v != null).toList();
    assertThat(inserted).hasSize(WRITES_PER_THREAD).doesNotHaveDuplicates();
    assertThat(rowsFromAFreshConnection()).hasSize(WRITES_PER_THREAD);
  }

  @Test
  void aNestedWriteJoinsItsUnitAndFailsWithIt() throws Exception {
    assertThatThrownBy(() -> db.write(outer -> {
      outer.update("INSERT INTO t (v) VALUES ('outer')");
      db.write(inner -> inner.update("INSERT INTO t (v) VALUES ('inner')"));
      throw new IllegalStateException("outer fails after the inner write returned");
    })).isInstanceOf(IllegalStateException.class);
    db.write(outer -> {
      outer.update("INSERT INTO t (v) VALUES ('outer')");
      return db.write(inner -> inner.update("INSERT INTO t (v) VALUES ('inner')"));
    });

    assertThat(rowsFromAFreshConnection()).containsExactlyInAnyOrder("outer", "inner");
  }

  @Test
  void whatReturnedIsInTheFileAfterReopening() throws Exception {
    runConcurrently((thread, i) -> db.write(tx -> tx.update("INSERT INTO t (v) VALUES (?)",
        thread + "/" + i)));
    db.close();
    db = new SqliteDatabase(dir.resolve("store.db"), new SimpleMeterRegistry());

    assertThat(rowsFromAFreshConnection()).hasSize(THREADS * WRITES_PER_THREAD);
  }

  private interface Step<T> {
    T run(int thread, int i) throws Exception;
  }

  /** Runs {@code step} {@value #WRITES_PER_THREAD} times on each of {@value #THREADS} threads. */
  private <T> List<T> runConcurrently(Step<T> step) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<List<T>>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          go.await();
          List<T> results = new ArrayList<>();
          for (int i = 0; i < WRITES_PER_THREAD; i++) {
            results.add(step.run(thread, i));
          }
          return results;
        }));
      }
      go.countDown();
      List<T> all = new ArrayList<>();
      for (Future<List<T>> f : futures) {
        all.addAll(f.get(2, TimeUnit.MINUTES));
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  private List<String> rowsFromAFreshConnection() throws Exception {
    try (var c = java.sql.DriverManager.getConnection(db.jdbcUrl());
        var rs = c.createStatement().executeQuery("SELECT v FROM t")) {
      List<String> rows = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      while (rs.next()) {
        rows.add(rs.getString(1));
        seen.add(rs.getString(1));
      }
      assertThat(seen).hasSameSizeAs(rows);
      return rows;
    }
  }
}
