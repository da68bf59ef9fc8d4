package dev.spaceport.server.spaces;

import dev.spaceport.api.MembershipInput;
import dev.spaceport.api.RoleAssignment;
import dev.spaceport.api.SpaceMembership;
import dev.spaceport.api.SpaceMembershipList;
import dev.spaceport.server.access.Caller;
import dev.spaceport.server.access.RoleConstraints;
import dev.spaceport.server.access.SpacePermission;
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

  SpaceMembership add(Caller caller, PublicId spaceId, MembershipInput input) {
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
        SpaceMemberStore.MemberKey key =
            members.upsert(tx, found.space().id(), user.id(), predefined.role(), now);
        return new SpaceMembership(PublicId.encode(IdType.SpaceMembership, key.id(), key.suffix()),
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
      BindingRow binding = bindings.upsertOnSpace(tx, role.id(), user.id(), found.space().id(),
          now);
      return new SpaceMembership(binding.publicId(), user.publicId(), space,
          RoleAssignment.custom(role.publicId(), role.name()));
    });
  }

  void remove(Caller caller, PublicId spaceId, PublicId userId) {
    db.write(tx -> {
      SpaceService.Found found = spaces.findVisible(tx, caller, spaceId);
      if (!found.grant().admin()) {
        found.grant().require(SpacePermission.ROLE_BINDING_DELETE, "remove its members");
      }
      UserRow user = users.findLive(tx, userId).orElseThrow(() -> ApiProblem.notFound("user"));
      int removed = members.delete(tx, found.space().id(), user.id())
          + bindings.deleteForUserOnSpace(tx, user.id(), found.space().id());
      if (removed == 0) {
        throw ApiProblem.notFound("membership of this user in the space");
      }
      return null;
    });
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
