package dev.spaceport.server.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Reads a test server's store directly (its SQLite file, or its PostgreSQL database), beside the
 * server's own connections, so a test can check what was really stored rather than what the API
 * says. Read-only by convention: it only ever runs SELECTs.
 */
public final class StoreProbe implements AutoCloseable {

  private final Connection connection;
  /** One query reading every row of every table as (table, row text), in a stable order. */
  private final String snapshot;
  private PreparedStatement markQuery;

  private StoreProbe(Connection connection) throws SQLException {
    this.connection = connection;
    StringJoiner union = new StringJoiner(" UNION ALL ", "", " ORDER BY 1, 2");
    for (String table : tables(connection)) {
      if (table.toLowerCase(Locale.ROOT).matches(".*_fts_(data|idx|config|docsize|content)")) {
        // The FTS5 name indexes' own tables (SQLite) hold derived index data, which store upkeep
        // rewrites when it merges segments (NameIndexMerges). What they index, the names, is in
        // the fingerprint, and so is every answer the index gives through the FTS5 table.
        continue;
      }
      StringJoiner row = new StringJoiner(" || '|' || ");
      for (String column : columns(table)) {
        if (!column.equalsIgnoreCase("last_used_at")) { // bumped by every authenticated call
          row.add("COALESCE(CAST(" + column + " AS TEXT), '~')");
        }
      }
      union.add("SELECT '" + table + "', " + row + " FROM " + table);
    }
    this.snapshot = union.toString();
  }

  public static StoreProbe open(TestServer server) {
    try {
      Connection c = DriverManager.getConnection(server.jdbcUrl(), server.jdbcUser(), null);
      if (server.jdbcUrl().startsWith("jdbc:sqlite:")) {
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA busy_timeout=5000");
        }
      }
      return new StoreProbe(c);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open " + server.jdbcUrl(), e);
    }
  }

  /** The one number a query like {@code SELECT COUNT(*) FROM spaces WHERE name = ?} yields. */
  public synchronized long count(String sql, Object... args) {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /**
   * A cheap mark that changes whenever another connection commits a change: SQLite's
   * {@code data_version} (which is per connection, so it is always asked on this one) or
   * PostgreSQL's next transaction ID (which a rolled-back write advances too). Equal marks before
   * and after a request mean it wrote nothing, at a fraction of the cost of {@link #fingerprint()}.
   * Key-usage flushes (only {@code last_used_at}) move it too: see {@link #keyUsage()}.
   */
  public synchronized String writeMark() {
    try {
      if (markQuery == null) {
        markQuery = connection.prepareStatement(connection.getMetaData().getURL()
            .startsWith("jdbc:sqlite:") ? "PRAGMA data_version"
            : "SELECT pg_snapshot_xmax(pg_current_snapshot())::text");
      }
      try (ResultSet rs = markQuery.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The sum of every key's {@code last_used_at}: it moves when key usage is flushed. */
  public String keyUsage() {
    return String.valueOf(count("SELECT COALESCE(SUM(last_used_at), 0) FROM api_keys"));
  }

  public long rows(String table) {
    return count("SELECT COUNT(*) FROM " + table);
  }

  /**
   * Every value of every row of every table (as {@link #fingerprint()} sees the schema, but
   * {@code last_used_at} included), each as the bytes the store holds: binary columns as they are,
   * others as their text. For checking that something is stored nowhere, in any form.
   */
  public synchronized List<Cell> cells() {
    try {
      List<Cell> cells = new ArrayList<>();
      for (String table : tables(connection)) {
        try (Statement s = connection.createStatement();
            ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
              Object value = rs.getObject(i);
              if (value != null) {
                cells.add(new Cell(table, rs.getMetaData().getColumnName(i),
                    value instanceof byte[] bytes ? bytes
                        : String.valueOf(value).getBytes(StandardCharsets.UTF_8)));
              }
            }
          }
        }
      }
      return cells;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One stored value: see {@link #cells()}. */
  public record Cell(String table, String column, byte[] value) {}

  /** SHA-256 of a string's UTF-8 bytes, as the server stores Idempotency-Keys. */
  public static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A digest of every row of every table of the schema (migration bookkeeping and
   * {@code last_used_at} aside): equal before and after a request means it wrote nothing.
   */
  public synchronized String fingerprint() {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(snapshot)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      Map<String, Integer> rows = new TreeMap<>();
      while (rs.next()) {
        rows.merge(rs.getString(1), 1, Integer::sum);
        digest.update((rs.getString(1) + "\u001f" + rs.getString(2) + "\u001e")
            .getBytes(StandardCharsets.UTF_8));
      }
      return rows + " " + HexFormat.of().formatHex(digest.digest());
    } catch (SQLException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> columns(String table) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        columns.add(rs.getMetaData().getColumnName(i));
      }
      return columns;
    }
  }

  private static List<String> tables(Connection c) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    List<String> names = new ArrayList<>();
    try (ResultSet rs = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String schema = rs.getString("TABLE_SCHEM");
        String name = rs.getString("TABLE_NAME");
        String lower = name.toLowerCase(Locale.ROOT);
        // rate_limits (PostgreSQL): throttling state, touched by every request when a rate
        // limit is on, like last_used_at below.
        if (lower.startsWith("sqlite_") || lower.startsWith("flyway_")
            || lower.equals("rate_limits") || schema != null && !schema.equals(c.getSchema())) {
          continue;
        }
        names.add(name);
      }
    }
    if (!names.contains("spaces")) {
      throw new IllegalStateException("no spaces table in " + c.getMetaData().getURL()
          + " (found " + names + ")");
    }
    names.sort(null);
    return List.copyOf(names);
  }

  @Override
  public synchronized void close() {
    try {
      if (markQuery != null) {
        markQuery.close();
      }
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
