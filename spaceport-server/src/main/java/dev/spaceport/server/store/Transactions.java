package dev.spaceport.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs work in a transaction on a connection: commit on return, roll back on anything thrown.
 * A write started while the same thread already has one open joins it, so an outer unit of work
 * (an idempotent request that must store its response with its writes) stays one transaction.
 */
final class Transactions {

  private final Dialect dialect;
  private final ThreadLocal<Tx> current = new ThreadLocal<>();

  Transactions(Dialect dialect) {
    this.dialect = dialect;
  }

  /** The write transaction this thread has open, or null. */
  Tx currentWrite() {
    return current.get();
  }

  <T> T read(Connection connection, TxWork<T> work) {
    return run(connection, work, false);
  }

  /** Runs a write transaction that nested {@link #join} calls on this thread will share. */
  <T> T write(Connection connection, TxWork<T> work) {
    return run(connection, work, true);
  }

  private <T> T run(Connection connection, TxWork<T> work, boolean isWrite) {
    try {
      connection.setAutoCommit(false);
      Tx tx = new Tx(connection, dialect);
      if (isWrite) {
        current.set(tx);
      }
      try {
        T result = work.run(tx);
        connection.commit();
        return result;
      } catch (Throwable t) {
        rollbackQuietly(connection, t);
        throw t;
      } finally {
        if (isWrite) {
          current.remove();
        }
      }
    } catch (SQLException e) {
      throw new StoreException("database error: " + e.getMessage(), e);
    }
  }

  /** Runs {@code work} inside the thread's open transaction (which commits or rolls back later). */
  <T> T join(Tx tx, TxWork<T> work) {
    try {
      return work.run(tx);
    } catch (SQLException e) {
      throw new StoreException("database error: " + e.getMessage(), e);
    }
  }

  private static void rollbackQuietly(Connection connection, Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
