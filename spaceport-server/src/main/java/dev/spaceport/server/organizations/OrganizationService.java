package dev.spaceport.server.organizations;

import dev.spaceport.api.MembershipInput;
import dev.spaceport.api.Organization;
import dev.spaceport.api.OrganizationCreateRequest;
import dev.spaceport.api.OrganizationList;
import dev.spaceport.api.OrganizationMembership;
import dev.spaceport.api.OrganizationUpdateRequest;
import dev.spaceport.api.RoleAssignment;
import dev.spaceport.server.access.Access;
import dev.spaceport.server.access.Caller;
import dev.spaceport.server.access.RoleConstraints;
import dev.spaceport.server.audit.Actor;
import dev.spaceport.server.audit.AuditEvent;
import dev.spaceport.server.audit.AuditLog;
import dev.spaceport.server.http.ApiProblem;
import dev.spaceport.server.http.Fields;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.Cursors;
import dev.spaceport.server.paging.NameMatch;
import dev.spaceport.server.paging.Page;
import dev.spaceport.server.paging.PageRequest;
import dev.spaceport.server.roles.Assignment;
import dev.spaceport.server.store.ConstraintViolation;
import dev.spaceport.server.store.Database;
import dev.spaceport.server.users.UserRow;
import dev.spaceport.server.users.UserStore;
import java.time.Clock;
import java.util.Map;

/** The rules for organizations and their memberships. */
public final class OrganizationService {

  private final Database db;
  private final Access access;
  private final Clock clock;
  private final Cursors cursors;
  private final OrganizationStore organizations = new OrganizationStore();
  private final UserStore users = new UserStore();

  public OrganizationService(Database db, Access access, Clock clock, Cursors cursors) {
    this.db = db;
    this.access = access;
    this.clock = clock;
    this.cursors = cursors;
  }

  static String listScope(String name, NameMatch match) {
    return "organizations|name=" + (name == null ? "" : name) + match.scopeSuffix();
  }

  OrganizationList list(Caller caller, String name, NameMatch match, PageRequest page) {
    if (name != null && name.codePointCount(0, name.length()) > Fields.MAX_NAME) {
      throw ApiProblem.badRequest("'name' must be at most " + Fields.MAX_NAME + " characters");
    }
    String term = name == null || name.isEmpty() ? null : name;
    Page<Organization> result = db.read(tx -> Page.of(
        term != null && match == NameMatch.EXACT
            ? organizations.listExact(tx, caller, term, page)
            : organizations.list(tx, caller, term, page), page, OrganizationRow::sortKey, cursors)
        .map(OrganizationRow::toWire));
    return new OrganizationList(result.items(), result.pagination());
  }

  Organization get(Caller caller, PublicId id) {
    return db.read(tx -> {
      OrganizationRow org = find(tx, id);
      access.onVisibleOrganization(tx, caller, org.id());
      return org.toWire();
    });
  }

  Organization create(Actor actor, OrganizationCreateRequest request) {
    access.requireAccountAdmin(actor.caller(), "create organizations");
    String name = Fields.required(request.name(), "name", 1, Fields.MAX_NAME);
    String description = Fields.optional(request.description(), "description",
        Fields.MAX_DESCRIPTION);
    try {
      return db.write(tx -> {
        OrganizationRow org = organizations.insert(tx, name,
            description == null ? "" : description, clock.millis());
        AuditLog.record(tx, actor, event("organization.create", org).after(auditValues(org)));
        return org.toWire();
      });
    } catch (ConstraintViolation e) {
      throw duplicateName(e, name);
    }
  }

  Organization update(Actor actor, PublicId id, OrganizationUpdateRequest request) {
    String name = Fields.optionalNonEmpty(request.name(), "name", Fields.MAX_NAME);
    String description = Fields.optional(request.description(), "description",
        Fields.MAX_DESCRIPTION);
    if (name == null && description == null) {
      throw ApiProblem.badRequest("at least one of 'name' or 'description' must be provided");
    }
    try {
      return db.write(tx -> {
        OrganizationRow old = find(tx, id);
        access.onVisibleOrganization(tx, actor.caller(), old.id()).requireAdmin("update it");
        OrganizationRow updated = new OrganizationRow(old.id(), old.suffix(),
            name == null ? old.name() : name,
            description == null ? old.description() : description, old.createdAt());
        organizations.update(tx, updated);
        AuditLog.record(tx, actor, event("organization.update", old).before(auditValues(old))
            .after(auditValues(updated)));
        return updated.toWire();
      });
    } catch (ConstraintViolation e) {
      throw duplicateName(e, name);
    }
  }

