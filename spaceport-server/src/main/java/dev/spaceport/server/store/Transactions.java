package dev.spaceport.server.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Runs work in a transaction on a connection: commit on return, roll back on anything thrown.
 * A write started while the same thread already has one open joins it, so an outer unit of work
 * (an idempotent request that must store its response with its writes) stays one transaction.
 */
final class Transactions {

  private final Dialect dialect;
  /** Per-connection statement caches, or null where the driver keeps its own (PostgreSQL). */
  private final StatementCaches statements;
  private final ThreadLocal<Tx> current = new ThreadLocal<>();
  private final Timer readCommits;
  private final Timer readRollbacks;
  private final Timer writeCommits;
  private final Timer writeRollbacks;

  /**
   * @param statements per-connection statement caches, or null to prepare every statement anew
   * @param metrics where {@code spaceport.store.transactions} timings go
   */
  Transactions(Dialect dialect, StatementCaches statements, MeterRegistry metrics) {
    this.dialect = dialect;
    this.statements = statements;
    this.readCommits = timer(metrics, "read", "commit");
    this.readRollbacks = timer(metrics, "read", "rollback");
    this.writeCommits = timer(metrics, "write", "commit");
    this.writeRollbacks = timer(metrics, "write", "rollback");
  }

  private Timer timer(MeterRegistry metrics, String kind, String outcome) {
    return Timer.builder("spaceport.store.transactions")
        .description("Store transactions, from begin to commit or rollback")
        .tags("store", dialect.name().toLowerCase(java.util.Locale.ROOT), "kind", kind,
            "outcome", outcome)
        .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(5))
        .register(metrics);
  }

  /** The write transaction this thread has open, or null. */
  Tx currentWrite() {
    return current.get();
  }

  <T> T read(Connection connection, TxWork<T> work) {
    return run(connection, work);
  }

  /**
   * Runs {@code work} in autocommit mode: each statement its own snapshot, no {@code COMMIT}
   * round trip ({@link Database#readEach}). Timed as a read.
   */
  <T> T autocommitRead(Connection connection, TxWork<T> work) {
    long start = System.nanoTime();
    boolean done = false;
    try {
      connection.setAutoCommit(true); // the pool sets it back when the connection returns
      T result = work.run(tx(connection, null));
      done = true;
      return result;
    } catch (SQLException e) {
      throw new StoreException("database error: " + e.getMessage(), e);
    } finally {
      (done ? readCommits : readRollbacks)
          .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  private <T> T run(Connection connection, TxWork<T> work) {
    long start = System.nanoTime();
    boolean committed = false;
    try {
      connection.setAutoCommit(false);
      Tx tx = tx(connection, null);
      try {
        T result = work.run(tx);
        connection.commit();
        committed = true;
        return result;
      } catch (Throwable t) {
        rollbackQuietly(connection, t);
        throw t;
      }
    } catch (SQLException e) {
      throw new StoreException("database error: " + e.getMessage(), e);
    } finally {
      (committed ? readCommits : readRollbacks)
          .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Runs {@code work} as one unit of a group commit's transaction on {@code connection}. On return
   * the unit is part of the transaction (durable once that commits); on anything thrown it alone
   * is undone: by rolling back to the mark the earlier units left ({@link SharedTransaction}), or,
   * when the transaction holds no other unit, by rolling the whole of it back. Nested writes on
   * this thread join the unit.
   *
   * @throws TransactionLost when undoing the unit fails, because the database has already rolled
   *     back (or lost) the whole transaction
   */
  <T> T unit(Connection connection, TxWork<T> work, SharedTransaction shared) {
    long start = System.nanoTime();
    boolean added = false;
    Tx tx;
    try {
      connection.setAutoCommit(false);
      tx = tx(connection, shared);
      if (shared.needsMark()) {
        tx.updateAll(shared.markStatements());
        shared.marked();
      }
    } catch (SQLException e) {
      throw new TransactionLost(e);
    }
    current.set(tx);
    try {
      T result = work.run(tx);
      if (tx.committed()) {
        shared.committedByAUnit();
      } else {
        shared.unitAdded(tx.markedItsEnd());
      }
      added = true;
      return result;
    } catch (Throwable t) {
      undo(connection, tx, shared, t);
      if (t instanceof SQLException e) {
        throw new StoreException("database error: " + e.getMessage(), e);
      }
      throw unchecked(t);
    } finally {
      current.remove();
      (added ? writeCommits : writeRollbacks)
          .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Undoes a failed unit before its failure goes on, whatever was thrown: an {@link Error} too,
   * or the half-done unit would be committed with its batch. A unit that committed in
   * {@link Tx#commitWith} stays committed, as that method says.
   *
   * @throws TransactionLost when the unit cannot be undone alone: the database has lost the
   *     transaction, or the unit threw after its last statements went out with the mark after
   *     them (so the mark no longer stands before it); its whole batch then fails unacknowledged
   */
  private static void undo(Connection connection, Tx tx, SharedTransaction shared,
      Throwable failure) {
    if (tx.committed()) {
      shared.committedByAUnit();
      return;
    }
    try {
      if (shared.isEmpty()) { // the unit is alone: what it did is all the transaction holds
        connection.rollback();
        shared.ended();
      } else if (tx.markedItsEnd()) {
        throw new TransactionLost(failure);
      } else {
        try (java.sql.Statement undo = connection.createStatement()) {
          undo.execute(SharedTransaction.UNDO_UNIT);
        }
      }
    } catch (SQLException e) {
      failure.addSuppressed(e);
      throw new TransactionLost(failure);
    }
  }

  /** Errors pass as they are; checked exceptions (which work can't throw but SQL) are wrapped. */
  static RuntimeException unchecked(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new StoreException("database error: " + t.getMessage(), t);
  }

  /**
   * A unit failed and could not be undone alone: the database has rolled back (or lost) the whole
   * transaction, or the unit cannot be told apart from those before it. Its cause is the unit's
   * own failure.
   */
  static final class TransactionLost extends RuntimeException {
    TransactionLost(Throwable failure) {
      super(failure.getMessage(), failure, false, false);
    }
  }

  /** Runs {@code work} inside the thread's open transaction (which commits or rolls back later). */
  <T> T join(Tx tx, TxWork<T> work) {
    try {
      return tx.runJoined(work);
    } catch (SQLException e) {
      throw new StoreException("database error: " + e.getMessage(), e);
    }
  }

  private Tx tx(Connection connection, SharedTransaction shared) throws SQLException {
    return new Tx(connection, dialect, statements == null ? null : statements.of(connection),
        shared);
  }

  private static void rollbackQuietly(Connection connection, Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
