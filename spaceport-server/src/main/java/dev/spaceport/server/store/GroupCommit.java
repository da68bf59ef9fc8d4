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
import java.util.function.BooleanSupplier;

/**
 * Concurrent writes sharing one transaction, and so one commit, on one connection at a time.
 *
 * <p>A commit costs far more than a small write: with SQLite's {@code synchronous=FULL} an fsync
 * (milliseconds), on PostgreSQL a transaction's start and end, its commit record and its WAL
 * flush (about half of the database's CPU for a space's create: bench/NOTES.md, "Ninth pass").
 * So units of work share a transaction that stays open while more writers are queued for the
 * connection; the last writer of the queue (or the one that finds the batch full or old) commits
 * it, and every writer of the batch returns only once that one commit is durable. A failing unit
 * rolls back to the savepoint that marks where the earlier units end ({@link SharedTransaction})
 * and leaves them untouched, so each request is still atomic on its own; a unit alone in the
 * transaction rolls the whole of it back, and when nobody is waiting as it ends it may commit
 * with its last statements ({@link Tx#commitWith}): without contention a write costs what a
 * transaction of its own would.
 *
 * <p>The threads run their own work (no hand-off to a writer thread), so thread-bound state — the
 * query deadline, the open {@link Tx} that nested writes join — works as for a plain transaction.
 * SQLite has one instance over its single writer connection; PostgreSQL a few, each taking a
 * pooled connection for a batch and giving it back at its end ({@link PostgresDatabase}).
 */
final class GroupCommit {

  /** Oldest a batch may get before the next writer commits it rather than pass it on. */
  static final long MAX_OPEN_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /** Where a batch's connection comes from, and where it goes when the batch has ended. */
  interface Connections {
    Connection take() throws SQLException;

    void giveBack(Connection connection);
  }

  private final Connections connections;
  private final Transactions transactions;
  /** Most units in one batch; bounds how long the first waits for a busy queue. */
  private final int maxUnits;
  /** Oldest a batch may get before it is committed ({@link #MAX_OPEN_NANOS}; tests stage more). */
  private final long maxOpenNanos;
  /** Fair: writers get the connection in arrival order, and the queue shows who is waiting. */
  private final ReentrantLock lock = new ReentrantLock(true);
  private final Timer lockWait;
  private final DistributionSummary batchUnits;
  /** Whether a batch's only unit may commit as it ends ({@link Tx#commitWith}). */
  private final BooleanSupplier nobodyWaiting = () -> !lock.hasQueuedThreads();
  /** The batch the next writer joins; guarded by {@link #lock}. */
  private Batch open;
  /** Batches ended (committed or rolled back); see {@link #epoch()}. */
  private final AtomicLong ended = new AtomicLong();
  /** Batches opened; see {@link #opened()}. */
  private final AtomicLong opened = new AtomicLong();

  GroupCommit(Connections connections, Transactions transactions, int maxUnits,
      MeterRegistry metrics) {
    this(connections, transactions, maxUnits, MAX_OPEN_NANOS, metrics);
  }

  GroupCommit(Connections connections, Transactions transactions, int maxUnits,
      long maxOpenNanos, MeterRegistry metrics) {
    this.connections = connections;
    this.transactions = transactions;
    this.maxUnits = maxUnits;
    this.maxOpenNanos = maxOpenNanos;
    this.lockWait = Timer.builder("spaceport.store.write.lock.wait")
        .description("Time a write waited for its turn on a group commit's connection")
        .register(metrics);
    this.batchUnits = DistributionSummary.builder("spaceport.store.group.commit.units")
        .description("Units of work made durable by one commit")
        .register(metrics);
  }

  /** Writers holding or waiting for this one's connection: a lane's load ({@link WriteLanes}). */
  int load() {
    return lock.getQueueLength() + (lock.isLocked() ? 1 : 0);
  }

  /**
   * Runs {@code work} atomically; returns once it is durable, or throws having written nothing
   * (unless it threw after {@link Tx#commitWith} had committed it, as that method warns).
   */
  <T> T write(TxWork<T> work) {
    long waitStart = System.nanoTime();
    lock.lock();
    lockWait.record(System.nanoTime() - waitStart, TimeUnit.NANOSECONDS);
    Batch batch;
    T result = null;
    Throwable failure = null;
    try {
      if (open == null) {
        open = new Batch(System.nanoTime(), takeConnection(), nobodyWaiting);
        opened.incrementAndGet();
      }
      batch = open;
      try {
        result = transactions.unit(batch.connection, work, batch.transaction);
        batch.units++;
      } catch (Transactions.TransactionLost lost) {
        // The unit could not be undone alone: the database rolled the whole transaction back
        // (SQLite: an I/O error, an interrupted statement; PostgreSQL: a lost connection), or the
        // unit threw after its mark. The batch's earlier units go with it, unacknowledged.
        failure = lost.getCause();
        abandon(batch, lost);
      } catch (Throwable t) {
        failure = t;
      }
      if (open == batch && (batch.transaction.wasCommittedByAUnit() || !passOn(batch))) {
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
    return lock.hasQueuedThreads() && batch.units < maxUnits
        && System.nanoTime() - batch.openedAt < maxOpenNanos;
  }

  /**
   * Batches ended so far; moves after every batch ends, before any writer of it returns. On
   * SQLite, a value read before a read transaction began and still current afterwards means no
   * write has been committed in between that this process's writers (the only writers of the
   * file) could have acknowledged. On PostgreSQL, a deadlock's victim waits for it to reach
   * {@link #opened()} before running again.
   */
  long epoch() {
    return ended.get();
  }

  /**
   * Batches opened so far. Batches end in the order they open, one at a time, so once
   * {@link #epoch()} has reached a value read here, every batch open at that read has ended
   * ({@link WriteLanes#awaitOpenBatchesEnded}).
   */
  long opened() {
    return opened.get();
  }

  private Connection takeConnection() {
    try {
      return connections.take();
    } catch (SQLException e) {
      throw new StoreException("cannot get a database connection: " + e.getMessage(), e);
    }
  }

  private void commit(Batch batch) {
    open = null;
    try {
      // After a unit's Tx.commitWith has committed, this sends nothing (and SQLite never does so).
      batch.connection.commit();
      batchUnits.record(batch.units);
      end(batch, null);
    } catch (SQLException e) {
      rollbackQuietly(batch, e);
      end(batch, new StoreException("commit failed: " + e.getMessage(), e));
    }
  }

  private void abandon(Batch batch, Transactions.TransactionLost lost) {
    open = null;
    rollbackQuietly(batch, lost);
    end(batch, new StoreException("the write transaction was lost: "
        + lost.getCause().getMessage(), lost.getCause()));
  }

  private void end(Batch batch, StoreException failure) {
    connections.giveBack(batch.connection);
    ended.incrementAndGet();
    batch.done(failure);
  }

  private static void rollbackQuietly(Batch batch, Throwable cause) {
    try {
      batch.connection.rollback();
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
    final Connection connection;
    final SharedTransaction transaction;
    int units;
    private final CountDownLatch durable = new CountDownLatch(1);
    private volatile StoreException failure;

    Batch(long openedAt, Connection connection, BooleanSupplier nobodyWaiting) {
      this.openedAt = openedAt;
      this.connection = connection;
      this.transaction = new SharedTransaction(nobodyWaiting);
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
