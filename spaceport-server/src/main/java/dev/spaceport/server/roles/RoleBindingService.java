package dev.spaceport.server.roles;

import dev.spaceport.api.PredefinedRole;
import dev.spaceport.api.RoleBinding;
import dev.spaceport.api.RoleBindingCreateRequest;
import dev.spaceport.api.RoleBindingList;
import dev.spaceport.api.RoleBindingUpdateRequest;
import dev.spaceport.server.access.Access;
import dev.spaceport.server.access.Caller;
import dev.spaceport.server.access.RoleConstraints;
import dev.spaceport.server.access.SpaceGrant;
import dev.spaceport.server.access.SpacePermission;
import dev.spaceport.server.audit.Actor;
import dev.spaceport.server.audit.AuditEvent;
import dev.spaceport.server.audit.AuditLog;
import dev.spaceport.server.http.ApiProblem;
import dev.spaceport.server.http.Fields;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.organizations.OrganizationStore;
import dev.spaceport.server.paging.Cursors;
import dev.spaceport.server.paging.Page;
import dev.spaceport.server.paging.PageRequest;
import dev.spaceport.server.store.ConstraintViolation;
import dev.spaceport.server.store.Database;
import dev.spaceport.server.store.Tx;
import dev.spaceport.server.users.UserRow;
import dev.spaceport.server.users.UserStore;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;

/** The rules for role bindings on spaces. */
public final class RoleBindingService {

  private final Database db;
  private final Access access;
  private final Clock clock;
  private final Cursors cursors;
  private final RoleBindingStore bindings = new RoleBindingStore();
  private final RoleStore roles = new RoleStore();
  private final UserStore users = new UserStore();
  private final OrganizationStore organizations = new OrganizationStore();

  public RoleBindingService(Database db, Access access, Clock clock, Cursors cursors) {
    this.db = db;
    this.access = access;
    this.clock = clock;
    this.cursors = cursors;
  }

  /** Validates {@code resource_type}: SPACE is served, PROJECT does not exist here. */
  static void checkResourceType(String resourceType) {
    if (resourceType == null || resourceType.isEmpty()) {
      throw ApiProblem.badRequest("'resource_type' is required (SPACE)");
    }
    if (resourceType.equalsIgnoreCase("PROJECT")) {
      throw ApiProblem.badRequest("Spaceport has no projects; resource_type must be SPACE");
    }
    if (!resourceType.equalsIgnoreCase("SPACE")) {
      throw ApiProblem.badRequest("'resource_type' must be SPACE or PROJECT");
    }
  }

  static String listScope(PublicId userId) {
    return "role-bindings|SPACE|user=" + (userId == null ? "" : userId.encoded());
  }

  RoleBindingList list(Caller caller, PublicId userId, PageRequest page) {
    Page<RoleBinding> result = db.read(tx -> Page.of(
        bindings.list(tx, caller, userId == null ? null : userId.number(), page), page,
        BindingRow::sortKey, cursors).map(BindingRow::toWire));
    return new RoleBindingList(result.items(), result.pagination());
  }

  RoleBinding get(Caller caller, PublicId id) {
    return db.read(tx -> {
      BindingRow binding = findVisible(tx, caller, id);
      return binding.toWire();
    });
  }

  RoleBinding create(Actor actor, RoleBindingCreateRequest request) {
    Caller caller = actor.caller();
    checkResourceType(request.resourceType());
    PublicId roleId = PublicId.parse(Fields.present(request.roleId(), "role_id"), IdType.Role,
        "role_id");
    PublicId userId = PublicId.parse(Fields.present(request.userId(), "user_id"), IdType.User,
        "user_id");
    PublicId spaceId = PublicId.parse(Fields.present(request.resourceId(), "resource_id"),
        IdType.Space, "resource_id");
    try {
      return db.write(tx -> {
        long[] ids = tx.queryOne(
            "SELECT id, organization_id FROM spaces WHERE id = ? AND suffix = ?",
            rs -> new long[] {rs.getLong(1), rs.getLong(2)}, spaceId.number(), spaceId.suffix())
            .orElseThrow(() -> ApiProblem.notFound("space"));
        long space = ids[0];
        SpaceGrant grant = access.onVisibleSpace(tx, caller, space, ids[1]);
        grant.require(SpacePermission.ROLE_BINDING_CREATE, "create role bindings on it");
        RoleRow role = roles.find(tx, roleId).orElseThrow(() -> ApiProblem.notFound("role"));
        requireAdminForPredefined(grant, role);
        UserRow user = users.findLive(tx, userId).orElseThrow(() -> ApiProblem.notFound("user"));
        checkAssignable(tx, user, role, space);
        long id = bindings.insert(tx, role.id(), user.id(), space, clock.millis());
        BindingRow created = bindings.reload(tx, id);
        AuditLog.record(tx, actor, event("role_binding.create", created)
            .after(auditValues(created)));
        return created.toWire();
      });
    } catch (ConstraintViolation e) {
      if (!e.isUnique()) {
        throw e;
      }
      throw ApiProblem.conflict("the user already has a role binding on this space");
    }
  }

