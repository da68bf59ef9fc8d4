package dev.spaceport.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sqlite.SQLiteConnection;

/**
 * The {@link StatementCache} of each physical SQLite connection. Statements are prepared on the
 * physical connection behind the reader pool's proxy, which would otherwise close them when the
 * connection goes back to the pool; a cache whose connection was closed (the pool retired it) is
 * dropped when the next new connection turns up.
 */
final class StatementCaches {

  private final Map<Connection, StatementCache> byConnection = new ConcurrentHashMap<>();

  StatementCache of(Connection connection) throws SQLException {
    Connection physical = connection.isWrapperFor(SQLiteConnection.class)
        ? connection.unwrap(SQLiteConnection.class) : connection;
    StatementCache cache = byConnection.get(physical);
    if (cache == null) {
      byConnection.values().removeIf(old -> isClosed(old.connection()));
      cache = byConnection.computeIfAbsent(physical, StatementCache::new);
    }
    return cache;
  }

  private static boolean isClosed(Connection connection) {
    try {
      return connection.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }
}
