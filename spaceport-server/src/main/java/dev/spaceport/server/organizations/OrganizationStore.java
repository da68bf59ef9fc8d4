package dev.spaceport.server.organizations;

import dev.spaceport.server.access.Access;
import dev.spaceport.server.access.Caller;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.NameFilter;
import dev.spaceport.server.paging.NameMatch;
import dev.spaceport.server.paging.PageRequest;
import dev.spaceport.server.paging.Scan;
import dev.spaceport.server.store.Dialect;
import dev.spaceport.server.store.Like;
import dev.spaceport.server.store.RowMapper;
import dev.spaceport.server.store.Tx;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for organizations and their memberships. */
public final class OrganizationStore {

  private static final String COLUMNS = "o.id, o.suffix, o.name, o.description, o.created_at";
  private static final RowMapper<OrganizationRow> ROW = rs -> new OrganizationRow(
      rs.getLong("id"), rs.getString("suffix"), rs.getString("name"),
      rs.getString("description"), rs.getLong("created_at"));
  /** {@link #findForNewSpace}'s statement per dialect, built once rather than per create. */
  private static final Map<Dialect, String> FOR_NEW_SPACE = new EnumMap<>(Dialect.class);

  static {
    for (Dialect dialect : Dialect.values()) {
      FOR_NEW_SPACE.put(dialect, "SELECT " + COLUMNS + ", (SELECT m.role"
          + " FROM organization_memberships m WHERE m.organization_id = o.id AND m.user_id = ?)"
          + " AS member_role, " + dialect.nextRowNumber("spaces") + " AS space_id"
          + " FROM organizations o WHERE o.id = ? AND o.suffix = ?");
    }
  }

  public Optional<OrganizationRow> find(Tx tx, PublicId id) throws SQLException {
    return tx.queryOne("SELECT " + COLUMNS + " FROM organizations o WHERE o.id = ? AND o.suffix = ?",
        ROW, id.number(), id.suffix());
  }

  /**
   * What creating a space in the organization {@code id} names needs, read in one statement: the
   * organization, {@code userId}'s role in it (null when not a member) to check the caller's
   * grant ({@link Access#onVisibleOrganization(Caller, String)}), and the row number the new
   * space takes ({@link Dialect#nextRowNumber}), so that its inserts need nothing back.
   */
  public Optional<ForNewSpace> findForNewSpace(Tx tx, PublicId id, long userId)
      throws SQLException {
    return tx.queryOne(FOR_NEW_SPACE.get(tx.dialect()),
        rs -> new ForNewSpace(ROW.map(rs), rs.getString("member_role"), rs.getLong("space_id")),
        userId, id.number(), id.suffix());
  }

  /** An organization, one user's role in it (null: not a member), and a new space's number. */
  public record ForNewSpace(OrganizationRow organization, String role, long spaceId) {}

  /** True when {@code userId} belongs to the organization, in any role. */
  public boolean isMember(Tx tx, long organizationId, long userId) throws SQLException {
    return tx.exists("SELECT 1 FROM organization_memberships "
        + "WHERE organization_id = ? AND user_id = ?", organizationId, userId);
  }

  /** The user's role in the organization, if they belong to it. */
  Optional<String> memberRole(Tx tx, long organizationId, long userId) throws SQLException {
    return tx.queryOne("SELECT role FROM organization_memberships "
        + "WHERE organization_id = ? AND user_id = ?", rs -> rs.getString(1), organizationId,
        userId);
  }

  OrganizationRow insert(Tx tx, String name, String description, long now) throws SQLException {
    String suffix = PublicId.newSuffix();
    long id = tx.insert("""
        INSERT INTO organizations (suffix, name, name_key, description, created_at)
        VALUES (?, ?, ?, ?, ?)""", suffix, name, Like.key(name), description, now);
    return new OrganizationRow(id, suffix, name, description, now);
  }

  void update(Tx tx, OrganizationRow org) throws SQLException {
    tx.update("UPDATE organizations SET name = ?, name_key = ?, description = ? WHERE id = ?",
        org.name(), Like.key(org.name()), org.description(), org.id());
  }

  /** Deletes the organization; foreign keys cascade to its spaces and everything under them. */
  void delete(Tx tx, long organizationId) throws SQLException {
    tx.update("DELETE FROM organizations WHERE id = ?", organizationId);
  }

  /**
   * One page of the organizations {@code caller} belongs to (all, for account admins); with a name
   * filter the page may end early (see {@link NameFilter}).
   */
  Scan<OrganizationRow> list(Tx tx, Caller caller, String nameContains, PageRequest page)
      throws SQLException {
    return NameFilter.list(tx, source(caller), nameContains, page, ROW);
  }

  /** The organization named exactly {@code name}, if the caller sees it (organizations_name). */
  Scan<OrganizationRow> listExact(Tx tx, Caller caller, String name, PageRequest page)
      throws SQLException {
    return NameFilter.list(tx, source(caller), name, NameMatch.EXACT, page, ROW);
  }

  /** The organizations {@code caller} can see: all for account admins, else their own. */
  private static NameFilter.Source source(Caller caller) {
    List<String> conditions = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    Access.visibleOrganizations(caller).ifPresent(visible -> {
      conditions.add(visible.sql());
      args.addAll(visible.args());
    });
    return new NameFilter.Source("organizations", "o", conditions, args);
  }

  /** Inserts or changes a membership; returns its row number and suffix. */
  MembershipKey upsertMember(Tx tx, long organizationId, long userId, String role, long now)
      throws SQLException {
    return tx.queryOne("""
        INSERT INTO organization_memberships (suffix, organization_id, user_id, role, created_at)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (organization_id, user_id) DO UPDATE SET role = excluded.role
        RETURNING id, suffix""",
        rs -> new MembershipKey(rs.getLong("id"), rs.getString("suffix")),
        PublicId.newSuffix(), organizationId, userId, role, now).orElseThrow();
  }

  /**
   * Removes a user from the organization and from every space in it (memberships and bindings);
   * false when they were not a member.
   */
  boolean removeMember(Tx tx, long organizationId, long userId) throws SQLException {
    int removed = tx.update("DELETE FROM organization_memberships "
        + "WHERE organization_id = ? AND user_id = ?", organizationId, userId);
    tx.update("DELETE FROM space_memberships WHERE user_id = ? AND space_id IN "
        + "(SELECT id FROM spaces WHERE organization_id = ?)", userId, organizationId);
    tx.update("DELETE FROM role_bindings WHERE user_id = ? AND space_id IN "
        + "(SELECT id FROM spaces WHERE organization_id = ?)", userId, organizationId);
    return removed > 0;
  }

  record MembershipKey(long id, String suffix) {}
}
