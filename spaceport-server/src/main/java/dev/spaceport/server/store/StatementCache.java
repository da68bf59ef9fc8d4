package dev.spaceport.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Prepared statements kept open on one SQLite connection, by SQL text, for reuse. sqlite-jdbc
 * compiles a statement anew for every {@code prepareStatement}: a "my spaces" page spent about as
 * long compiling its query as running it. Stores build their SQL from constants and bind every
 * value, so the distinct texts are few; the least recently used beyond {@link #CAPACITY} are
 * closed.
 *
 * <p>Not thread-safe: a connection is used by one thread at a time (a reader is checked out of the
 * pool; the writer is used under the group-commit lock), and so is its cache.
 *
 * <p>A statement is taken out while in use and given back after, so a statement that runs while
 * another with the same text is still open (a mapper that queries) gets one of its own.
 */
final class StatementCache {

  static final int CAPACITY = 64;
  /** A bare {@code LIMIT ?}, which SQLite compiles anew on every run ({@link Tx#LIMIT}). */
  private static final Pattern BARE_LIMIT = Pattern.compile("(?i)\\bLIMIT\\s+\\?");

  private final Connection connection;
  private final Map<String, PreparedStatement> idle =
      new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
          if (size() <= CAPACITY) {
            return false;
          }
          closeQuietly(eldest.getValue());
          return true;
        }
      };

  /** @param connection the physical connection (not a pool's proxy, which closes statements) */
  StatementCache(Connection connection) {
    this.connection = connection;
  }

  Connection connection() {
    return connection;
  }

  /** A statement for {@code sql}: an idle one if there is one, else newly prepared. */
  PreparedStatement take(String sql) throws SQLException {
    PreparedStatement statement = idle.remove(sql);
    if (statement != null && !statement.isClosed()) {
      return statement;
    }
    // Checked in tests (assertions on), where every store's SQL runs: caching such a statement
    // saves nothing.
    assert !BARE_LIMIT.matcher(sql).find() : "bind a LIMIT through Tx.LIMIT: " + sql;
    return connection.prepareStatement(sql);
  }

  /** Returns a statement that ran to completion (its result set closed) for reuse. */
  void giveBack(String sql, PreparedStatement statement) {
    try {
      statement.clearParameters();
    } catch (SQLException e) {
      closeQuietly(statement);
      return;
    }
    PreparedStatement displaced = idle.put(sql, statement);
    if (displaced != null) {
      closeQuietly(displaced);
    }
  }

  /** Closes every idle statement (the connection is being closed or retired). */
  void clear() {
    idle.values().forEach(StatementCache::closeQuietly);
    idle.clear();
  }

  private static void closeQuietly(PreparedStatement statement) {
    try {
      statement.close();
    } catch (SQLException ignored) {
      // Closing a statement frees native memory; there is nothing to do if it fails.
    }
  }
}
