package dev.spaceport.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spaceport.server.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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
  void aDeadlockVictimRunsAgainOnceTheWriteItLostToHasCommittedAndBothLand() throws Exception {
    // The second write starts once the first holds row 1 (so it takes the other, idle lane);
    // each then wants the row the other holds. Either may be the victim.
    CountDownLatch row1Held = new CountDownLatch(1);
    CountDownLatch row2Held = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    List<List<String>> seenByReruns = new CopyOnWriteArrayList<>();
    Future<Integer> first =
        threads.submit(crossingWrite(1, 2, row1Held, row2Held, runs, seenByReruns));
    assertThat(await(row1Held)).isTrue();
    Future<Integer> second =
        threads.submit(crossingWrite(2, 1, row2Held, row1Held, runs, seenByReruns));

    assertThat(first.get(1, TimeUnit.MINUTES)).isEqualTo(1);
    assertThat(second.get(1, TimeUnit.MINUTES)).isEqualTo(1);
    // A rerun sent while the winner still held its rows could take them first and deadlock
    // with it again; it waits for the winner's commit instead, and so sees it.
    assertThat(seenByReruns).as("what the victim's rerun saw as it began")
        .containsExactly(List.of("one+", "two+"));
    assertThat(runs).as("runs of the two writes, the deadlock's victim twice").hasValue(3);
    assertThat(values()).containsExactly("one++", "two++");
  }

  /**
   * A write that appends to row {@code own}, waits until the other write holds its row, appends to
   * row {@code other}, and then holds its transaction open a while: long enough that a victim's
   * rerun which did not wait for this write's commit would begin before it.
   */
  private Callable<Integer> crossingWrite(int own, int other, CountDownLatch ownHeld,
      CountDownLatch otherHeld, AtomicInteger runs, List<List<String>> seenByReruns) {
    AtomicBoolean ranBefore = new AtomicBoolean();
    return () -> db.write(tx -> {
      runs.incrementAndGet();
      if (ranBefore.getAndSet(true)) {
        seenByReruns.add(tx.query("SELECT v FROM t ORDER BY id", rs -> rs.getString(1)));
      }
      tx.update("UPDATE t SET v = v || '+' WHERE id = ?", own);
      ownHeld.countDown();
      await(otherHeld); // a rerun finds it open
      int updated = tx.update("UPDATE t SET v = v || '+' WHERE id = ?", other);
      long heldUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
      while (heldUntil - System.nanoTime() > 0) { // parkNanos may return early
        LockSupport.parkNanos(heldUntil - System.nanoTime());
      }
      return updated;
    });
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
