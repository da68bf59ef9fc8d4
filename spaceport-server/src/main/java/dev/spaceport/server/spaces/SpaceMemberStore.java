package dev.spaceport.server.spaces;

import dev.spaceport.api.PredefinedRole;
import dev.spaceport.api.RoleAssignment;
import dev.spaceport.api.SpaceMembership;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.PageRequest;
import dev.spaceport.server.paging.SortKey;
import dev.spaceport.server.store.Tx;
import java.sql.SQLException;
import java.util.List;

/** SQL for predefined space memberships, and the member list that merges them with bindings. */
final class SpaceMemberStore {

  /**
   * Gives the user a predefined role on the space, replacing the one they had. The space's
   * created_at goes in with the row (the list-order copy, migration V20), which spares the insert
   * trigger looking it up.
   */
  MemberKey upsert(Tx tx, SpaceRow space, long userId, PredefinedRole role, long now)
      throws SQLException {
    return tx.queryOne("""
        INSERT INTO space_memberships (suffix, space_id, user_id, role, created_at,
                                       space_created_at)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (space_id, user_id) DO UPDATE SET role = excluded.role
        RETURNING id, suffix""",
        rs -> new MemberKey(rs.getLong("id"), rs.getString("suffix")),
        PublicId.newSuffix(), space.id(), userId, role.wireName(), now, space.createdAt())
        .orElseThrow();
  }

  /**
   * The statement that makes {@code userId} the admin of a space just created (in this
   * transaction, so it has no memberships yet), for {@link Tx#updateAll}.
   */
  Tx.Statement creator(SpaceRow space, long userId, long now) {
    return new Tx.Statement("""
        INSERT INTO space_memberships (suffix, space_id, user_id, role, created_at,
                                       space_created_at)
        VALUES (?, ?, ?, ?, ?, ?)""",
        PublicId.newSuffix(), space.id(), userId, PredefinedRole.ADMIN.wireName(), now,
        space.createdAt());
  }

  /** The user's predefined role on the space, if they have a membership. */
  java.util.Optional<PredefinedRole> role(Tx tx, long spaceId, long userId) throws SQLException {
    return tx.queryOne("SELECT role FROM space_memberships WHERE space_id = ? AND user_id = ?",
        rs -> PredefinedRole.parse(rs.getString(1)).orElseThrow(), spaceId, userId);
  }

  int delete(Tx tx, long spaceId, long userId) throws SQLException {
    return tx.update("DELETE FROM space_memberships WHERE space_id = ? AND user_id = ?",
        spaceId, userId);
  }

  /**
   * Memberships and custom bindings of a space in one keyset-paged order. The two tables number
   * their rows independently, so the sort key's second part interleaves them: 2n for membership n,
   * 2n+1 for binding n.
   */
  List<MemberEntry> list(Tx tx, long spaceId, String spaceSuffix, PageRequest page)
      throws SQLException {
    String space = PublicId.encode(IdType.Space, spaceId, spaceSuffix);
    return tx.query("""
        SELECT * FROM (
          SELECT m.created_at, m.id * 2 AS sort_id, m.id, m.suffix, u.id AS user_id,
                 u.suffix AS user_suffix, m.role, CAST(NULL AS BIGINT) AS role_id,
                 CAST(NULL AS VARCHAR(8)) AS role_suffix, CAST(NULL AS VARCHAR(1024)) AS role_name
          FROM space_memberships m JOIN users u ON u.id = m.user_id
          WHERE m.space_id = ?
          UNION ALL
          SELECT b.created_at, b.id * 2 + 1, b.id, b.suffix, u.id, u.suffix,
                 CAST(NULL AS VARCHAR(16)), r.id,
                 r.suffix, r.name
          FROM role_bindings b JOIN users u ON u.id = b.user_id JOIN roles r ON r.id = b.role_id
          WHERE b.space_id = ?
        ) x
        WHERE (created_at, sort_id) > (?, ?)
        ORDER BY created_at, sort_id
        """ + Tx.LIMIT,
        rs -> {
          String userId = PublicId.encode(IdType.User, rs.getLong("user_id"),
              rs.getString("user_suffix"));
          String role = rs.getString("role");
          SpaceMembership membership = role != null
              ? new SpaceMembership(
                  PublicId.encode(IdType.SpaceMembership, rs.getLong("id"), rs.getString("suffix")),
                  userId, space, RoleAssignment.predefined(PredefinedRole.parse(role).orElseThrow()))
              : new SpaceMembership(
                  PublicId.encode(IdType.RoleBinding, rs.getLong("id"), rs.getString("suffix")),
                  userId, space, RoleAssignment.custom(
                      PublicId.encode(IdType.Role, rs.getLong("role_id"), rs.getString("role_suffix")),
                      rs.getString("role_name")));
          return new MemberEntry(membership, new SortKey(rs.getLong("created_at"),
              rs.getLong("sort_id")));
        },
        spaceId, spaceId, page.afterCreatedAt(), page.afterId(), page.fetchSize());
  }

  record MemberKey(long id, String suffix) {}

  record MemberEntry(SpaceMembership membership, SortKey sortKey) {}
}
