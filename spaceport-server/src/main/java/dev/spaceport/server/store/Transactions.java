package dev.spaceport.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs work in a transaction on a connection: commit on return, roll back on anything thrown. */
final class Transactions {

  private Transactions() {}

  static <T> T run(Connection connection, Dialect dialect, TxWork<T> work) {
    try {
      connection.setAutoCommit(false);
      try {
        T result = work.run(new Tx(connection, dialect));
        connection.commit();
        return result;
      } catch (Throwable t) {
        rollbackQuietly(connection, t);
        throw t;
      }
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
