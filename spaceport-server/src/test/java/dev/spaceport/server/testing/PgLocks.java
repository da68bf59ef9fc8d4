package dev.spaceport.server.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * For tests that hold a PostgreSQL lock from outside to keep a request in flight: when the
 * request's statement waits for the lock, the request is known to be there, with no guessing
 * about timing.
 */
public final class PgLocks {

  private PgLocks() {}

  /**
   * Waits until a statement of any session waits for a lock on {@code table};
   * {@code connection} may be the one holding it.
   */
  public static void untilAStatementWaitsFor(Connection connection, String table) {
    try (PreparedStatement waiting = connection.prepareStatement(
        "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = ?::regclass")) {
      waiting.setString(1, table);
      Wait.until("a statement waits for the lock on " + table, () -> {
        try (ResultSet rs = waiting.executeQuery()) {
          return rs.next() && rs.getInt(1) > 0;
        } catch (SQLException e) {
          throw new IllegalStateException("cannot read pg_locks: " + e.getMessage(), e);
        }
      });
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read pg_locks: " + e.getMessage(), e);
    }
  }
}