  RoleBinding update(Actor actor, PublicId id, RoleBindingUpdateRequest request) {
    Caller caller = actor.caller();
    PublicId roleId = PublicId.parse(Fields.present(request.roleId(), "role_id"), IdType.Role,
        "role_id");
    return db.write(tx -> {
      BindingRow binding = findVisible(tx, caller, id);
      SpaceGrant grant = grant(tx, caller, binding);
      grant.require(SpacePermission.ROLE_BINDING_CREATE, "change role bindings on it");
      RoleRow role = roles.find(tx, roleId).orElseThrow(() -> ApiProblem.notFound("role"));
      requireAdminForPredefined(grant, role);
      UserRow user = users.findLive(tx, PublicId.parse(
          PublicId.encode(IdType.User, binding.userId(), binding.userSuffix()), IdType.User,
          "user_id")).orElseThrow(() -> ApiProblem.notFound("user"));
      checkAssignable(tx, user, role, binding.spaceId());
      bindings.changeRole(tx, binding.id(), role.id(),
          Math.max(clock.millis(), binding.updatedAt()));
      BindingRow updated = bindings.reload(tx, binding.id());
      AuditLog.record(tx, actor, event("role_binding.update", updated)
          .before(auditValues(binding)).after(auditValues(updated)));
      return updated.toWire();
    });
  }

  void delete(Actor actor, PublicId id) {
    Caller caller = actor.caller();
    db.write(tx -> {
      BindingRow binding = findVisible(tx, caller, id);
      grant(tx, caller, binding).require(SpacePermission.ROLE_BINDING_DELETE,
          "delete role bindings on it");
      AuditLog.record(tx, actor, event("role_binding.delete", binding)
          .before(auditValues(binding)));
      bindings.delete(tx, binding.id());
      return null;
    });
  }

  private static AuditEvent event(String action, BindingRow binding) {
    return AuditEvent.of(action, IdType.RoleBinding, binding.publicId())
        .organization(binding.organizationId());
  }

  /** What the audit log keeps of a role binding. */
  private static Map<String, Object> auditValues(BindingRow binding) {
    return AuditEvent.values("role_id", binding.rolePublicId(), "role_name", binding.roleName(),
        "user_id", PublicId.encode(IdType.User, binding.userId(), binding.userSuffix()),
        "resource_type", BindingRow.SPACE,
        "resource_id", PublicId.encode(IdType.Space, binding.spaceId(), binding.spaceSuffix()));
  }

  /**
   * A binding is visible to callers who can see its space (else 404); reading it needs
   * ROLE_BINDING_READ there (else 403).
   */
  private BindingRow findVisible(Tx tx, Caller caller, PublicId id) throws SQLException {
    BindingRow binding = bindings.find(tx, id)
        .orElseThrow(() -> ApiProblem.notFound("role binding"));
    SpaceGrant grant = grant(tx, caller, binding);
    if (!grant.isVisible()) {
      throw ApiProblem.notFound("role binding");
    }
    grant.require(SpacePermission.ROLE_BINDING_READ, "read its role bindings");
    return binding;
  }

  /**
   * A binding to a predefined role is a predefined role assignment (a binding to {@code admin}
   * makes a space admin), so, as for add-user (CONTRACT.md §7), only a space admin or above may
   * hand one out; ROLE_BINDING_CREATE alone covers custom roles only.
   */
  private static void requireAdminForPredefined(SpaceGrant grant, RoleRow role) {
    if (role.isPredefined()) {
      grant.requireAdmin("bind predefined roles on it");
    }
  }

  private SpaceGrant grant(Tx tx, Caller caller, BindingRow binding) throws SQLException {
    return access.onSpace(tx, caller, binding.spaceId(), binding.organizationId());
  }

  private void checkAssignable(Tx tx, UserRow user, RoleRow role, long spaceId)
      throws SQLException {
    long organizationId = tx.queryOne("SELECT organization_id FROM spaces WHERE id = ?",
        rs -> rs.getLong(1), spaceId).orElseThrow();
    if (!organizations.isMember(tx, organizationId, user.id())) {
      throw ApiProblem.badRequest("the user is not a member of the space's organization; "
          + "add them to the organization first");
    }
    if (role.isPredefined()) {
      RoleConstraints.checkPredefined(user.accountRole(),
          PredefinedRole.parse(role.name()).orElseThrow());
    } else {
      RoleConstraints.checkCustom(user.accountRole());
    }
  }
}
