package dev.spaceport.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One open transaction: plain JDBC with the boilerplate taken out. Parameters bind positionally;
 * {@code null}, strings, longs, ints and booleans are all a store needs.
 */
public final class Tx {

  private final Connection connection;
  private final Dialect dialect;

  Tx(Connection connection, Dialect dialect) {
    this.connection = connection;
    this.dialect = dialect;
  }

  public Dialect dialect() {
    return dialect;
  }

  public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
      List<T> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(mapper.map(rs));
      }
      return rows;
    }
  }

  public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args)
      throws SQLException {
    try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
    }
  }

  public boolean exists(String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  /** Runs an INSERT, UPDATE or DELETE and returns the number of rows it touched. */
  public int update(String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(sql, args)) {
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  /** Runs an INSERT … RETURNING id and returns the new row's number. */
  public long insert(String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(sql + " RETURNING id", args);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("INSERT returned no id: " + sql);
      }
      return rs.getLong(1);
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  private SQLException translate(SQLException e) {
    if (dialect.isUniqueViolation(e)) {
      throw new ConstraintViolation(ConstraintViolation.Kind.UNIQUE, e);
    }
    if (dialect.isForeignKeyViolation(e)) {
      throw new ConstraintViolation(ConstraintViolation.Kind.FOREIGN_KEY, e);
    }
    return e;
  }

  private PreparedStatement prepare(String sql, Object... args) throws SQLException {
    PreparedStatement ps = connection.prepareStatement(sql);
    try {
      for (int i = 0; i < args.length; i++) {
        bind(ps, i + 1, args[i]);
      }
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  private static void bind(PreparedStatement ps, int index, Object arg) throws SQLException {
    if (arg == null) {
      ps.setNull(index, Types.NULL);
    } else if (arg instanceof String s) {
      ps.setString(index, s);
    } else if (arg instanceof Long l) {
      ps.setLong(index, l);
    } else if (arg instanceof Integer n) {
      ps.setInt(index, n);
    } else if (arg instanceof Boolean b) {
      ps.setBoolean(index, b);
    } else if (arg instanceof byte[] bytes) {
      ps.setBytes(index, bytes);
    } else {
      throw new IllegalArgumentException("cannot bind " + arg.getClass().getName());
    }
  }

  /** Reads a nullable BIGINT column. */
  public static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }
}
