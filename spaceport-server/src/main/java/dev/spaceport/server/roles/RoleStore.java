package dev.spaceport.server.roles;

import dev.spaceport.api.Permission;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.PageRequest;
import dev.spaceport.server.store.RowMapper;
import dev.spaceport.server.store.Tx;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** SQL for roles and their permissions. */
public final class RoleStore {

  private static final String COLUMNS =
      "r.id, r.suffix, r.name, r.description, r.is_predefined, r.created_at, r.updated_at";
  private static final RowMapper<RoleRow> ROW = rs -> new RoleRow(rs.getLong("id"),
      rs.getString("suffix"), rs.getString("name"), rs.getString("description"),
      rs.getBoolean("is_predefined"), rs.getLong("created_at"), rs.getLong("updated_at"),
      List.of());

  public Optional<RoleRow> find(Tx tx, PublicId id) throws SQLException {
    Optional<RoleRow> role = tx.queryOne("SELECT " + COLUMNS + " FROM roles r "
        + "WHERE r.id = ? AND r.suffix = ?", ROW, id.number(), id.suffix());
    if (role.isEmpty()) {
      return role;
    }
    return Optional.of(withPermissions(tx, List.of(role.get())).get(0));
  }

  RoleRow insert(Tx tx, String name, String description, Collection<Permission> permissions,
      long now) throws SQLException {
    String suffix = PublicId.newSuffix();
    long id = tx.insert("""
        INSERT INTO roles (suffix, name, description, is_predefined, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?)""", suffix, name, description, false, now, now);
    writePermissions(tx, id, permissions);
    return new RoleRow(id, suffix, name, description, false, now, now, sorted(permissions));
  }

  void update(Tx tx, RoleRow role, Collection<Permission> newPermissions) throws SQLException {
    tx.update("UPDATE roles SET name = ?, description = ?, updated_at = ? WHERE id = ?",
        role.name(), role.description(), role.updatedAt(), role.id());
    if (newPermissions != null) {
      tx.update("DELETE FROM role_permissions WHERE role_id = ?", role.id());
      writePermissions(tx, role.id(), newPermissions);
    }
  }

  boolean isInUse(Tx tx, long roleId) throws SQLException {
    return tx.exists("SELECT 1 FROM role_bindings WHERE role_id = ?", roleId);
  }

  void delete(Tx tx, long roleId) throws SQLException {
    tx.update("DELETE FROM roles WHERE id = ?", roleId);
  }

  List<RoleRow> list(Tx tx, Boolean predefined, PageRequest page) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM roles r "
        + "WHERE (r.created_at, r.id) > (?, ?)");
    List<Object> args = new ArrayList<>(List.of(page.afterCreatedAt(), page.afterId()));
    if (predefined != null) {
      sql.append(" AND r.is_predefined = ?");
      args.add(predefined);
    }
    sql.append(" ORDER BY r.created_at, r.id ").append(Tx.LIMIT);
    args.add(page.fetchSize());
    return withPermissions(tx, tx.query(sql.toString(), ROW, args.toArray()));
  }

  /** Fills in permissions for a page of roles with one query, not one per role. */
  private List<RoleRow> withPermissions(Tx tx, List<RoleRow> roles) throws SQLException {
    if (roles.isEmpty()) {
      return roles;
    }
    Map<Long, TreeSet<Permission>> byRole = new HashMap<>();
    List<Object> ids = new ArrayList<>();
    for (RoleRow role : roles) {
      byRole.put(role.id(), new TreeSet<>());
      ids.add(role.id());
    }
    tx.query("SELECT role_id, permission FROM role_permissions WHERE role_id IN ("
        + "?, ".repeat(ids.size() - 1) + "?)",
        rs -> {
          // A stored identifier outside the enum can't happen: every write goes through it.
          Permission.parse(rs.getString("permission"))
              .ifPresent(byRole.get(rs.getLong("role_id"))::add);
          return null;
        }, ids.toArray());
    return roles.stream().map(r -> r.withPermissions(List.copyOf(byRole.get(r.id())))).toList();
  }

  private static void writePermissions(Tx tx, long roleId, Collection<Permission> permissions)
      throws SQLException {
    for (Permission p : new TreeSet<>(permissions)) {
      tx.update("INSERT INTO role_permissions (role_id, permission) VALUES (?, ?)",
          roleId, p.name());
    }
  }

  private static List<Permission> sorted(Collection<Permission> permissions) {
    return List.copyOf(new TreeSet<>(permissions));
  }
}
