package dev.spaceport.server.api;

import static dev.spaceport.server.api.ApiAssertions.assertCursorChecks;
import static dev.spaceport.server.api.ApiAssertions.assertId;
import static dev.spaceport.server.api.ApiAssertions.assertIdChecks;
import static dev.spaceport.server.api.ApiAssertions.assertLimitChecks;
import static dev.spaceport.server.api.ApiAssertions.assertProblem;
import static dev.spaceport.server.api.ApiAssertions.assertUnauthenticated;
import static dev.spaceport.server.api.ApiAssertions.custom;
import static dev.spaceport.server.api.ApiAssertions.fieldNames;
import static dev.spaceport.server.api.ApiAssertions.firstCursor;
import static dev.spaceport.server.api.ApiAssertions.missingId;
import static dev.spaceport.server.api.ApiAssertions.predefined;
import static dev.spaceport.server.api.ApiAssertions.q;
import static dev.spaceport.server.api.ApiAssertions.texts;
import static dev.spaceport.server.api.ApiAssertions.walk;
import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.Fixtures.TestUser;
import dev.spaceport.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /v2/spaces/{space_id}/users}: add (predefined and custom, upsert), remove, list members.
 */
class SpaceMembersApiTest {

  static TestServer server;
  static Api admin;
  static Fixtures fx;
  static String adminUserId;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
    fx = server.fixtures();
    adminUserId = admin.get("/v2/users?email=" + q("admin@spaceport.local")).expect(200).json()
        .get("users").get(0).get("id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String users(String space) {
    return "/v2/spaces/" + seg(space) + "/users";
  }

  private static String user(String space, String userId) {
    return users(space) + "/" + seg(userId);
  }

  private static TestUser orgUser(String org, String accountRole, String orgRole) {
    TestUser user = fx.user(accountRole);
    fx.addToOrganization(org, user.id(), orgRole);
    return user;
  }

  private static JsonNode tree(Object value) {
    return Api.JSON.valueToTree(value);
  }

  private static JsonNode members(Api api, String space) {
    return api.get(users(space) + "?limit=100").expect(200).json().get("memberships");
  }

  // ---------------------------------------------------------------------------- add user

  @Test
  void addingWithAPredefinedRoleAnswersTheMembership() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = orgUser(org, "member", "member");

    JsonNode membership = admin.post(users(space),
        body("user_id", user.id(), "role", predefined("read-only"))).expect(200).json();

