package dev.spaceport.server.api;

import static dev.spaceport.server.api.ApiAssertions.assertCursorChecks;
import static dev.spaceport.server.api.ApiAssertions.assertId;
import static dev.spaceport.server.api.ApiAssertions.assertIdChecks;
import static dev.spaceport.server.api.ApiAssertions.assertLimitChecks;
import static dev.spaceport.server.api.ApiAssertions.assertProblem;
import static dev.spaceport.server.api.ApiAssertions.assertTimestampBetween;
import static dev.spaceport.server.api.ApiAssertions.assertUnauthenticated;
import static dev.spaceport.server.api.ApiAssertions.fieldNames;
import static dev.spaceport.server.api.ApiAssertions.firstCursor;
import static dev.spaceport.server.api.ApiAssertions.missingId;
import static dev.spaceport.server.api.ApiAssertions.q;
import static dev.spaceport.server.api.ApiAssertions.texts;
import static dev.spaceport.server.api.ApiAssertions.walk;
import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.Fixtures.TestUser;
import dev.spaceport.server.testing.TestServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /v2/role-bindings}: list (resource_type required), get, create, update, delete. */
class RoleBindingsApiTest {

  static TestServer server;
  static Api admin;
  static Fixtures fx;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
    fx = server.fixtures();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String path(String bindingId) {
    return "/v2/role-bindings/" + seg(bindingId);
  }

  private static TestUser orgUser(String org, String accountRole, String orgRole) {
    TestUser user = fx.user(accountRole);
    fx.addToOrganization(org, user.id(), orgRole);
    return user;
  }

  private static Map<String, Object> binding(String role, String user, String space) {
    return body("role_id", role, "user_id", user, "resource_type", "SPACE", "resource_id",
        space);
  }

  private static String predefinedRoleId(String name) {
    for (JsonNode role : admin.get("/v2/roles?is_predefined=true").expect(200).json()
        .get("roles")) {
      if (role.get("name").asText().equals(name)) {
        return role.get("id").asText();
      }
    }
    throw new AssertionError("no predefined role " + name);
  }

  private static String bindingsOf(String userId) {
    return "/v2/role-bindings?resource_type=SPACE&user_id=" + q(userId);
  }

  // ------------------------------------------------------------------------------ create

  @Test
  void createAnswers201WithTheBinding() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = orgUser(org, "member", "member");
    String role = fx.role(List.of("SPACE_READ"));

    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ApiResponse created = admin.post("/v2/role-bindings", binding(role, user.id(), space))
        .expect(201);
    Instant after = Instant.now();

    JsonNode binding = created.json();
    assertThat(fieldNames(binding)).containsExactlyInAnyOrder("id", "role_id", "user_id",
        "resource_type", "resource_id", "created_at", "updated_at");
    assertId(created.id(), "RoleBinding");
    assertThat(binding.get("role_id").asText()).isEqualTo(role);
    assertThat(binding.get("user_id").asText()).isEqualTo(user.id());
    assertThat(binding.get("resource_type").asText()).isEqualTo("SPACE");
    assertThat(binding.get("resource_id").asText()).isEqualTo(space);
    assertTimestampBetween(binding.get("created_at").asText(), before, after);
    assertThat(binding.get("updated_at")).isEqualTo(binding.get("created_at"));
    assertThat(admin.get(path(created.id())).expect(200).json()).isEqualTo(binding);

