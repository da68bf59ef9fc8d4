package dev.spaceport.server.roles;

import dev.spaceport.server.access.Access;
import dev.spaceport.server.access.Caller;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.PageRequest;
import dev.spaceport.server.store.RowMapper;
import dev.spaceport.server.store.Tx;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for role bindings. A user has at most one binding per resource (a unique index). */
public final class RoleBindingStore {

  private static final String SELECT = """
      SELECT b.id, b.suffix, b.role_id, r.suffix AS role_suffix, r.name AS role_name,
             b.user_id, u.suffix AS user_suffix, b.space_id, s.suffix AS space_suffix,
             s.organization_id, b.created_at, b.updated_at
      FROM role_bindings b
      JOIN roles r ON r.id = b.role_id
      JOIN users u ON u.id = b.user_id
      JOIN spaces s ON s.id = b.space_id
      """;
  private static final RowMapper<BindingRow> ROW = rs -> new BindingRow(rs.getLong("id"),
      rs.getString("suffix"), rs.getLong("role_id"), rs.getString("role_suffix"),
      rs.getString("role_name"), rs.getLong("user_id"), rs.getString("user_suffix"),
      rs.getLong("space_id"), rs.getString("space_suffix"), rs.getLong("organization_id"),
      rs.getLong("created_at"), rs.getLong("updated_at"));

  public Optional<BindingRow> find(Tx tx, PublicId id) throws SQLException {
    return tx.queryOne(SELECT + " WHERE b.id = ? AND b.suffix = ?", ROW, id.number(), id.suffix());
  }

  public long insert(Tx tx, long roleId, long userId, long spaceId, long now)
      throws SQLException {
    return tx.insert("""
        INSERT INTO role_bindings (suffix, role_id, user_id, resource_type, space_id, created_at,
                                   updated_at)
        VALUES (?, ?, ?, 'SPACE', ?, ?, ?)""",
        PublicId.newSuffix(), roleId, userId, spaceId, now, now);
  }

  /** Gives the user {@code roleId} on the space, replacing any binding they had there. */
  public BindingRow upsertOnSpace(Tx tx, long roleId, long userId, long spaceId, long now)
      throws SQLException {
    long id = tx.queryOne("""
        INSERT INTO role_bindings (suffix, role_id, user_id, resource_type, space_id, created_at,
                                   updated_at)
        VALUES (?, ?, ?, 'SPACE', ?, ?, ?)
        ON CONFLICT (user_id, resource_type, space_id)
        DO UPDATE SET role_id = excluded.role_id, updated_at = excluded.updated_at
        RETURNING id""", rs -> rs.getLong(1),
        PublicId.newSuffix(), roleId, userId, spaceId, now, now).orElseThrow();
    return tx.queryOne(SELECT + " WHERE b.id = ?", ROW, id).orElseThrow();
  }

  /** The user's binding on the space, if any (there is at most one). */
  public Optional<BindingRow> findForUserOnSpace(Tx tx, long userId, long spaceId)
      throws SQLException {
    return tx.queryOne(SELECT + " WHERE b.user_id = ? AND b.space_id = ?", ROW, userId, spaceId);
  }

  public BindingRow reload(Tx tx, long id) throws SQLException {
    return tx.queryOne(SELECT + " WHERE b.id = ?", ROW, id).orElseThrow();
  }

  void changeRole(Tx tx, long bindingId, long roleId, long now) throws SQLException {
    tx.update("UPDATE role_bindings SET role_id = ?, updated_at = ? WHERE id = ?",
        roleId, now, bindingId);
  }

  void delete(Tx tx, long bindingId) throws SQLException {
    tx.update("DELETE FROM role_bindings WHERE id = ?", bindingId);
  }

  /** Removes every binding the user has on the space; returns how many there were. */
  public int deleteForUserOnSpace(Tx tx, long userId, long spaceId) throws SQLException {
    return tx.update("DELETE FROM role_bindings WHERE user_id = ? AND space_id = ?",
        userId, spaceId);
  }

  List<BindingRow> list(Tx tx, Caller caller, Long userId, PageRequest page)
      throws SQLException {
    StringBuilder sql = new StringBuilder(SELECT + " WHERE (b.created_at, b.id) > (?, ?)");
    List<Object> args = new ArrayList<>(List.of(page.afterCreatedAt(), page.afterId()));
    if (userId != null) {
      sql.append(" AND b.user_id = ?");
      args.add(userId);
    }
    Access.readableBindings(caller).ifPresent(readable -> {
      sql.append(" AND ").append(readable.sql());
      args.addAll(readable.args());
    });
    sql.append(" ORDER BY b.created_at, b.id ").append(Tx.LIMIT);
    args.add(page.fetchSize());
    return tx.query(sql.toString(), ROW, args.toArray());
  }
}