    assertThat(fieldNames(membership)).containsExactlyInAnyOrder("id", "user_id", "space_id",
        "role");
    assertId(membership.get("id").asText(), "SpaceMembership");
    assertThat(membership.get("user_id").asText()).isEqualTo(user.id());
    assertThat(membership.get("space_id").asText()).isEqualTo(space);
    // Exactly {type, name}: not even "id": null.
    assertThat(membership.get("role")).isEqualTo(tree(predefined("read-only")));
    user.api().get("/v2/spaces/" + seg(space)).expect(200);
  }

  @Test
  void everyPredefinedRoleCanBeGivenAndUpperCaseSpellingsAreAccepted() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = orgUser(org, "member", "member");
    for (String[] spelling : new String[][] {{"admin", "admin"}, {"member", "member"},
        {"read-only", "read-only"}, {"ADMIN", "admin"}, {"READ_ONLY", "read-only"},
        {"MEMBER", "member"}}) {
      JsonNode membership = admin.post(users(space), body("user_id", user.id(), "role",
          Map.of("type", "PREDEFINED", "name", spelling[0]))).expect(200).json();
      assertThat(membership.get("role")).isEqualTo(tree(predefined(spelling[1])));
    }
    TestUser annotator = orgUser(org, "annotator", "annotator");
    assertThat(admin.post(users(space), body("user_id", annotator.id(), "role",
        predefined("ANNOTATOR"))).expect(200).json().get("role"))
        .isEqualTo(tree(predefined("annotator")));
  }

  @Test
  void addingWithACustomRoleSetsTheBindingAndIgnoresASentName() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = orgUser(org, "member", "member");
    String roleName = Fixtures.unique("reader");
    String role = admin.post("/v2/roles", body("name", roleName, "permissions",
        List.of("SPACE_READ"))).expect(201).id();

    JsonNode membership = admin.post(users(space), body("user_id", user.id(), "role",
        Map.of("type", "custom", "id", role, "name", "ignored"))).expect(200).json();

    assertId(membership.get("id").asText(), "RoleBinding");
    assertThat(membership.get("user_id").asText()).isEqualTo(user.id());
    assertThat(membership.get("space_id").asText()).isEqualTo(space);
    assertThat(membership.get("role")).isEqualTo(tree(Map.of("type", "custom", "id", role,
        "name", roleName)));
    JsonNode binding = admin.get("/v2/role-bindings/" + seg(membership.get("id").asText()))
        .expect(200).json();
    assertThat(binding.get("role_id").asText()).isEqualTo(role);
    assertThat(binding.get("user_id").asText()).isEqualTo(user.id());
    assertThat(binding.get("resource_type").asText()).isEqualTo("SPACE");
    assertThat(binding.get("resource_id").asText()).isEqualTo(space);
    user.api().get("/v2/spaces/" + seg(space)).expect(200);
  }

  @Test
  void addingIsAnUpsert() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = orgUser(org, "member", "member");

    String first = admin.post(users(space), body("user_id", user.id(), "role",
        predefined("member"))).expect(200).id();
    JsonNode second = admin.post(users(space), body("user_id", user.id(), "role",
        predefined("read-only"))).expect(200).json();
    assertThat(second.get("id").asText()).isEqualTo(first);
    assertThat(second.get("role")).isEqualTo(tree(predefined("read-only")));

    String roleA = fx.role(List.of("SPACE_READ"));
    String roleB = fx.role(List.of("SPACE_READ", "SPACE_UPDATE"));
    String bindingA = admin.post(users(space), body("user_id", user.id(), "role", custom(roleA)))
        .expect(200).id();
    JsonNode bindingB = admin.post(users(space), body("user_id", user.id(), "role",
        custom(roleB))).expect(200).json();
    assertThat(bindingB.get("id").asText()).isEqualTo(bindingA);
    assertThat(bindingB.get("role").get("id").asText()).isEqualTo(roleB);

    // One membership and one binding for the user, each with its latest role.
    JsonNode mine = members(admin, space);
    List<JsonNode> entries = new ArrayList<>();
    mine.forEach(m -> {
      if (m.get("user_id").asText().equals(user.id())) {
        entries.add(m);
      }
    });
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).get("role")).isEqualTo(tree(predefined("read-only")));
    assertThat(entries.get(1).get("role").get("id").asText()).isEqualTo(roleB);
    assertThat(admin.get("/v2/role-bindings/" + seg(bindingA)).expect(200).text("role_id"))
        .isEqualTo(roleB);
  }

  @Test
  void addUserRejectsBadBodiesWith400() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = orgUser(org, "member", "member");
    String id = user.id();
    record Case(Object body, String... detail) {}
    List<Case> cases = List.of(
        new Case(body("role", predefined("member")), "'user_id'", "required"),
        new Case(body("user_id", "nope", "role", predefined("member")), "'user_id'",
            "not a valid User ID"),
        new Case(body("user_id", space, "role", predefined("member")), "'user_id'",
            "expected a User ID"),
        new Case(body("user_id", id), "'role'", "required"),
        new Case(body("user_id", id, "role", Map.of("name", "member")), "'role.type'"),
        new Case(body("user_id", id, "role", Map.of("type", "builtin", "name", "member")),
            "'role.type'", "predefined or custom"),
        new Case(body("user_id", id, "role", Map.of("type", "predefined")), "'role.name'"),
        new Case(body("user_id", id, "role", predefined("owner")), "'role.name'",
            "admin, member, read-only, annotator"),
        new Case(body("user_id", id, "role", predefined("Admin")), "'role.name'"),
        new Case(body("user_id", id, "role", Map.of("type", "custom")), "'role.id'",
            "required"),
        new Case(body("user_id", id, "role", custom("nope")), "'role.id'",
            "not a valid Role ID"),
        new Case(body("user_id", id, "role", custom(space)), "'role.id'",
            "expected a Role ID"),
        new Case(body("user_id", id, "role", "member"), "'role'"),
        new Case(body("user_id", id, "role", predefined("member"), "space_id", space),
            "'space_id'"),
        new Case(body("user_id", id, "role", predefined("member"), "extra", 1),
            "unknown field 'extra'"),
        new Case(body("user_id", id, "role", Map.of("type", "predefined", "name", "member",
            "colour", "red")), "colour"),
        new Case(body("user_id", 12, "role", predefined("member")), "'user_id'", "string"),
        new Case("{\"user_id\": ", "malformed JSON"));
    for (Case c : cases) {
      assertProblem(admin.post(users(space), c.body()), 400, c.detail());
    }
    assertThat(texts(members(admin, space), "user_id")).doesNotContain(id);
    assertProblem(admin.send("POST", users(space), "{}", Map.of("Content-Type", "text/plain")),
        415);
  }

  @Test
  void addingAPredefinedRoleByItsRoleIdIs400() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = orgUser(org, "member", "member");
    String adminRole = admin.get("/v2/roles?is_predefined=true").expect(200).json().get("roles")
        .get(0).get("id").asText();
    assertProblem(admin.post(users(space), body("user_id", user.id(), "role",
        custom(adminRole))), 400, "'role.id'", "predefined");
  }

  @Test
  void theUserMustExistAndBelongToTheOrganization() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser outsider = fx.user("member");
    TestUser gone = orgUser(org, "member", "member");
    admin.delete("/v2/users/" + seg(gone.id())).expect(204);

    assertProblem(admin.post(users(space), body("user_id", missingId("User"), "role",
        predefined("member"))), 404, "user");
    assertProblem(admin.post(users(space), body("user_id", gone.id(), "role",
        predefined("member"))), 404, "user");
    // No auto-enrolment: 400, for either kind of role.
    assertProblem(admin.post(users(space), body("user_id", outsider.id(), "role",
        predefined("member"))), 400, "not a member of the space's organization");
    assertProblem(admin.post(users(space), body("user_id", outsider.id(), "role",
        custom(fx.role(List.of("SPACE_READ"))))), 400, "organization");
    assertProblem(admin.post(users(space), body("user_id", outsider.id(), "role",
        custom(missingId("Role")))), 400, "organization");
    assertThat(texts(members(admin, space), "user_id")).doesNotContain(outsider.id());
  }

  @Test
  void anUnknownCustomRoleIs404() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = orgUser(org, "member", "member");
    assertProblem(admin.post(users(space), body("user_id", user.id(), "role",
        custom(missingId("Role")))), 404, "role");
  }

  @Test
  void roleConstraintsAre422() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser annotator = orgUser(org, "annotator", "annotator");
    TestUser member = orgUser(org, "member", "member");
    String role = fx.role(List.of("SPACE_READ"));

    for (String name : List.of("admin", "member", "read-only")) {
      assertProblem(admin.post(users(space), body("user_id", annotator.id(), "role",
          predefined(name))), 422, "annotator account role can only be given the annotator");
    }
    assertProblem(admin.post(users(space), body("user_id", member.id(), "role",
        predefined("annotator"))), 422, "annotator role can only be given");
    assertProblem(admin.post(users(space), body("user_id", annotator.id(), "role",
        custom(role))), 422, "custom roles cannot be given");
    assertThat(texts(members(admin, space), "user_id")).doesNotContain(annotator.id(),
        member.id());
    admin.post(users(space), body("user_id", annotator.id(), "role", predefined("annotator")))
        .expect(200);
  }

  @Test
  void predefinedRolesNeedASpaceAdminAndCustomRolesNeedRoleBindingCreate() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser target = orgUser(org, "member", "member");
    TestUser spaceMember = orgUser(org, "member", "member");
    fx.addToSpace(space, spaceMember.id(), "member");
    TestUser binder = orgUser(org, "member", "member");
    fx.bindOnSpace(space, binder.id(), fx.role(List.of("SPACE_READ", "ROLE_BINDING_CREATE")));
    TestUser spaceAdmin = orgUser(org, "member", "member");
    fx.addToSpace(space, spaceAdmin.id(), "admin");
    TestUser orgAdmin = orgUser(org, "member", "admin");
    TestUser stranger = fx.user("member");
    String role = fx.role(List.of("SPACE_READ"));

    assertProblem(spaceMember.api().post(users(space), body("user_id", target.id(), "role",
        predefined("member"))), 403, "space admin");
    assertProblem(spaceMember.api().post(users(space), body("user_id", target.id(), "role",
        custom(role))), 403, "ROLE_BINDING_CREATE");
    assertProblem(binder.api().post(users(space), body("user_id", target.id(), "role",
        predefined("member"))), 403, "space admin");
    assertProblem(stranger.api().post(users(space), body("user_id", target.id(), "role",
        predefined("member"))), 404, "space");

    binder.api().post(users(space), body("user_id", target.id(), "role", custom(role)))
        .expect(200);
    spaceAdmin.api().post(users(space), body("user_id", target.id(), "role",
        predefined("read-only"))).expect(200);
    orgAdmin.api().post(users(space), body("user_id", target.id(), "role",
        predefined("member"))).expect(200);
  }

  @Test
  void addUserChecksTheSpaceIdAndTheKey() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = orgUser(org, "member", "member");
    Object input = body("user_id", user.id(), "role", predefined("member"));
    assertIdChecks(admin, "POST", "/v2/spaces/{id}/users", input, "space_id", "Space", space);
    assertUnauthenticated(admin, "POST", users(space), input);
    assertThat(texts(members(admin, space), "user_id")).doesNotContain(user.id());
  }

  // ------------------------------------------------------------------------- remove user

  @Test
  void removingTakesAwayTheMembershipAndTheBinding() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = orgUser(org, "member", "member");
    fx.addToSpace(space, user.id(), "member");
    String binding = admin.post(users(space), body("user_id", user.id(), "role",
        custom(fx.role(List.of("SPACE_READ"))))).expect(200).id();
    assertThat(texts(members(admin, space), "user_id")).containsExactly(adminUserId, user.id(),
        user.id());

    assertThat(admin.delete(user(space, user.id())).expect(204).body()).isEmpty();

    assertThat(texts(members(admin, space), "user_id")).containsExactly(adminUserId);
    assertProblem(admin.get("/v2/role-bindings/" + seg(binding)), 404);
    assertProblem(user.api().get("/v2/spaces/" + seg(space)), 404);
    assertThat(user.api().get("/v2/spaces").expect(200).json().get("spaces")).isEmpty();
    // Neither is left, so a second removal has nothing to remove.
    assertProblem(admin.delete(user(space, user.id())), 404, "membership");
    // The user stays in the organization.
    admin.post(users(space), body("user_id", user.id(), "role", predefined("member")))
        .expect(200);
  }

  @Test
  void removingWorksWithOnlyOneKindOfAssignment() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser onlyMember = orgUser(org, "member", "member");
    fx.addToSpace(space, onlyMember.id(), "read-only");
    TestUser onlyBound = orgUser(org, "member", "member");
    fx.bindOnSpace(space, onlyBound.id(), fx.role(List.of("SPACE_READ")));

    admin.delete(user(space, onlyMember.id())).expect(204);
    admin.delete(user(space, onlyBound.id())).expect(204);
    assertThat(texts(members(admin, space), "user_id")).containsExactly(adminUserId);
  }

  @Test
  void removingSomeoneWhoHoldsNothingThereIs404() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser orgMember = orgUser(org, "member", "member");
    TestUser elsewhere = orgUser(org, "member", "member");
    fx.addToSpace(fx.space(org), elsewhere.id(), "member");

    assertProblem(admin.delete(user(space, orgMember.id())), 404, "membership");
    assertProblem(admin.delete(user(space, elsewhere.id())), 404, "membership");
    assertProblem(admin.delete(user(space, missingId("User"))), 404, "user");
  }

  @Test
  void removingNeedsASpaceAdminOrRoleBindingDelete() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser target = orgUser(org, "member", "member");
    fx.addToSpace(space, target.id(), "member");
    TestUser spaceMember = orgUser(org, "member", "member");
    fx.addToSpace(space, spaceMember.id(), "member");
    TestUser remover = orgUser(org, "member", "member");
    fx.bindOnSpace(space, remover.id(), fx.role(List.of("SPACE_READ", "ROLE_BINDING_DELETE")));
    TestUser stranger = fx.user("member");

    assertProblem(spaceMember.api().delete(user(space, target.id())), 403,
        "ROLE_BINDING_DELETE");
    assertProblem(stranger.api().delete(user(space, target.id())), 404, "space");
    remover.api().delete(user(space, target.id())).expect(204);
    assertThat(texts(members(admin, space), "user_id")).doesNotContain(target.id());
  }

  @Test
  void removeUserChecksBothIdsAndTheKey() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser target = orgUser(org, "member", "member");
    fx.addToSpace(space, target.id(), "member");

    assertIdChecks(admin, "DELETE", "/v2/spaces/{id}/users/" + seg(target.id()), null,
        "space_id", "Space", space);
    assertIdChecks(admin, "DELETE", users(space) + "/{id}", null, "user_id", "User",
        target.id());
    assertUnauthenticated(admin, "DELETE", user(space, target.id()), null);
    assertThat(texts(members(admin, space), "user_id")).contains(target.id());
  }

  // ------------------------------------------------------------------------ list members

  @Test
  void listShowsMembershipsAndBindingsSoAUserWithBothAppearsTwice() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser both = orgUser(org, "member", "member");
    String roleName = Fixtures.unique("both");
    String role = admin.post("/v2/roles", body("name", roleName, "permissions",
        List.of("SPACE_READ"))).expect(201).id();
    String membership = admin.post(users(space), body("user_id", both.id(), "role",
        predefined("member"))).expect(200).id();
    String binding = admin.post(users(space), body("user_id", both.id(), "role", custom(role)))
        .expect(200).id();

    JsonNode page = admin.get(users(space)).expect(200).json();
    assertThat(fieldNames(page)).containsExactly("memberships", "pagination");
    assertThat(page.get("pagination")).isEqualTo(tree(Map.of("has_more", false)));
    JsonNode list = page.get("memberships");
    assertThat(list).hasSize(3);
    // The creator (the account admin, via the fixture) first, as admin.
    assertThat(list.get(0).get("user_id").asText()).isEqualTo(adminUserId);
    assertThat(list.get(0).get("role")).isEqualTo(tree(predefined("admin")));
    // Then the user's two entries. Created in the same millisecond they sort by the tables' own
    // row numbers (SpaceMemberStore's interleaved sort key), not in the order they were added.
    assertThat(List.of(list.get(1), list.get(2))).containsExactlyInAnyOrder(
        tree(Map.of("id", membership, "user_id", both.id(), "space_id", space,
            "role", predefined("member"))),
        tree(Map.of("id", binding, "user_id", both.id(), "space_id", space,
            "role", Map.of("type", "custom", "id", role, "name", roleName))));
  }

  @Test
  void anyoneWhoCanReadTheSpaceCanListItsMembers() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser reader = orgUser(org, "member", "member");
    fx.addToSpace(space, reader.id(), "read-only");
    TestUser annotator = orgUser(org, "annotator", "annotator");
    fx.addToSpace(space, annotator.id(), "annotator");
    TestUser bindingReader = orgUser(org, "member", "member");
    fx.bindOnSpace(space, bindingReader.id(), fx.role(List.of("SPACE_READ", "ROLE_BINDING_READ")));
    // CONTRACT.md §2: the member list is visible to anyone who can read the space.
    TestUser spaceReader = orgUser(org, "member", "member");
    fx.bindOnSpace(space, spaceReader.id(), fx.role(List.of("SPACE_READ")));
    TestUser updater = orgUser(org, "member", "member");
    fx.bindOnSpace(space, updater.id(), fx.role(List.of("SPACE_UPDATE")));
    TestUser blindReader = orgUser(org, "member", "member");
    fx.bindOnSpace(space, blindReader.id(), fx.role(List.of("ROLE_BINDING_READ")));
    TestUser orgMember = orgUser(org, "member", "member");

    JsonNode expected = members(admin, space);
    assertThat(expected).hasSize(7);
    assertThat(members(reader.api(), space)).isEqualTo(expected);
    assertThat(members(spaceReader.api(), space)).isEqualTo(expected);
    assertThat(members(annotator.api(), space)).isEqualTo(expected);
    assertThat(members(bindingReader.api(), space)).isEqualTo(expected);
    // Without SPACE_READ the space is invisible, whatever else the caller holds on it.
    assertProblem(updater.api().get(users(space)), 404, "space");
    assertProblem(blindReader.api().get(users(space)), 404, "space");
    assertProblem(orgMember.api().get(users(space)), 404, "space");
  }

  @Test
  void membersArePagedInOrder() {
    String org = fx.organization();
    String space = fx.space(org);
    List<String> expectedUsers = new ArrayList<>(List.of(adminUserId));
    for (int i = 0; i < 3; i++) {
      TestUser user = orgUser(org, "member", "member");
      fx.addToSpace(space, user.id(), "member");
      fx.bindOnSpace(space, user.id(), fx.role(List.of("SPACE_READ")));
      expectedUsers.add(user.id());
      expectedUsers.add(user.id());
    }
    for (int limit : new int[] {1, 2, 3, 7, 8}) {
      List<JsonNode> all = walk(admin, users(space), "memberships", limit);
      assertThat(texts(tree(all), "user_id")).as("limit %d", limit)
          .containsExactlyElementsOf(expectedUsers);
      assertThat(texts(tree(all), "id")).doesNotHaveDuplicates();
    }
  }

  @Test
  void memberCursorsAreTiedToTheirSpace() {
    String org = fx.organization();
    String space = fx.space(org);
    String other = fx.space(org);
    fx.addToSpace(space, orgUser(org, "member", "member").id(), "member");
    fx.addToSpace(other, orgUser(org, "member", "member").id(), "member");
    String cursor = firstCursor(admin, users(space) + "?limit=1");

    assertThat(admin.get(users(space) + "?limit=1&cursor=" + q(cursor)).expect(200).json()
        .get("memberships")).hasSize(1);
    assertProblem(admin.get(users(other) + "?cursor=" + q(cursor)), 400, "'cursor'");
    assertProblem(admin.get("/v2/spaces?cursor=" + q(cursor)), 400, "'cursor'");
    assertCursorChecks(admin, users(space), cursor);
  }

  @Test
  void listMembersChecksTheIdLimitAndKey() {
    String space = fx.space(fx.organization());
    assertIdChecks(admin, "GET", "/v2/spaces/{id}/users", null, "space_id", "Space", space);
    assertLimitChecks(admin, users(space));
    assertUnauthenticated(admin, "GET", users(space), null);
  }
}
