package dev.spaceport.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spaceport.server.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What PostgreSQL's write lanes ({@link WriteLanes}) add to group commit: writes in different
 * lanes run at the same time, a deadlock between two batches costs a retry rather than a failed
 * write, and a lost connection fails only the batch that was on it.
 */
class PostgresWriteLanesTest {

  @TempDir
  Path dir;
  private Database db;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @BeforeEach
  void open() {
    assumeTrue(TestServer.onPostgres(), "write lanes are PostgreSQL's");
    db = TestDatabases.fresh(dir);
    db.write(tx -> tx.update("CREATE TABLE t (id BIGINT PRIMARY KEY, v TEXT NOT NULL)"));
    db.write(tx -> tx.update("INSERT INTO t (id, v) VALUES (1, 'one'), (2, 'two')"));
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    if (db != null) {
      db.close();
    }
  }

  @Test
  void aSlowWriteHoldsUpNoWriteInAnotherLane() throws Exception {
    CountDownLatch slowStarted = new CountDownLatch(1);
    CountDownLatch quickDone = new CountDownLatch(1);
    Future<?> slow = threads.submit(() -> db.write(tx -> {
      tx.update("UPDATE t SET v = 'slow' WHERE id = 1");
      slowStarted.countDown();
      // Holds its lane until the quick writes are done (or a minute has gone by).
      return await(quickDone);
    }));
    assertThat(slowStarted.await(1, TimeUnit.MINUTES)).isTrue();

    for (int i = 0; i < 10; i++) {
      String v = "quick-" + i;
      db.write(tx -> tx.update("UPDATE t SET v = ? WHERE id = 2", v));
    }
    assertThat(slow).as("the slow write is still running").isNotDone();
    quickDone.countDown();
    assertThat(slow.get(1, TimeUnit.MINUTES)).isEqualTo(true);

    assertThat(values()).containsExactly("slow", "quick-9");
  }

  @Test
  void aDeadlockVictimIsRunAgainAndBothWritesLand() throws Exception {
    // The second write starts once the first holds row 1 (so it takes the other, idle lane);
    // each then wants the row the other holds.
    CountDownLatch firstHoldsRow1 = new CountDownLatch(1);
    CountDownLatch secondHoldsRow2 = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    Future<Integer> first = threads.submit(() -> db.write(tx -> {
      runs.incrementAndGet();
      tx.update("UPDATE t SET v = v || '+' WHERE id = 1");
      firstHoldsRow1.countDown();
      await(secondHoldsRow2); // a rerun finds it open
      return tx.update("UPDATE t SET v = v || '+' WHERE id = 2");
    }));
    assertThat(await(firstHoldsRow1)).isTrue();
    Future<Integer> second = threads.submit(() -> db.write(tx -> {
      runs.incrementAndGet();
      tx.update("UPDATE t SET v = v || '+' WHERE id = 2");
      secondHoldsRow2.countDown();
      return tx.update("UPDATE t SET v = v || '+' WHERE id = 1");
    }));

    assertThat(first.get(1, TimeUnit.MINUTES)).isEqualTo(1);
    assertThat(second.get(1, TimeUnit.MINUTES)).isEqualTo(1);
    assertThat(runs).as("runs of the two writes, the deadlock's victim twice").hasValue(3);
    assertThat(values()).containsExactly("one++", "two++");
  }

  @Test
  void aLostConnectionFailsItsWriteAndTheWritesAfterItGetWorkingOnes() {
    assertThatThrownBy(() -> db.write(tx -> {
      tx.update("UPDATE t SET v = 'lost' WHERE id = 1");
      return tx.exists("SELECT pg_terminate_backend(pg_backend_pid())");
    })).isInstanceOf(StoreException.class);

    for (int i = 0; i < 20; i++) { // more than the lanes, so every lane gets a working connection
      String v = "after-" + i;
      db.write(tx -> tx.update("UPDATE t SET v = ? WHERE id = 2", v));
    }
    assertThat(values()).containsExactly("one", "after-19");
  }

  /** Waits up to a minute, from inside a unit of work (which may throw only SQLException). */
  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private List<String> values() {
    return db.read(tx -> tx.query("SELECT v FROM t ORDER BY id", rs -> rs.getString(1)));
  }
}
