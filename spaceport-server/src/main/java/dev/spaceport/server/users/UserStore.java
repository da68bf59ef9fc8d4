package dev.spaceport.server.users;

import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.PageRequest;
import dev.spaceport.server.store.Like;
import dev.spaceport.server.store.RowMapper;
import dev.spaceport.server.store.Tx;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** SQL for users. Deleted users keep their row (blocked) but are invisible everywhere. */
public final class UserStore {

  private static final String COLUMNS = "u.id, u.suffix, u.name, u.email, u.account_role, "
      + "u.status, u.is_developer, u.created_at";
  private static final RowMapper<UserRow> ROW = rs -> new UserRow(rs.getLong("id"),
      rs.getString("suffix"), rs.getString("name"), rs.getString("email"),
      rs.getString("account_role"), rs.getString("status"), rs.getBoolean("is_developer"),
      rs.getLong("created_at"));

  /** A user who exists and has not been deleted. */
  public Optional<UserRow> findLive(Tx tx, PublicId id) throws SQLException {
    return tx.queryOne("SELECT " + COLUMNS + " FROM users u "
        + "WHERE u.id = ? AND u.suffix = ? AND u.deleted_at IS NULL", ROW, id.number(), id.suffix());
  }

  public Optional<UserRow> findLiveById(Tx tx, long id) throws SQLException {
    return tx.queryOne("SELECT " + COLUMNS + " FROM users u WHERE u.id = ? AND u.deleted_at IS NULL",
        ROW, id);
  }

  /** True when the ID names a user row at all, deleted or not. */
  boolean existsEver(Tx tx, PublicId id) throws SQLException {
    return tx.exists("SELECT 1 FROM users WHERE id = ? AND suffix = ?", id.number(), id.suffix());
  }

  public boolean isEmpty(Tx tx) throws SQLException {
    return !tx.exists("SELECT 1 FROM users");
  }

  public UserRow insert(Tx tx, String name, String email, String accountRole, boolean developer,
      long now) throws SQLException {
    String suffix = PublicId.newSuffix();
    long id = tx.insert("""
        INSERT INTO users (suffix, name, email, email_key, account_role, status, is_developer,
                           created_at)
        VALUES (?, ?, ?, ?, ?, 'active', ?, ?)""",
        suffix, name, email, emailKey(email), accountRole, developer, now);
    return new UserRow(id, suffix, name, email, accountRole, "active", developer, now);
  }

  void update(Tx tx, UserRow user) throws SQLException {
    tx.update("UPDATE users SET name = ?, is_developer = ? WHERE id = ?",
        user.name(), user.isDeveloper(), user.id());
  }

  long countOtherLiveAdmins(Tx tx, long userId) throws SQLException {
    return tx.queryOne("SELECT COUNT(*) FROM users WHERE account_role = 'admin' "
        + "AND deleted_at IS NULL AND id <> ?", rs -> rs.getLong(1), userId).orElse(0L);
  }

  /** Blocks the user: revokes keys, drops every membership and binding, hides the row. */
  void delete(Tx tx, long userId, long now) throws SQLException {
    tx.update("UPDATE api_keys SET status = 'deleted' WHERE user_id = ?", userId);
    tx.update("DELETE FROM role_bindings WHERE user_id = ?", userId);
    tx.update("DELETE FROM space_memberships WHERE user_id = ?", userId);
    tx.update("DELETE FROM organization_memberships WHERE user_id = ?", userId);
    tx.update("UPDATE users SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL", now, userId);
  }

  List<UserRow> list(Tx tx, Long onlyUserId, String emailContains, List<String> statuses,
      PageRequest page) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM users u "
        + "WHERE (u.created_at, u.id) > (?, ?) AND u.deleted_at IS NULL");
    List<Object> args = new ArrayList<>(List.of(page.afterCreatedAt(), page.afterId()));
    if (onlyUserId != null) {
      sql.append(" AND u.id = ?");
      args.add(onlyUserId);
    }
    if (emailContains != null) {
      // A case-insensitive substring, as Arize documents users.list's email filter.
      sql.append(" AND u.email_key LIKE ").append(tx.dialect().likePattern())
          .append(Like.ESCAPE);
      args.add(Like.containsPattern(emailContains));
    }
    if (!statuses.isEmpty()) {
      sql.append(" AND u.status IN (").append("?, ".repeat(statuses.size() - 1)).append("?)");
      args.addAll(statuses);
    }
    sql.append(" ORDER BY u.created_at, u.id ").append(Tx.LIMIT);
    args.add(page.fetchSize());
    return tx.query(sql.toString(), ROW, args.toArray());
  }

  static String emailKey(String email) {
    return email.toLowerCase(Locale.ROOT);
  }
}
