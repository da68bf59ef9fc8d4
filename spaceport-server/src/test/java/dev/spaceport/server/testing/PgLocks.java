package dev.spaceport.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * For tests that hold a PostgreSQL lock from outside to keep a request in flight: when the
 * request's statement waits for the lock, the request is known to be there, with no guessing
 * about timing.
 */
public final class PgLocks {

  private PgLocks() {}

  /**
   * Waits (up to 30 s) until a statement of any session waits for a lock on {@code table};
   * {@code connection} may be the one holding it.
   */
  public static void untilAStatementWaitsFor(Connection connection, String table) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (PreparedStatement waiting = connection.prepareStatement(
        "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = ?::regclass")) {
      waiting.setString(1, table);
      while (true) {
        try (ResultSet rs = waiting.executeQuery()) {
          rs.next();
          if (rs.getInt(1) > 0) {
            return;
          }
        }
        assertThat(System.nanoTime()).as("a statement waiting for the lock on " + table)
            .isLessThan(deadline);
        Thread.sleep(10);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read pg_locks: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
