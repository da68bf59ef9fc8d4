package dev.spaceport.server.access;

import dev.spaceport.api.PredefinedRole;
import dev.spaceport.server.http.ApiProblem;
import dev.spaceport.server.store.Tx;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that answers "what may this caller do here" (CONTRACT.md §7). Every route asks
 * it, inside the same transaction that then reads or writes, so a grant can't change between the
 * check and the act. Access flows down: account admin → organization admin → space roles and
 * custom role bindings, and a caller's permissions on a space are the union of all that applies.
 */
public final class Access {

  /**
   * SQL for "the organizations the user administers" ({@code organization_id} rows); binds the
   * user's row once.
   */
  public static final String ADMINISTERED_ORGANIZATIONS =
      "SELECT organization_id FROM organization_memberships WHERE user_id = ? AND role = 'admin'";

  /**
   * SQL condition for "role binding {@code alias} lets its user read its space": its role holds
   * {@code SPACE_READ} (every predefined role does). A binding without it grants what it holds,
   * but the space stays invisible to that user (CONTRACT.md §7: a space the caller can't read is
   * 404 on every route and absent from lists).
   */
  public static String bindingGrantsRead(String alias) {
    return alias + ".role_id IN (SELECT role_id FROM role_permissions"
        + " WHERE permission = 'SPACE_READ')";
  }

  /**
   * SQL condition for "space {@code s} is visible to the caller": binds the caller's user row three
   * times. List queries use it so that invisible spaces are never even read.
   */
  private static final String VISIBLE_SPACE = "(s.organization_id IN (" + ADMINISTERED_ORGANIZATIONS
      + ") OR s.id IN (SELECT space_id FROM space_memberships WHERE user_id = ?)"
      + " OR s.id IN (SELECT rb.space_id FROM role_bindings rb WHERE rb.user_id = ? AND "
      + bindingGrantsRead("rb") + "))";

  /** SQL condition for "organization {@code o} is visible to the caller"; binds the row once. */
  private static final String VISIBLE_ORGANIZATION =
      "o.id IN (SELECT organization_id FROM organization_memberships WHERE user_id = ?)";

  /**
   * SQL condition for "the caller may read role bindings on space {@code space_id}"; binds the
   * caller's user row three times.
   */
  private static final String BINDINGS_READABLE = """
      (b.space_id IN (SELECT s.id FROM spaces s JOIN organization_memberships om
                        ON om.organization_id = s.organization_id
                      WHERE om.user_id = ? AND om.role = 'admin')
       OR b.space_id IN (SELECT space_id FROM space_memberships
                         WHERE user_id = ? AND role IN ('admin', 'member'))
       OR b.space_id IN (SELECT rb.space_id FROM role_bindings rb
                           JOIN role_permissions rp ON rp.role_id = rb.role_id
                         WHERE rb.user_id = ? AND rp.permission = 'ROLE_BINDING_READ'
                           AND %s))""".formatted(bindingGrantsRead("rb"));

  /**
   * A SQL condition and its arguments: the part of a list query that keeps only the visible, or
   * what a write requires to still hold as it runs ({@code Tx.Statement.require}).
   */
  public record Condition(String sql, List<Object> args) {

    /** Both this and {@code other}. */
    public Condition and(Condition other) {
      List<Object> both = new ArrayList<>(args);
      both.addAll(other.args);
      return new Condition("(" + sql + ") AND (" + other.sql + ")", both);
    }
  }

  /** Spaces {@code s} the caller can see; empty for account admins, who see every space. */
  public static Optional<Condition> visibleSpaces(Caller caller) {
    return restricted(caller, VISIBLE_SPACE, 3);
  }

  /**
   * Organizations {@code o} the caller can see (those they belong to); empty for account admins,
   * who see every organization.
   */
  public static Optional<Condition> visibleOrganizations(Caller caller) {
    return restricted(caller, VISIBLE_ORGANIZATION, 1);
  }

  /** Role bindings {@code b} the caller may read; empty for account admins, who read all. */
  public static Optional<Condition> readableBindings(Caller caller) {
    return restricted(caller, BINDINGS_READABLE, 3);
  }

  private static Optional<Condition> restricted(Caller caller, String sql, int binds) {
    if (caller.isAccountAdmin()) {
      return Optional.empty();
    }
    return Optional.of(new Condition(sql, Collections.nCopies(binds, caller.userId())));
  }

  /**
   * The organizations {@code userId} administers (only {@code organizationId}, when not null): the
   * grant that makes all their spaces visible.
   */
  public static List<Long> administeredOrganizations(Tx tx, long userId, Long organizationId)
      throws SQLException {
    return organizationId == null
        ? tx.query(ADMINISTERED_ORGANIZATIONS, rs -> rs.getLong(1), userId)
        : tx.query(ADMINISTERED_ORGANIZATIONS + " AND organization_id = ?", rs -> rs.getLong(1),
            userId, organizationId);
  }

