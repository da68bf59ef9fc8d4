package dev.spaceport.server.store;

import java.sql.Connection;

/** Store transactions on a test's own connection, for tests outside this package. */
public final class TestTx {

  private TestTx() {}

  /** A {@link Tx} on {@code connection}, preparing each statement anew; the caller commits. */
  public static Tx on(Connection connection, Dialect dialect) {
    return new Tx(connection, dialect, null, null);
  }
}
