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
 *
 * <p>Taking and giving back allocate nothing: each text keeps its {@link Slot} for as long as it
 * is cached. The first version removed a map entry on every take and added a new one on every
 * give-back. A removed {@code HashMap} node keeps its link to the next node of its bucket, so two
 * busy texts sharing a bucket left an endless chain of dead entries, each linking the next; once
 * one of them had reached the old generation, every young collection kept all that followed.
 * That was ~500 bytes per request, never freed before an old-generation collection, and young
 * pauses grew from 2 to 25 ms (bench/NOTES.md). Evictions still remove entries, so a connection
 * that keeps cycling through more than {@link #CAPACITY} texts would churn again (and compile a
 * statement per use); the stores' texts in steady use are far fewer.
 */
final class StatementCache {

  static final int CAPACITY = 64;
  /**
   * A parameter SQLite plans for its bound value, so that binding it again compiles the statement
   * anew on every run: a bare {@code LIMIT ?} ({@link Tx#LIMIT}) or {@code LIKE ?}
   * ({@link Dialect#likePattern}), parenthesised or not.
   */
  private static final Pattern REPLANNED_PARAMETER =
      Pattern.compile("(?i)\\b(LIMIT|LIKE)[\\s(]*\\?");

  /** One SQL text's place in the cache: its idle statement, or null while that one is in use. */
  private static final class Slot {
    PreparedStatement idle;
  }

  private final Connection connection;
  private final Map<String, Slot> slots = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Slot> eldest) {
      if (size() <= CAPACITY) {
        return false;
      }
      closeQuietly(eldest.getValue().idle);
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

  /** A statement for {@code sql}: the idle one if there is one, else newly prepared. */
  PreparedStatement take(String sql) throws SQLException {
    Slot slot = slots.get(sql); // in access order: now the most recently used
    if (slot != null && slot.idle != null) {
      PreparedStatement statement = slot.idle;
      slot.idle = null;
      if (!statement.isClosed()) {
        return statement;
      }
    }
    // Checked in tests (assertions on), where every store's SQL runs: caching such a statement
    // saves nothing.
    assert !REPLANNED_PARAMETER.matcher(sql).find()
        : "bind a LIMIT through Tx.LIMIT and a LIKE pattern through Dialect.likePattern(): " + sql;
    return connection.prepareStatement(sql);
  }

  /**
   * Returns a statement that ran to completion (its result set closed) for reuse. If another of
   * the same text came back first, that one is closed.
   */
  void giveBack(String sql, PreparedStatement statement) {
    try {
      statement.clearParameters();
    } catch (SQLException e) {
      closeQuietly(statement);
      return;
    }
    Slot slot = slots.get(sql);
    if (slot == null) {
      slot = new Slot();
      slots.put(sql, slot);
    } else if (slot.idle != statement) {
      closeQuietly(slot.idle);
    }
    slot.idle = statement;
  }

  private static void closeQuietly(PreparedStatement statement) {
    if (statement == null) {
      return;
    }
    try {
      statement.close();
    } catch (SQLException ignored) {
      // Closing a statement frees native memory; there is nothing to do if it fails.
    }
  }
}
