package dev.spaceport.bench;

import dev.spaceport.server.keys.ApiKeySecrets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Writes a benchmark dataset straight into a migrated store: one organization with {@code n}
 * spaces whose names make common ("prod", in half of them), rare ("zebra", {@value #RARE_MATCHES}
 * of them) and absent ("qqqq") substring terms, plus one named exactly {@value #COMMON_EXACT}; an
 * account admin; and two members — one in 100 spaces, one in up to 100,000.
 *
 * <p>The rare term has the same {@value #RARE_MATCHES} matches at every size (one in 10,000 at
 * 1,000,000 spaces, one in 10 at 1,000), so every size answers the same full page and only the
 * data around it grows: what the scale-invariance targets are about. (One in 10,000 at every size
 * left 1,000 spaces with no match at all, an empty page compared with a full one.)
 */
final class Dataset {

  static final String ADMIN_KEY = "bench-admin-key-000000000000";
  static final String FEW_KEY = "bench-member-100-key-0000000";
  static final String MANY_KEY = "bench-member-100k-key-000000";
  static final String COMMON = "prod";
  static final String RARE = "zebra";
  /** Spaces named with the rare term, at every size. */
  static final int RARE_MATCHES = 100;
  static final String ABSENT = "qqqq";
  /** One space has exactly this name, which half of the others contain: SDK name resolution. */
  static final String COMMON_EXACT = "production";
  static final long EPOCH = 1_700_000_000_000L;

  private Dataset() {}

  static void load(String jdbcUrl, String user, int spaces) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, null)) {
      c.setAutoCommit(false);
      exec(c, "INSERT INTO organizations (id, suffix, name, name_key, description, created_at) "
          + "VALUES (1, 'Bnch', 'bench', 'bench', '', " + EPOCH + ")");
      insertUser(c, 1, "admin", ADMIN_KEY);
      insertUser(c, 2, "member", FEW_KEY);
      insertUser(c, 3, "member", MANY_KEY);
      exec(c, "INSERT INTO organization_memberships (id, suffix, organization_id, user_id, role, "
          + "created_at) VALUES (1, 'Om01', 1, 2, 'member', 0), (2, 'Om02', 1, 3, 'member', 0)");
      try (PreparedStatement space = c.prepareStatement("INSERT INTO spaces (id, suffix, "
              + "organization_id, name, name_key, description, created_at) VALUES (?,?,1,?,?,'',?)");
          PreparedStatement member = c.prepareStatement("INSERT INTO space_memberships (id, suffix, "
              + "space_id, user_id, role, created_at) VALUES (?,?,?,?,'member',?)")) {
        int memberships = 0;
        int manyEvery = Math.max(1, spaces / 100_000);
        int fewEvery = Math.max(1, spaces / 100);
        for (int i = 1; i <= spaces; i++) {
          String name = name(i, spaces);
          space.setLong(1, i);
          space.setString(2, suffix(i));
          space.setString(3, name);
          space.setString(4, name.toLowerCase());
          space.setLong(5, EPOCH + i);
          space.addBatch();
          if (i % fewEvery == 0) {
            memberships = addMember(member, memberships, i, 2);
          }
          if (i % manyEvery == 0) {
            memberships = addMember(member, memberships, i, 3);
          }
          if (i % 10_000 == 0) {
            space.executeBatch();
            member.executeBatch();
          }
        }
        space.setLong(1, spaces + 1);
        space.setString(2, suffix(spaces + 1));
        space.setString(3, COMMON_EXACT);
        space.setString(4, COMMON_EXACT);
        space.setLong(5, EPOCH + spaces + 1);
        space.addBatch();
        space.executeBatch();
        member.executeBatch();
      }
      if (jdbcUrl.startsWith("jdbc:postgresql:")) {
        // Rows were inserted with explicit IDs; move the identity sequences past them.
        for (String table : new String[] {"organizations", "users", "api_keys", "spaces",
            "organization_memberships", "space_memberships"}) {
          exec(c, "SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), "
              + "(SELECT MAX(id) FROM " + table + "))");
        }
      }
      c.commit();
      if (jdbcUrl.startsWith("jdbc:postgresql:")) {
        // Planner statistics, as autovacuum would gather them soon after a bulk load: without
        // them PostgreSQL guesses at the name index's selectivity and picks slow plans.
        c.setAutoCommit(true);
        exec(c, "ANALYZE");
      }
    }
  }

  /**
   * The name of space {@code i} of {@code spaces}: half contain "prod", {@value #RARE_MATCHES}
   * spread evenly contain "zebra", none contains "qqqq".
   */
  static String name(int i, int spaces) {
    String base = String.format("space-%07d", i);
    int rareEvery = Math.max(1, spaces / RARE_MATCHES);
    if (i % rareEvery == rareEvery / 2) {
      return base + "-" + RARE;
    }
    return i % 2 == 0 ? base + "-" + COMMON + "uction" : base + "-staging";
  }

  static String suffix(int i) {
    String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    char[] s = new char[4];
    int v = i;
    for (int k = 3; k >= 0; k--) {
      s[k] = alphabet.charAt(v % 62);
      v /= 62;
    }
    return new String(s);
  }

  private static int addMember(PreparedStatement member, int count, int space, int user)
      throws SQLException {
    int id = count + 1;
    member.setLong(1, id);
    member.setString(2, suffix(id));
    member.setLong(3, space);
    member.setLong(4, user);
    member.setLong(5, EPOCH + space);
    member.addBatch();
    return id;
  }

  private static void insertUser(Connection c, int id, String role, String key)
      throws SQLException {
    try (PreparedStatement u = c.prepareStatement("INSERT INTO users (id, suffix, name, email, "
        + "email_key, account_role, status, is_developer, created_at) "
        + "VALUES (?, ?, ?, ?, ?, ?, 'active', ?, 0)")) {
      u.setLong(1, id);
      u.setString(2, suffix(id));
      u.setString(3, "bench " + id);
      u.setString(4, "bench" + id + "@bench.local");
      u.setString(5, "bench" + id + "@bench.local");
      u.setString(6, role);
      u.setBoolean(7, true);
      u.executeUpdate();
    }
    try (PreparedStatement k = c.prepareStatement("INSERT INTO api_keys (id, suffix, user_id, "
        + "name, key_type, status, key_hash, redacted_key, created_at, created_by_user_id) "
        + "VALUES (?, ?, ?, 'bench', 'user', 'active', ?, 'bench…', 0, ?)")) {
      k.setLong(1, id);
      k.setString(2, suffix(id));
      k.setLong(3, id);
      k.setBytes(4, ApiKeySecrets.hash(key));
      k.setLong(5, id);
      k.executeUpdate();
    }
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (var s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
