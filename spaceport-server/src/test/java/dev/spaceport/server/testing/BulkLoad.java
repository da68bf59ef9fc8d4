package dev.spaceport.server.testing;

import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.store.Like;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Writes rows straight into a server's store, beside the running server, for tests and benchmarks
 * that need thousands of spaces (the API would take minutes). Rows are what the server itself
 * would write: a lower-cased {@code name_key} (the store's triggers keep SQLite's name index in
 * step), a random ID suffix. Everything goes in one transaction per call.
 */
public final class BulkLoad implements AutoCloseable {

  private static final int BATCH = 2_000;

  private final Connection connection;
  private final boolean postgres;

  private BulkLoad(Connection connection, boolean postgres) {
    this.connection = connection;
    this.postgres = postgres;
  }

  public static BulkLoad open(String jdbcUrl, String user) {
    try {
      boolean postgres = jdbcUrl.startsWith("jdbc:postgresql:");
      String url = postgres
          ? jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true"
          : jdbcUrl;
      Connection c = DriverManager.getConnection(url, user, null);
      if (!postgres) {
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA busy_timeout=10000");
          s.execute("PRAGMA foreign_keys=ON");
        }
      }
      c.setAutoCommit(false);
      return new BulkLoad(c, postgres);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open " + jdbcUrl, e);
    }
  }

  public static BulkLoad open(TestServer server) {
    return open(server.jdbcUrl(), server.jdbcUser());
  }

  /** A space as stored, in list order with its fellows. */
  public record Row(String id, long rowId, String name, long createdAt) {}

  /**
   * Inserts {@code count} spaces into the organization (a public ID) named {@code names.apply(i)},
   * with {@code created_at = firstCreatedAt + i / sameMillis}: {@code sameMillis} consecutive
   * spaces share a millisecond, so list order has ties broken by row number.
   */
  public void spaces(String organizationId, int count, IntFunction<String> names,
      long firstCreatedAt, int sameMillis) {
    long org = PublicId.parse(organizationId, IdType.Organization, "org").number();
    String sql = "INSERT INTO spaces (suffix, organization_id, name, name_key, description, "
        + "created_at) VALUES (?, ?, ?, ?, '', ?)";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int i = 0; i < count; i++) {
        String name = names.apply(i);
        ps.setString(1, PublicId.newSuffix());
        ps.setLong(2, org);
        ps.setString(3, name);
        ps.setString(4, Like.key(name));
        ps.setLong(5, firstCreatedAt + i / sameMillis);
        ps.addBatch();
        if ((i + 1) % BATCH == 0) {
          ps.executeBatch();
        }
      }
      ps.executeBatch();
      connection.commit();
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("bulk insert failed", e);
    }
  }

  /** Makes {@code userId} a predefined {@code role} member of each space (public IDs). */
  public void spaceMemberships(String userId, List<String> spaceIds, String role) {
    long user = PublicId.parse(userId, IdType.User, "user").number();
    String sql = "INSERT INTO space_memberships (suffix, space_id, user_id, role, created_at) "
        + "VALUES (?, ?, ?, ?, ?)";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (String space : spaceIds) {
        ps.setString(1, PublicId.newSuffix());
        ps.setLong(2, PublicId.parse(space, IdType.Space, "space").number());
        ps.setLong(3, user);
        ps.setString(4, role);
        ps.setLong(5, System.currentTimeMillis());
        ps.addBatch();
      }
      ps.executeBatch();
      connection.commit();
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("bulk insert failed", e);
    }
  }

  /** Every space of the organization (public ID), in list order. */
  public List<Row> spacesOf(String organizationId) {
    long org = PublicId.parse(organizationId, IdType.Organization, "org").number();
    return rows("SELECT id, suffix, name, created_at FROM spaces WHERE organization_id = "
        + org + " ORDER BY created_at, id", IdType.Space);
  }

  /** Every organization, in list order. */
  public List<Row> organizations() {
    return rows("SELECT id, suffix, name, created_at FROM organizations ORDER BY created_at, id",
        IdType.Organization);
  }

  /** Inserts {@code count} organizations named {@code names.apply(i)}, as {@link #spaces}. */
  public void organizations(int count, IntFunction<String> names, long firstCreatedAt,
      int sameMillis) {
    String sql = "INSERT INTO organizations (suffix, name, name_key, description, created_at) "
        + "VALUES (?, ?, ?, '', ?)";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int i = 0; i < count; i++) {
        String name = names.apply(i);
        ps.setString(1, PublicId.newSuffix());
        ps.setString(2, name);
        ps.setString(3, Like.key(name));
        ps.setLong(4, firstCreatedAt + i / sameMillis);
        ps.addBatch();
      }
      ps.executeBatch();
      connection.commit();
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("bulk insert failed", e);
    }
  }

  /**
   * PostgreSQL: refreshes the planner's statistics, as autovacuum soon would after a bulk load.
   * SQLite: nothing — the server never runs ANALYZE there, and its plans must not need it.
   */
  public void analyze() {
    if (!postgres) {
      return;
    }
    try (Statement s = connection.createStatement()) {
      s.execute("ANALYZE spaces");
      connection.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * After a big load, what the database would soon do by itself, so measurements see a settled
   * store: PostgreSQL vacuums and analyzes (setting the visibility map that index-only scans use)
   * and checkpoints; SQLite checkpoints its WAL into the main file.
   */
  public void settle() {
    try (Statement s = connection.createStatement()) {
      connection.commit();
      connection.setAutoCommit(true);
      if (postgres) {
        s.execute("VACUUM (ANALYZE) spaces");
        s.execute("CHECKPOINT");
      } else {
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } finally {
      try {
        connection.setAutoCommit(false);
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
  }

  public Connection connection() {
    return connection;
  }

  private List<Row> rows(String sql, IdType type) {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      List<Row> rows = new ArrayList<>();
      while (rs.next()) {
        long id = rs.getLong("id");
        rows.add(new Row(PublicId.encode(type, id, rs.getString("suffix")), id,
            rs.getString("name"), rs.getLong("created_at")));
      }
      connection.commit();
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private void rollback() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the original failure is what matters
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