    // It grants what the role holds, and shows in the space's member list as custom.
    user.api().get("/v2/spaces/" + seg(space)).expect(200);
    JsonNode members = admin.get("/v2/spaces/" + seg(space) + "/users").expect(200).json()
        .get("memberships");
    assertThat(texts(members, "id")).contains(created.id());
  }

  @Test
  void aBindingToAPredefinedRoleGrantsThatRole() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = orgUser(org, "member", "member");
    admin.post("/v2/role-bindings", binding(predefinedRoleId("admin"), user.id(), space))
        .expect(201);
    user.api().patch("/v2/spaces/" + seg(space), body("description", "as bound admin"))
        .expect(200);
    user.api().delete("/v2/spaces/" + seg(space)).expect(204);
  }

  @Test
  void oneBindingPerUserPerSpace() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = orgUser(org, "member", "member");
    String first = admin.post("/v2/role-bindings", binding(fx.role(List.of("SPACE_READ")),
        user.id(), space)).expect(201).id();

    assertProblem(admin.post("/v2/role-bindings", binding(fx.role(List.of("SPACE_UPDATE")),
        user.id(), space)), 409, "already has a role binding");
    assertThat(texts(admin.get(bindingsOf(user.id())).expect(200).json().get("role_bindings"),
        "id")).containsExactly(first);
    // A predefined membership is something else: it does not conflict.
    fx.addToSpace(space, user.id(), "member");
    // Another space is another resource.
    admin.post("/v2/role-bindings", binding(fx.role(List.of("SPACE_READ")), user.id(),
        fx.space(org))).expect(201);
  }

  @Test
  void projectsDoNotExistHere() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = orgUser(org, "member", "member");
    String role = fx.role(List.of("SPACE_READ"));
    assertProblem(admin.post("/v2/role-bindings", body("role_id", role, "user_id", user.id(),
        "resource_type", "PROJECT", "resource_id", space)), 400, "no projects");
    assertProblem(admin.get("/v2/role-bindings?resource_type=PROJECT"), 400, "no projects");
    assertThat(admin.get(bindingsOf(user.id())).expect(200).json().get("role_bindings"))
        .isEmpty();
  }

  @Test
  void createRejectsBadBodiesWith400() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = orgUser(org, "member", "member");
    String role = fx.role(List.of("SPACE_READ"));
    String id = user.id();
    record Case(Object body, String... detail) {}
    List<Case> cases = List.of(
        new Case(body("role_id", role, "user_id", id, "resource_id", space), "'resource_type'",
            "required"),
        new Case(body("role_id", role, "user_id", id, "resource_type", "ORGANIZATION",
            "resource_id", space), "'resource_type'", "SPACE"),
        new Case(body("user_id", id, "resource_type", "SPACE", "resource_id", space),
            "'role_id'", "required"),
        new Case(body("role_id", role, "resource_type", "SPACE", "resource_id", space),
            "'user_id'", "required"),
        new Case(body("role_id", role, "user_id", id, "resource_type", "SPACE"),
            "'resource_id'", "required"),
        new Case(binding("nope", id, space), "'role_id'", "not a valid Role ID"),
        new Case(binding(space, id, space), "'role_id'", "expected a Role ID"),
        new Case(binding(role, role, space), "'user_id'", "expected a User ID"),
        new Case(binding(role, id, org), "'resource_id'", "expected a Space ID"),
        new Case(binding(role, id, "x"), "'resource_id'"),
        new Case(body("role_id", role, "user_id", id, "resource_type", "SPACE", "resource_id",
            space, "id", "x"), "'id'", "set by the server"),
        new Case(body("role_id", role, "user_id", id, "resource_type", "SPACE", "resource_id",
            space, "space_id", space), "'space_id'"),
        new Case(body("role_id", role, "user_id", id, "resource_type", "SPACE", "resource_id",
            space, "note", "x"), "unknown field 'note'"),
        new Case(body("role_id", 1, "user_id", id, "resource_type", "SPACE", "resource_id",
            space), "'role_id'", "string"),
        new Case("{\"role_id\": ", "malformed JSON"));
    for (Case c : cases) {
      assertProblem(admin.post("/v2/role-bindings", c.body()), 400, c.detail());
    }
    assertThat(admin.get(bindingsOf(id)).expect(200).json().get("role_bindings")).isEmpty();
    assertProblem(admin.send("POST", "/v2/role-bindings", "{}", Map.of("Content-Type",
        "text/plain")), 415);
  }

  @Test
  void theUserMustBelongToTheSpacesOrganization() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser outsider = fx.user("member");
    assertProblem(admin.post("/v2/role-bindings", binding(fx.role(List.of("SPACE_READ")),
        outsider.id(), space)), 400, "not a member of the space's organization");
    assertThat(admin.get(bindingsOf(outsider.id())).expect(200).json().get("role_bindings"))
        .isEmpty();
  }

  @Test
  void roleConstraintsAre422() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser annotator = orgUser(org, "annotator", "annotator");
    TestUser member = orgUser(org, "member", "member");

    assertProblem(admin.post("/v2/role-bindings", binding(fx.role(List.of("SPACE_READ")),
        annotator.id(), space)), 422, "custom roles cannot be given");
    assertProblem(admin.post("/v2/role-bindings", binding(predefinedRoleId("member"),
        annotator.id(), space)), 422, "annotator");
    assertProblem(admin.post("/v2/role-bindings", binding(predefinedRoleId("annotator"),
        member.id(), space)), 422, "annotator role can only be given");
    assertThat(admin.get(bindingsOf(annotator.id())).expect(200).json().get("role_bindings"))
        .isEmpty();
    admin.post("/v2/role-bindings", binding(predefinedRoleId("annotator"), annotator.id(),
        space)).expect(201);
  }

  @Test
  void unknownThingsAre404() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = orgUser(org, "member", "member");
    String role = fx.role(List.of("SPACE_READ"));
    TestUser stranger = fx.user("member");
    TestUser gone = orgUser(org, "member", "member");
    admin.delete("/v2/users/" + seg(gone.id())).expect(204);

    assertProblem(admin.post("/v2/role-bindings", binding(missingId("Role"), user.id(), space)),
        404, "role");
    assertProblem(admin.post("/v2/role-bindings", binding(role, missingId("User"), space)), 404,
        "user");
    assertProblem(admin.post("/v2/role-bindings", binding(role, gone.id(), space)), 404, "user");
    assertProblem(admin.post("/v2/role-bindings", binding(role, user.id(), missingId("Space"))),
        404, "space");
    assertProblem(stranger.api().post("/v2/role-bindings", binding(role, user.id(), space)), 404,
        "space");
  }

  @Test
  void createNeedsRoleBindingCreateOnTheSpace() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser target = orgUser(org, "member", "member");
    TestUser spaceMember = orgUser(org, "member", "member");
    fx.addToSpace(space, spaceMember.id(), "member");
    TestUser creator = orgUser(org, "member", "member");
    fx.bindOnSpace(space, creator.id(), fx.role(List.of("SPACE_READ", "ROLE_BINDING_CREATE")));
    String role = fx.role(List.of("SPACE_READ"));

    assertProblem(spaceMember.api().post("/v2/role-bindings", binding(role, target.id(), space)),
        403, "ROLE_BINDING_CREATE");
    creator.api().post("/v2/role-bindings", binding(role, target.id(), space)).expect(201);
    assertUnauthenticated(admin, "POST", "/v2/role-bindings", binding(role, target.id(), space));
  }

  // --------------------------------------------------------------------------------- get

  @Test
  void getNeedsRoleBindingReadOnTheSpace() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser target = orgUser(org, "member", "member");
    String binding = admin.post("/v2/role-bindings", binding(fx.role(List.of("SPACE_READ")),
        target.id(), space)).expect(201).id();
    JsonNode expected = admin.get(path(binding)).expect(200).json();
    TestUser spaceMember = orgUser(org, "member", "member");
    fx.addToSpace(space, spaceMember.id(), "member");
    TestUser readOnly = orgUser(org, "member", "member");
    fx.addToSpace(space, readOnly.id(), "read-only");
    TestUser orgAdmin = orgUser(org, "member", "admin");
    TestUser orgMember = orgUser(org, "member", "member");

    assertThat(spaceMember.api().get(path(binding)).expect(200).json()).isEqualTo(expected);
    assertThat(orgAdmin.api().get(path(binding)).expect(200).json()).isEqualTo(expected);
    // Their own binding makes the space visible to them, but member roles can't read bindings.
    assertProblem(target.api().get(path(binding)), 403, "ROLE_BINDING_READ");
    assertProblem(readOnly.api().get(path(binding)), 403, "ROLE_BINDING_READ");
    String invisible = assertProblem(orgMember.api().get(path(binding)), 404, "role binding");
    assertThat(invisible).isEqualTo(assertProblem(orgMember.api().get(path(
        missingId("RoleBinding"))), 404));
  }

  @Test
  void getChecksTheIdAndTheKey() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = orgUser(org, "member", "member");
    String binding = admin.post("/v2/role-bindings", binding(fx.role(List.of("SPACE_READ")),
        user.id(), space)).expect(201).id();
    assertIdChecks(admin, "GET", "/v2/role-bindings/{id}", null, "binding_id", "RoleBinding",
        binding);
    assertUnauthenticated(admin, "GET", path(binding), null);
  }

  // -------------------------------------------------------------------------------- list

  @Test
  void listNeedsResourceTypeSpace() {
    assertProblem(admin.get("/v2/role-bindings"), 400, "'resource_type'", "required");
    assertProblem(admin.get("/v2/role-bindings?resource_type="), 400, "'resource_type'");
    assertProblem(admin.get("/v2/role-bindings?resource_type=ORG"), 400, "'resource_type'");
    assertProblem(admin.get("/v2/role-bindings?resource_type=PROJECT"), 400, "no projects");
    assertProblem(admin.get("/v2/role-bindings?resource_type=SPACE&resource_type=SPACE"), 400,
        "'resource_type'");
    admin.get("/v2/role-bindings?resource_type=SPACE").expect(200);
  }

  @Test
  void listShowsTheBindingsOfSpacesWhoseBindingsTheCallerMayRead() {
    String org = fx.organization();
    String readable = fx.space(org);
    String unreadable = fx.space(org);
    String otherOrg = fx.organization();
    String viaOrgAdmin = fx.space(otherOrg);
    TestUser a = orgUser(org, "member", "member");
    TestUser b = orgUser(org, "member", "member");
    String role = fx.role(List.of("SPACE_READ"));
    String b1 = admin.post("/v2/role-bindings", binding(role, a.id(), readable)).expect(201).id();
    String b2 = admin.post("/v2/role-bindings", binding(role, b.id(), readable)).expect(201).id();
    String b3 = admin.post("/v2/role-bindings", binding(role, a.id(), unreadable)).expect(201)
        .id();
    fx.addToOrganization(otherOrg, b.id(), "member");
    String b4 = admin.post("/v2/role-bindings", binding(role, b.id(), viaOrgAdmin)).expect(201)
        .id();
    TestUser caller = orgUser(org, "member", "member");
    fx.addToSpace(readable, caller.id(), "member");
    fx.addToSpace(unreadable, caller.id(), "read-only");
    fx.addToOrganization(otherOrg, caller.id(), "admin");

    JsonNode page = caller.api().get("/v2/role-bindings?resource_type=SPACE").expect(200).json();
    assertThat(fieldNames(page)).containsExactly("role_bindings", "pagination");
    assertThat(texts(page.get("role_bindings"), "id")).containsExactly(b1, b2, b4);
    assertThat(page.get("role_bindings").get(0)).isEqualTo(admin.get(path(b1)).expect(200)
        .json());
    assertThat(texts(caller.api().get(bindingsOf(a.id())).expect(200).json()
        .get("role_bindings"), "id")).containsExactly(b1);
    assertThat(texts(admin.get(bindingsOf(a.id())).expect(200).json().get("role_bindings"),
        "id")).containsExactly(b1, b3);
    assertThat(texts(admin.get("/v2/role-bindings?resource_type=space&user_id=" + q(b.id()))
        .expect(200).json().get("role_bindings"), "id")).containsExactly(b2, b4);
    assertThat(fx.user("member").api().get("/v2/role-bindings?resource_type=SPACE").expect(200)
        .json().get("role_bindings")).isEmpty();
    assertThat(admin.get(bindingsOf(missingId("User"))).expect(200).json().get("role_bindings"))
        .isEmpty();
  }

  @Test
  void listUserIdMustBeAUserId() {
    assertProblem(admin.get("/v2/role-bindings?resource_type=SPACE&user_id=nope"), 400,
        "'user_id'");
    assertProblem(admin.get("/v2/role-bindings?resource_type=SPACE&user_id="
        + q(missingId("Space"))), 400, "'user_id'", "expected a User ID");
  }

  @Test
  void bindingsArePagedWithCursorsTiedToTheUserFilter() {
    String org = fx.organization();
    TestUser user = orgUser(org, "member", "member");
    String role = fx.role(List.of("SPACE_READ"));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(admin.post("/v2/role-bindings", binding(role, user.id(), fx.space(org)))
          .expect(201).id());
    }
    for (int limit : new int[] {1, 3, 4}) {
      assertThat(texts(Api.JSON.valueToTree(walk(admin, bindingsOf(user.id()), "role_bindings",
          limit)), "id")).as("limit %d", limit).containsExactlyElementsOf(ids);
    }
    String cursor = firstCursor(admin, bindingsOf(user.id()) + "&limit=2");
    assertThat(texts(admin.get(bindingsOf(user.id()) + "&limit=2&cursor=" + q(cursor))
        .expect(200).json().get("role_bindings"), "id")).containsExactlyElementsOf(
            ids.subList(2, 4));
    assertProblem(admin.get("/v2/role-bindings?resource_type=SPACE&cursor=" + q(cursor)), 400,
        "'cursor'", "different");
    assertProblem(admin.get(bindingsOf(fx.user("member").id()) + "&cursor=" + q(cursor)), 400,
        "'cursor'");
    assertCursorChecks(admin, bindingsOf(user.id()), cursor);
  }

  @Test
  void listChecksLimitAndKey() {
    assertLimitChecks(admin, "/v2/role-bindings?resource_type=SPACE");
    assertUnauthenticated(admin, "GET", "/v2/role-bindings?resource_type=SPACE", null);
  }

  // ------------------------------------------------------------------------------ update

  @Test
  void updateReplacesTheRole() throws Exception {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = orgUser(org, "member", "member");
    String reader = fx.role(List.of("SPACE_READ"));
    String updater = fx.role(List.of("SPACE_READ", "SPACE_UPDATE"));
    JsonNode created = admin.post("/v2/role-bindings", binding(reader, user.id(), space))
        .expect(201).json();
    String id = created.get("id").asText();
    assertProblem(user.api().patch("/v2/spaces/" + seg(space), body("name", "x")), 403);
    Thread.sleep(5); // so that updated_at visibly moves on

    JsonNode updated = admin.patch(path(id), body("role_id", updater)).expect(200).json();
    ObjectNode expected = created.deepCopy();
    expected.put("role_id", updater);
    expected.set("updated_at", updated.get("updated_at"));
    assertThat(updated).isEqualTo(expected);
    assertThat(Instant.parse(updated.get("updated_at").asText()))
        .isAfter(Instant.parse(created.get("updated_at").asText()));
    assertThat(admin.get(path(id)).expect(200).json()).isEqualTo(updated);
    user.api().patch("/v2/spaces/" + seg(space), body("name", Fixtures.unique("x")))
        .expect(200);
    // The old role is free now.
    admin.delete("/v2/roles/" + seg(reader)).expect(204);
  }

  @Test
  void updateRejectsBadBodiesUnknownRolesAndConstraintViolations() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = orgUser(org, "member", "member");
    String role = fx.role(List.of("SPACE_READ"));
    String id = admin.post("/v2/role-bindings", binding(role, user.id(), space)).expect(201)
        .id();

    assertProblem(admin.patch(path(id), body()), 400, "'role_id'", "required");
    assertProblem(admin.patch(path(id), body("role_id", "nope")), 400, "'role_id'");
    assertProblem(admin.patch(path(id), body("role_id", space)), 400, "expected a Role ID");
    assertProblem(admin.patch(path(id), body("role_id", role, "user_id", user.id())), 400,
        "'user_id'");
    assertProblem(admin.patch(path(id), body("role_id", role, "resource_type", "SPACE")), 400,
        "resource_type");
    assertProblem(admin.patch(path(id), body("role_id", missingId("Role"))), 404, "role");
    assertProblem(admin.patch(path(id), body("role_id", predefinedRoleId("annotator"))), 422,
        "annotator");
    assertProblem(admin.send("PATCH", path(id), "{}", Map.of("Content-Type", "text/plain")),
        415);
    assertThat(admin.get(path(id)).expect(200).text("role_id")).isEqualTo(role);
  }

  @Test
  void updateNeedsRoleBindingCreateOnTheSpace() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser target = orgUser(org, "member", "member");
    String id = admin.post("/v2/role-bindings", binding(fx.role(List.of("SPACE_READ")),
        target.id(), space)).expect(201).id();
    String other = fx.role(List.of("DATASET_READ"));
    TestUser spaceMember = orgUser(org, "member", "member");
    fx.addToSpace(space, spaceMember.id(), "member");
    TestUser manager = orgUser(org, "member", "member");
    fx.bindOnSpace(space, manager.id(), fx.role(List.of("SPACE_READ", "ROLE_BINDING_READ",
        "ROLE_BINDING_CREATE")));
    TestUser stranger = orgUser(org, "member", "member");

    assertProblem(spaceMember.api().patch(path(id), body("role_id", other)), 403,
        "ROLE_BINDING_CREATE");
    assertProblem(stranger.api().patch(path(id), body("role_id", other)), 404, "role binding");
    assertThat(manager.api().patch(path(id), body("role_id", other)).expect(200)
        .text("role_id")).isEqualTo(other);
  }

  @Test
  void updateChecksTheIdAndTheKey() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = orgUser(org, "member", "member");
    String role = fx.role(List.of("SPACE_READ"));
    String id = admin.post("/v2/role-bindings", binding(role, user.id(), space)).expect(201)
        .id();
    assertIdChecks(admin, "PATCH", "/v2/role-bindings/{id}", body("role_id", role), "binding_id",
        "RoleBinding", id);
    assertUnauthenticated(admin, "PATCH", path(id), body("role_id", role));
  }

  // ------------------------------------------------------------------------------ delete

  @Test
  void deleteRemovesTheBindingAndWhatItGranted() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = orgUser(org, "member", "member");
    String id = admin.post("/v2/role-bindings", binding(fx.role(List.of("SPACE_READ")),
        user.id(), space)).expect(201).id();
    user.api().get("/v2/spaces/" + seg(space)).expect(200);

    assertThat(admin.delete(path(id)).expect(204).body()).isEmpty();

    assertProblem(admin.get(path(id)), 404, "role binding");
    assertProblem(admin.delete(path(id)), 404, "role binding");
    assertProblem(user.api().get("/v2/spaces/" + seg(space)), 404);
    assertThat(admin.get(bindingsOf(user.id())).expect(200).json().get("role_bindings"))
        .isEmpty();
    assertThat(texts(admin.get("/v2/spaces/" + seg(space) + "/users").expect(200).json()
        .get("memberships"), "id")).doesNotContain(id);
  }

  @Test
  void deleteNeedsRoleBindingDeleteOnTheSpace() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser target = orgUser(org, "member", "member");
    String id = admin.post("/v2/role-bindings", binding(fx.role(List.of("SPACE_READ")),
        target.id(), space)).expect(201).id();
    TestUser spaceMember = orgUser(org, "member", "member");
    fx.addToSpace(space, spaceMember.id(), "member");
    TestUser remover = orgUser(org, "member", "member");
    fx.bindOnSpace(space, remover.id(), fx.role(List.of("SPACE_READ", "ROLE_BINDING_READ",
        "ROLE_BINDING_DELETE")));
    TestUser stranger = orgUser(org, "member", "member");

    assertProblem(spaceMember.api().delete(path(id)), 403, "ROLE_BINDING_DELETE");
    assertProblem(stranger.api().delete(path(id)), 404, "role binding");
    assertProblem(target.api().delete(path(id)), 403);
    remover.api().delete(path(id)).expect(204);
  }

  @Test
  void deleteChecksTheIdAndTheKey() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = orgUser(org, "member", "member");
    String id = admin.post("/v2/role-bindings", binding(fx.role(List.of("SPACE_READ")),
        user.id(), space)).expect(201).id();
    assertIdChecks(admin, "DELETE", "/v2/role-bindings/{id}", null, "binding_id", "RoleBinding",
        id);
    assertUnauthenticated(admin, "DELETE", path(id), null);
    admin.get(path(id)).expect(200);
  }
}
