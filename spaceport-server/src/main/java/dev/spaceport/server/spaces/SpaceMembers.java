package dev.spaceport.server.spaces;

import dev.spaceport.api.MembershipInput;
import dev.spaceport.api.RoleAssignment;
import dev.spaceport.api.SpaceMembership;
import dev.spaceport.api.SpaceMembershipList;
import dev.spaceport.server.access.Caller;
import dev.spaceport.server.access.RoleConstraints;
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
import dev.spaceport.server.roles.Assignment;
import dev.spaceport.server.roles.BindingRow;
import dev.spaceport.server.roles.RoleBindingStore;
import dev.spaceport.server.roles.RoleRow;
import dev.spaceport.server.roles.RoleStore;
import dev.spaceport.server.store.Database;
import dev.spaceport.server.users.UserRow;
import dev.spaceport.server.users.UserStore;
import java.time.Clock;
import java.util.Map;

/** Who is on a space: add (upsert), remove, list. */
public final class SpaceMembers {

  private final Database db;
  private final SpaceService spaces;
  private final Clock clock;
  private final Cursors cursors;
  private final SpaceMemberStore members = new SpaceMemberStore();
  private final RoleBindingStore bindings = new RoleBindingStore();
  private final RoleStore roles = new RoleStore();
  private final UserStore users = new UserStore();
  private final OrganizationStore organizations = new OrganizationStore();

  public SpaceMembers(Database db, SpaceService spaces, Clock clock, Cursors cursors) {
    this.db = db;
    this.spaces = spaces;
    this.clock = clock;
    this.cursors = cursors;
  }

  SpaceMembership add(Actor actor, PublicId spaceId, MembershipInput input) {
    Caller caller = actor.caller();
    PublicId userId = PublicId.parse(Fields.present(input.userId(), "user_id"), IdType.User,
        "user_id");
    Assignment assignment = Assignment.parse(input.role());
    return db.write(tx -> {
      SpaceService.Found found = spaces.findVisible(tx, caller, spaceId);
      if (assignment instanceof Assignment.Predefined) {
        found.grant().requireAdmin("give predefined roles on it");
      } else {
        found.grant().require(SpacePermission.ROLE_BINDING_CREATE, "give custom roles on it");
      }
      UserRow user = users.findLive(tx, userId).orElseThrow(() -> ApiProblem.notFound("user"));
      if (!organizations.isMember(tx, found.space().organizationId(), user.id())) {
        throw ApiProblem.badRequest("the user is not a member of the space's organization; "
            + "add them to the organization first");
      }
      long now = clock.millis();
      String space = found.space().publicId();
      if (assignment instanceof Assignment.Predefined predefined) {
        RoleConstraints.checkPredefined(user.accountRole(), predefined.role());
        Map<String, Object> before = members.role(tx, found.space().id(), user.id())
            .map(old -> AuditEvent.values("user_id", user.publicId(), "role", predefined(old)))
            .orElse(null);
        SpaceMemberStore.MemberKey key =
            members.upsert(tx, found.space(), user.id(), predefined.role(), now);
        String membershipId = PublicId.encode(IdType.SpaceMembership, key.id(), key.suffix());
        AuditLog.record(tx, actor, AuditEvent.of("space.user.add", IdType.Space, space)
            .organization(found.space().organizationId()).before(before)
            .after(AuditEvent.values("user_id", user.publicId(), "membership_id", membershipId,
                "role", predefined(predefined.role()))));
        return new SpaceMembership(membershipId,
            user.publicId(), space, RoleAssignment.predefined(predefined.role()));
      }
      PublicId roleId = ((Assignment.Custom) assignment).roleId();
      RoleRow role = roles.find(tx, roleId).orElseThrow(() -> ApiProblem.notFound("role"));
      if (role.isPredefined()) {
        throw ApiProblem.badRequest(
            "'role.id' names a predefined role; send {\"type\": \"predefined\", \"name\": \""
                + role.name() + "\"} instead");
      }
      RoleConstraints.checkCustom(user.accountRole());
      Map<String, Object> before = bindings.findForUserOnSpace(tx, user.id(), found.space().id())
          .map(old -> AuditEvent.values("user_id", user.publicId(), "role", custom(old)))
          .orElse(null);
      BindingRow binding = bindings.upsertOnSpace(tx, role.id(), user.id(), found.space().id(),
          now);
      AuditLog.record(tx, actor, AuditEvent.of("space.user.add", IdType.Space, space)
          .organization(found.space().organizationId()).before(before)
          .after(AuditEvent.values("user_id", user.publicId(), "role_binding_id",
              binding.publicId(), "role", custom(binding))));
      return new SpaceMembership(binding.publicId(), user.publicId(), space,
          RoleAssignment.custom(role.publicId(), role.name()));
    });
  }

  void remove(Actor actor, PublicId spaceId, PublicId userId) {
    db.write(tx -> {
      SpaceService.Found found = spaces.findVisible(tx, actor.caller(), spaceId);
      if (!found.grant().admin()) {
        found.grant().require(SpacePermission.ROLE_BINDING_DELETE, "remove its members");
      }
      UserRow user = users.findLive(tx, userId).orElseThrow(() -> ApiProblem.notFound("user"));
      long spaceRow = found.space().id();
      Map<String, Object> before = AuditEvent.values("user_id", user.publicId(),
          "role", members.role(tx, spaceRow, user.id()).map(SpaceMembers::predefined).orElse(null),
          "custom_role", bindings.findForUserOnSpace(tx, user.id(), spaceRow)
              .map(SpaceMembers::custom).orElse(null));
      int removed = members.delete(tx, spaceRow, user.id())
          + bindings.deleteForUserOnSpace(tx, user.id(), spaceRow);
      if (removed == 0) {
        throw ApiProblem.notFound("membership of this user in the space");
      }
      AuditLog.record(tx, actor, AuditEvent.of("space.user.remove", IdType.Space,
          found.space().publicId()).organization(found.space().organizationId()).before(before));
      return null;
    });
  }

  private static Map<String, Object> predefined(dev.spaceport.api.PredefinedRole role) {
    return AuditEvent.values("type", "predefined", "name", role.wireName());
  }

  private static Map<String, Object> custom(BindingRow binding) {
    return AuditEvent.values("type", "custom", "id", binding.rolePublicId(), "name",
        binding.roleName());
  }

  SpaceMembershipList list(Caller caller, PublicId spaceId, PageRequest page) {
    Page<SpaceMembership> result = db.read(tx -> {
      SpaceService.Found found = spaces.findVisible(tx, caller, spaceId);
      if (!found.grant().has(SpacePermission.SPACE_READ)) {
        found.grant().require(SpacePermission.ROLE_BINDING_READ, "list its members");
      }
      return Page.of(members.list(tx, found.space().id(), found.space().suffix(), page), page,
          SpaceMemberStore.MemberEntry::sortKey, cursors).map(SpaceMemberStore.MemberEntry::membership);
    });
    return new SpaceMembershipList(result.items(), result.pagination());
  }
}