  void delete(Actor actor, PublicId id) {
    Caller caller = actor.caller();
    db.write(tx -> {
      OrganizationRow org = find(tx, id);
      access.onVisibleOrganization(tx, caller, org.id());
      access.requireAccountAdmin(caller, "delete organizations");
      AuditLog.record(tx, actor, event("organization.delete", org).before(auditValues(org)));
      organizations.delete(tx, org.id());
      return null;
    });
  }

  OrganizationMembership addUser(Actor actor, PublicId id, MembershipInput input) {
    PublicId userId = PublicId.parse(Fields.present(input.userId(), "user_id"), IdType.User,
        "user_id");
    Assignment assignment = Assignment.parse(input.role());
    if (!(assignment instanceof Assignment.Predefined predefined)) {
      throw ApiProblem.badRequest("organizations take only predefined roles "
          + "(admin, member, read-only, annotator); custom roles are not supported here");
    }
    return db.write(tx -> {
      OrganizationRow org = find(tx, id);
      access.onVisibleOrganization(tx, actor.caller(), org.id())
          .requireAdmin("manage its members");
      UserRow user = users.findLive(tx, userId).orElseThrow(() -> ApiProblem.notFound("user"));
      RoleConstraints.checkPredefined(user.accountRole(), predefined.role());
      Map<String, Object> before = organizations.memberRole(tx, org.id(), user.id())
          .map(old -> AuditEvent.values("user_id", user.publicId(), "role", predefined(old)))
          .orElse(null);
      OrganizationStore.MembershipKey key = organizations.upsertMember(tx, org.id(), user.id(),
          predefined.role().wireName(), clock.millis());
      String membershipId = PublicId.encode(IdType.OrganizationMembership, key.id(),
          key.suffix());
      AuditLog.record(tx, actor, event("organization.user.add", org).before(before)
          .after(AuditEvent.values("user_id", user.publicId(), "membership_id", membershipId,
              "role", predefined(predefined.role().wireName()))));
      return new OrganizationMembership(membershipId,
          user.publicId(), org.publicId(), RoleAssignment.predefined(predefined.role()));
    });
  }

  void removeUser(Actor actor, PublicId id, PublicId userId) {
    db.write(tx -> {
      OrganizationRow org = find(tx, id);
      access.onVisibleOrganization(tx, actor.caller(), org.id())
          .requireAdmin("manage its members");
      UserRow user = users.findLive(tx, userId).orElseThrow(() -> ApiProblem.notFound("user"));
      String role = organizations.memberRole(tx, org.id(), user.id()).orElse(null);
      if (!organizations.removeMember(tx, org.id(), user.id())) {
        throw ApiProblem.notFound("membership of this user in the organization");
      }
      AuditLog.record(tx, actor, event("organization.user.remove", org).before(
          AuditEvent.values("user_id", user.publicId(), "role", predefined(role))));
      return null;
    });
  }

  private OrganizationRow find(dev.spaceport.server.store.Tx tx, PublicId id)
      throws java.sql.SQLException {
    return organizations.find(tx, id).orElseThrow(() -> ApiProblem.notFound("organization"));
  }

  private static AuditEvent event(String action, OrganizationRow org) {
    return AuditEvent.of(action, IdType.Organization, org.publicId())
        .organization(org.id(), org.publicId());
  }

  /** What the audit log keeps of an organization. */
  private static Map<String, Object> auditValues(OrganizationRow org) {
    return AuditEvent.values("name", org.name(), "description", org.description());
  }

  private static Map<String, Object> predefined(String role) {
    return role == null ? null : AuditEvent.values("type", "predefined", "name", role);
  }

  private static RuntimeException duplicateName(ConstraintViolation e, String name) {
    if (!e.isUnique()) {
      return e;
    }
    return ApiProblem.conflict("an organization named '" + name + "' already exists");
  }
}
