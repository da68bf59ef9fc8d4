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
import dev.spaceport.server.http.ApiProblem;
import dev.spaceport.server.http.Fields;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.Cursors;
import dev.spaceport.server.paging.Page;
import dev.spaceport.server.paging.PageRequest;
import dev.spaceport.server.roles.Assignment;
import dev.spaceport.server.store.ConstraintViolation;
import dev.spaceport.server.store.Database;
import dev.spaceport.server.users.UserRow;
import dev.spaceport.server.users.UserStore;
import java.time.Clock;

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

  static String listScope(String name) {
    return "organizations|name=" + (name == null ? "" : name);
  }

  OrganizationList list(Caller caller, String name, PageRequest page) {
    if (name != null && name.codePointCount(0, name.length()) > Fields.MAX_NAME) {
      throw ApiProblem.badRequest("'name' must be at most " + Fields.MAX_NAME + " characters");
    }
    String term = name == null || name.isEmpty() ? null : name;
    Page<Organization> result = db.read(tx -> Page.of(
        organizations.list(tx, caller, term, page), page, OrganizationRow::sortKey, cursors)
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

  Organization create(Caller caller, OrganizationCreateRequest request) {
    access.requireAccountAdmin(caller, "create organizations");
    String name = Fields.required(request.name(), "name", 1, Fields.MAX_NAME);
    String description = Fields.optional(request.description(), "description",
        Fields.MAX_DESCRIPTION);
    try {
      return db.write(tx -> organizations.insert(tx, name,
          description == null ? "" : description, clock.millis()).toWire());
    } catch (ConstraintViolation e) {
      throw duplicateName(e, name);
    }
  }

  Organization update(Caller caller, PublicId id, OrganizationUpdateRequest request) {
    String name = Fields.optionalNonEmpty(request.name(), "name", Fields.MAX_NAME);
    String description = Fields.optional(request.description(), "description",
        Fields.MAX_DESCRIPTION);
    if (name == null && description == null) {
      throw ApiProblem.badRequest("at least one of 'name' or 'description' must be provided");
    }
    try {
      return db.write(tx -> {
        OrganizationRow old = find(tx, id);
        access.onVisibleOrganization(tx, caller, old.id()).requireAdmin("update it");
        OrganizationRow updated = new OrganizationRow(old.id(), old.suffix(),
            name == null ? old.name() : name,
            description == null ? old.description() : description, old.createdAt());
        organizations.update(tx, updated);
        return updated.toWire();
      });
    } catch (ConstraintViolation e) {
      throw duplicateName(e, name);
    }
  }

  void delete(Caller caller, PublicId id) {
    db.write(tx -> {
      OrganizationRow org = find(tx, id);
      access.onVisibleOrganization(tx, caller, org.id());
      access.requireAccountAdmin(caller, "delete organizations");
      organizations.delete(tx, org.id());
      return null;
    });
  }

  OrganizationMembership addUser(Caller caller, PublicId id, MembershipInput input) {
    PublicId userId = PublicId.parse(Fields.present(input.userId(), "user_id"), IdType.User,
        "user_id");
    Assignment assignment = Assignment.parse(input.role());
    if (!(assignment instanceof Assignment.Predefined predefined)) {
      throw ApiProblem.badRequest("organizations take only predefined roles "
          + "(admin, member, read-only, annotator); custom roles are not supported here");
    }
    return db.write(tx -> {
      OrganizationRow org = find(tx, id);
      access.onVisibleOrganization(tx, caller, org.id()).requireAdmin("manage its members");
      UserRow user = users.findLive(tx, userId).orElseThrow(() -> ApiProblem.notFound("user"));
      RoleConstraints.checkPredefined(user.accountRole(), predefined.role());
      OrganizationStore.MembershipKey key = organizations.upsertMember(tx, org.id(), user.id(),
          predefined.role().wireName(), clock.millis());
      return new OrganizationMembership(
          PublicId.encode(IdType.OrganizationMembership, key.id(), key.suffix()),
          user.publicId(), org.publicId(), RoleAssignment.predefined(predefined.role()));
    });
  }

  void removeUser(Caller caller, PublicId id, PublicId userId) {
    db.write(tx -> {
      OrganizationRow org = find(tx, id);
      access.onVisibleOrganization(tx, caller, org.id()).requireAdmin("manage its members");
      UserRow user = users.findLive(tx, userId).orElseThrow(() -> ApiProblem.notFound("user"));
      if (!organizations.removeMember(tx, org.id(), user.id())) {
        throw ApiProblem.notFound("membership of this user in the organization");
      }
      return null;
    });
  }

  private OrganizationRow find(dev.spaceport.server.store.Tx tx, PublicId id)
      throws java.sql.SQLException {
    return organizations.find(tx, id).orElseThrow(() -> ApiProblem.notFound("organization"));
  }

  private static RuntimeException duplicateName(ConstraintViolation e, String name) {
    if (!e.isUnique()) {
      return e;
    }
    return ApiProblem.conflict("an organization named '" + name + "' already exists");
  }
}