  public SpaceGrant onSpace(Tx tx, Caller caller, long spaceId, long organizationId)
      throws SQLException {
    if (caller.isAccountAdmin()) {
      return SpaceGrant.FULL;
    }
    long user = caller.userId();
    Roles roles = tx.queryOne("""
        SELECT (SELECT role FROM organization_memberships
                WHERE organization_id = ? AND user_id = ?) AS org_role,
               (SELECT role FROM space_memberships
                WHERE space_id = ? AND user_id = ?) AS space_role,
               (SELECT role_id FROM role_bindings
                WHERE space_id = ? AND user_id = ?) AS bound_role
        """,
        rs -> new Roles(rs.getString("org_role"), rs.getString("space_role"),
            Tx.nullableLong(rs, "bound_role")),
        organizationId, user, spaceId, user, spaceId, user).orElseThrow();
    if ("admin".equals(roles.org)) {
      return SpaceGrant.FULL;
    }
    Set<String> permissions = new HashSet<>();
    boolean admin = false;
    if (roles.space != null) {
      PredefinedRole role = PredefinedRole.parse(roles.space).orElseThrow();
      permissions.addAll(SpacePermission.of(role));
      admin = role == PredefinedRole.ADMIN;
    }
    if (roles.boundRole != null) {
      List<String> granted = tx.query("""
          SELECT rp.permission, r.name, r.is_predefined FROM roles r
          JOIN role_permissions rp ON rp.role_id = r.id WHERE r.id = ?""",
          rs -> {
            if (rs.getBoolean("is_predefined") && "admin".equals(rs.getString("name"))) {
              return "*admin";
            }
            return rs.getString("permission");
          }, roles.boundRole);
      for (String p : granted) {
        if (p.equals("*admin")) {
          admin = true;
        } else {
          permissions.add(p);
        }
      }
    }
    return admin ? SpaceGrant.FULL : new SpaceGrant(Set.copyOf(permissions), false);
  }

  /** Like {@link #onSpace} but a space the caller can't see is a 404, as if it did not exist. */
  public SpaceGrant onVisibleSpace(Tx tx, Caller caller, long spaceId, long organizationId)
      throws SQLException {
    SpaceGrant grant = onSpace(tx, caller, spaceId, organizationId);
    if (!grant.isVisible()) {
      throw ApiProblem.notFound("space");
    }
    return grant;
  }

  public OrganizationGrant onOrganization(Tx tx, Caller caller, long organizationId)
      throws SQLException {
    String role = tx.queryOne(
        "SELECT role FROM organization_memberships WHERE organization_id = ? AND user_id = ?",
        rs -> rs.getString(1), organizationId, caller.userId()).orElse(null);
    return new OrganizationGrant(role, caller.isAccountAdmin());
  }

  /** Like {@link #onOrganization} but an organization the caller can't see is a 404. */
  public OrganizationGrant onVisibleOrganization(Tx tx, Caller caller, long organizationId)
      throws SQLException {
    return visible(onOrganization(tx, caller, organizationId));
  }

  /**
   * Like {@link #onVisibleOrganization(Tx, Caller, long)} for a caller whose role in the
   * organization ({@code memberRole}, null when not a member) was read with the organization
   * itself, in the same transaction.
   */
  public OrganizationGrant onVisibleOrganization(Caller caller, String memberRole) {
    return visible(new OrganizationGrant(memberRole, caller.isAccountAdmin()));
  }

  /**
   * The organization numbered {@code organizationId} with {@code suffix} exists and the caller may
   * create spaces in it: what {@link #onVisibleOrganization(Caller, String)} and
   * {@link OrganizationGrant#requireSpaceCreator} allow, as one SQL condition, for a create that
   * sends its check with its inserts. When it does not hold, the create reads the organization and
   * the caller's role to say why (404 or 403).
   */
  public static Condition spaceCreatorIn(Caller caller, long organizationId, String suffix) {
    String organization = "SELECT 1 FROM organizations o WHERE o.id = ? AND o.suffix = ?";
    if (caller.isAccountAdmin()) {
      return new Condition("EXISTS (" + organization + ")", List.of(organizationId, suffix));
    }
    return new Condition("EXISTS (" + organization + " AND EXISTS (SELECT 1"
        + " FROM organization_memberships m WHERE m.organization_id = o.id AND m.user_id = ?"
        + " AND m.role IN ('" + String.join("', '", OrganizationGrant.SPACE_CREATOR_ROLES)
        + "')))",
        List.of(organizationId, suffix, caller.userId()));
  }

  private static OrganizationGrant visible(OrganizationGrant grant) {
    if (!grant.isVisible()) {
      throw ApiProblem.notFound("organization");
    }
    return grant;
  }

  /** Account admins manage users and roles; everyone else is refused with a 403. */
  public void requireAccountAdmin(Caller caller, String what) {
    if (!caller.isAccountAdmin()) {
      throw ApiProblem.forbidden("only account admins may " + what);
    }
  }

  /** Account admins and members see every user; annotators see only themselves. */
  public boolean canSeeUser(Caller caller, long userId) {
    return !caller.isAnnotator() || caller.userId() == userId;
  }

  /**
   * The one user a caller's user list is limited to (annotators see only themselves), or empty
   * when they see every user.
   */
  public Optional<Long> usersVisibleOnly(Caller caller) {
    return caller.isAnnotator() ? Optional.of(caller.userId()) : Optional.empty();
  }

  /**
   * Who may read the audit log: account admins all of it (empty), organization admins the records
   * of the organizations they administer (their user row, to filter by with
   * {@link #ADMINISTERED_ORGANIZATIONS}); anyone else is refused with a 403.
   */
  public Optional<Long> auditLogReader(Tx tx, Caller caller) throws SQLException {
    if (caller.isAccountAdmin()) {
      return Optional.empty();
    }
    if (!tx.exists(ADMINISTERED_ORGANIZATIONS, caller.userId())) {
      throw ApiProblem.forbidden(
          "only account admins and organization admins may read the audit log");
    }
    return Optional.of(caller.userId());
  }

  private record Roles(String org, String space, Long boundRole) {}
}
