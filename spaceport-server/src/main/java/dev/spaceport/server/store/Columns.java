package dev.spaceport.server.store;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.sqlite.jdbc3.JDBC3ResultSet;

/** Column reads for the mappers of hot list queries. */
public final class Columns {

  private Columns() {}

  /**
   * A text column, as {@link ResultSet#getString(int)} reads it. sqlite-jdbc's {@code getString}
   * wraps the value's native memory in a new direct {@code ByteBuffer} and copies it out twice;
   * its {@code getBytes} hands over the same UTF-8 bytes (SQLite returns a TEXT value's bytes
   * unchanged as a blob) in one copy, and they are decoded here exactly as {@code getString}
   * decodes them. About a tenth of a "my spaces" page's JDBC time. Other drivers use
   * {@code getString}.
   */
  public static String text(ResultSet rs, int column) throws SQLException {
    if (!(rs instanceof JDBC3ResultSet)) {
      return rs.getString(column);
    }
    byte[] utf8 = rs.getBytes(column);
    return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
  }
}
