package dev.spaceport.server.store;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * SQLite's single writer connection, shared by concurrent writes through group commit.
 *
 * <p>With {@code synchronous=FULL} every commit waits for an fsync (milliseconds), so one commit
 * per request caps durable writes at a few hundred per second. Instead, each unit of work runs in
 * its own SAVEPOINT inside a transaction that stays open while more writers are queued for the
 * connection; the last writer of the queue (or the one that finds the batch full or old) commits
 * it, and every writer of the batch returns only once that one commit is durable. A failing unit
 * rolls back to its savepoint and leaves the others in the batch untouched, so each request is
 * still atomic on its own. When nobody is waiting a write commits at once, as before: batching
 * costs no latency without contention.
 *
 * <p>The threads run their own work (no hand-off to a writer thread), so thread-bound state — the
 * query deadline, the open {@link Tx} that nested writes join — works as for a plain transaction.
 */
final class GroupCommit {

  /** Most units in one batch; bounds how long the first waits for a busy queue. */
  static final int MAX_UNITS = 256;
  /** Oldest a batch may get before the next writer commits it rather than pass it on. */
  static final long MAX_OPEN_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final Connection writer;
  private final Transactions transactions;
  /** Fair: writers get the connection in arrival order, and the queue shows who is waiting. */
  private final ReentrantLock lock = new ReentrantLock(true);
  private final Timer lockWait;
  private final DistributionSummary batchUnits;
  /** The batch the next writer joins; guarded by {@link #lock}. */
  private Batch open;
  /** Batches ended (committed or rolled back); see {@link #epoch()}. */
  private final AtomicLong ended = new AtomicLong();

  GroupCommit(Connection writer, Transactions transactions, MeterRegistry metrics) {
    this.writer = writer;
    this.transactions = transactions;
    this.lockWait = Timer.builder("spaceport.store.write.lock.wait")
        .description("Time a SQLite write waited for the single writer connection")
        .register(metrics);
    this.batchUnits = DistributionSummary.builder("spaceport.store.group.commit.units")
        .description("Units of work made durable by one SQLite commit")
        .register(metrics);
  }

  /** Runs {@code work} atomically and returns once it is durable (or throws, having written nothing). */
  <T> T write(TxWork<T> work) {
    long waitStart = System.nanoTime();
    lock.lock();
    lockWait.record(System.nanoTime() - waitStart, TimeUnit.NANOSECONDS);
    Batch batch;
    T result = null;
    Throwable failure = null;
    try {
      if (open == null) {
        open = new Batch(System.nanoTime());
      }
      batch = open;
      try {
        result = transactions.savepoint(writer, work);
        batch.units++;
      } catch (Transactions.TransactionLost lost) {
        // SQLite rolled the whole transaction back (an I/O error, an interrupted statement):
        // the batch's earlier units are gone with it, so none of them may be acknowledged.
        failure = lost.getCause();
        abandon(batch, lost);
      } catch (Throwable t) {
        failure = t;
      }
      if (open == batch && !passOn(batch)) {
        commit(batch);
      }
    } finally {
      lock.unlock();
    }
    batch.awaitDurable();
    if (failure != null) {
      throw Transactions.unchecked(failure);
    }
    return result;
  }

  /**
   * Leaves the batch open for the next queued writer when there is one and the batch is neither
   * full nor old. The lock is fair and uninterruptible, so a queued writer will take it.
   */
  private boolean passOn(Batch batch) {
    return lock.hasQueuedThreads() && batch.units < MAX_UNITS
        && System.nanoTime() - batch.openedAt < MAX_OPEN_NANOS;
  }

  /**
   * Moves after every batch ends, before any writer of it returns: a value read before a read
   * transaction began and still current afterwards means no write has been committed in between
   * that this process's writers (the only writers of the file) could have acknowledged.
   */
  long epoch() {
    return ended.get();
  }

  private void commit(Batch batch) {
    open = null;
    try {
      writer.commit();
      batchUnits.record(batch.units);
      ended.incrementAndGet();
      batch.done(null);
    } catch (SQLException e) {
      rollbackQuietly(e);
      ended.incrementAndGet();
      batch.done(new StoreException("commit failed: " + e.getMessage(), e));
    }
  }

  private void abandon(Batch batch, Transactions.TransactionLost lost) {
    open = null;
    rollbackQuietly(lost);
    ended.incrementAndGet();
    batch.done(new StoreException("the write transaction was lost: "
        + lost.getCause().getMessage(), lost.getCause()));
  }

  private void rollbackQuietly(Throwable cause) {
    try {
      writer.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** Commits what is open and stops the connection being used; the caller closes it. */
  void closeWith(Runnable closeConnection) {
    lock.lock();
    try {
      if (open != null) {
        commit(open);
      }
      closeConnection.run();
    } finally {
      lock.unlock();
    }
  }

  /** The units sharing one commit. Mutable fields are guarded by the lock until {@link #done}. */
  private static final class Batch {
    final long openedAt;
    int units;
    private final CountDownLatch durable = new CountDownLatch(1);
    private volatile StoreException failure;

    Batch(long openedAt) {
      this.openedAt = openedAt;
    }

    void done(StoreException failure) {
      this.failure = failure;
      durable.countDown();
    }

    /** Waits (uninterruptibly, like the lock) for the batch's commit; throws if it failed. */
    void awaitDurable() {
      boolean interrupted = false;
      while (true) {
        try {
          durable.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (failure != null) {
        throw new StoreException(failure.getMessage(), failure);
      }
    }
  }
}
