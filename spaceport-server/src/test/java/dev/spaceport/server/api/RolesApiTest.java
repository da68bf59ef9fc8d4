package dev.spaceport.server.api;

import static dev.spaceport.server.api.ApiAssertions.assertCursorChecks;
import static dev.spaceport.server.api.ApiAssertions.assertId;
import static dev.spaceport.server.api.ApiAssertions.assertIdChecks;
import static dev.spaceport.server.api.ApiAssertions.assertLimitChecks;
import static dev.spaceport.server.api.ApiAssertions.assertProblem;
import static dev.spaceport.server.api.ApiAssertions.assertTimestampBetween;
import static dev.spaceport.server.api.ApiAssertions.assertUnauthenticated;
import static dev.spaceport.server.api.ApiAssertions.custom;
import static dev.spaceport.server.api.ApiAssertions.fieldNames;
import static dev.spaceport.server.api.ApiAssertions.firstCursor;
import static dev.spaceport.server.api.ApiAssertions.q;
import static dev.spaceport.server.api.ApiAssertions.texts;
import static dev.spaceport.server.api.ApiAssertions.walk;
import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.Fixtures.TestUser;
import dev.spaceport.server.testing.OpenApiContract;
import dev.spaceport.server.testing.TestServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /v2/roles}: list, get, create, update, delete; the predefined roles never change. */
class RolesApiTest {

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

  private static String path(String roleId) {
    return "/v2/roles/" + seg(roleId);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static JsonNode predefinedRole(String name) {
    for (JsonNode role : admin.get("/v2/roles?is_predefined=true").expect(200).json()
        .get("roles")) {
      if (role.get("name").asText().equals(name)) {
        return role;
      }
    }
    throw new AssertionError("no predefined role " + name);
  }

  // -------------------------------------------------------------------------------- list

  @Test
  void theFourPredefinedRolesAreListedWithTheirPermissions() {
    JsonNode page = admin.get("/v2/roles?is_predefined=true").expect(200).json();
    assertThat(fieldNames(page)).containsExactly("roles", "pagination");
    JsonNode roles = page.get("roles");
    assertThat(texts(roles, "name")).containsExactly("admin", "member", "read-only",
        "annotator");
    Map<String, List<String>> expected = Map.of(
        "admin", List.of("SPACE_READ", "SPACE_UPDATE", "SPACE_DELETE", "ROLE_BINDING_READ",
            "ROLE_BINDING_CREATE", "ROLE_BINDING_DELETE"),
        "member", List.of("SPACE_READ", "ROLE_BINDING_READ"),
        "read-only", List.of("SPACE_READ"),
        "annotator", List.of("SPACE_READ"));
    for (JsonNode role : roles) {
      assertId(role.get("id").asText(), "Role");
      assertThat(role.get("is_predefined").asBoolean()).isTrue();
      assertThat(strings(role.get("permissions")))
          .containsExactlyInAnyOrderElementsOf(expected.get(role.get("name").asText()));
      // Dated when the account was set up, not at the epoch.
      assertThat(Instant.parse(role.get("created_at").asText()))
          .isAfter(Instant.parse("2020-01-01T00:00:00Z"));
      assertThat(role.get("updated_at")).isEqualTo(role.get("created_at"));
    }
  }

  @Test
  void isPredefinedFiltersTheList() {
    String a = fx.role(List.of("SPACE_READ"));
    String b = fx.role(List.of("DATASET_READ"));

    List<String> customs = texts(Api.JSON.valueToTree(walk(admin, "/v2/roles?is_predefined=false",
        "roles", 100)), "id");
    assertThat(customs).contains(a, b);
    for (JsonNode role : admin.get("/v2/roles?is_predefined=false&limit=100").expect(200).json()
        .get("roles")) {
      assertThat(role.get("is_predefined").asBoolean()).isFalse();
    }
    List<String> all = texts(Api.JSON.valueToTree(walk(admin, "/v2/roles", "roles", 100)),
        "id");
    assertThat(all).hasSize(customs.size() + 4).containsSubsequence(a, b);
    assertThat(all.subList(0, 4)).containsExactlyElementsOf(texts(admin.get(
        "/v2/roles?is_predefined=true").expect(200).json().get("roles"), "id"));
    for (String bad : List.of("yes", "1", "TRUE", "")) {
      assertProblem(admin.get("/v2/roles?is_predefined=" + bad), 400, "'is_predefined'",
          "true or false");
    }
  }

  @Test
  void anyoneMayReadRoles() {
    String role = fx.role(List.of("SPACE_READ"));
    JsonNode expected = admin.get(path(role)).expect(200).json();
    for (String accountRole : List.of("member", "annotator")) {
      Api api = fx.user(accountRole).api();
      assertThat(api.get(path(role)).expect(200).json()).isEqualTo(expected);
      assertThat(texts(api.get("/v2/roles?is_predefined=true").expect(200).json().get("roles"),
          "name")).containsExactly("admin", "member", "read-only", "annotator");
    }
  }

  @Test
  void rolesArePagedWithCursorsTiedToTheFilter() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(fx.role(List.of("SPACE_READ")));
    }
    List<String> customs = texts(Api.JSON.valueToTree(walk(admin, "/v2/roles?is_predefined=false",
        "roles", 1)), "id");
    assertThat(customs).containsSubsequence(ids).doesNotHaveDuplicates();
    assertThat(texts(Api.JSON.valueToTree(walk(admin, "/v2/roles", "roles", 3)), "id"))
        .doesNotHaveDuplicates().containsAll(customs).hasSize(customs.size() + 4);

    String cursor = firstCursor(admin, "/v2/roles?is_predefined=true&limit=2");
    assertThat(texts(admin.get("/v2/roles?is_predefined=true&limit=2&cursor=" + q(cursor))
        .expect(200).json().get("roles"), "name")).containsExactly("read-only", "annotator");
    assertProblem(admin.get("/v2/roles?cursor=" + q(cursor)), 400, "'cursor'", "different");
    assertProblem(admin.get("/v2/roles?is_predefined=false&cursor=" + q(cursor)), 400,
        "'cursor'");
    assertProblem(admin.get("/v2/users?cursor=" + q(cursor)), 400, "'cursor'");
    assertCursorChecks(admin, "/v2/roles?is_predefined=true", cursor);
  }

  @Test
  void listChecksLimitAndKey() {
    assertLimitChecks(admin, "/v2/roles");
    assertUnauthenticated(admin, "GET", "/v2/roles", null);
  }

  // ------------------------------------------------------------------------------ create

  @Test
  void createAnswers201WithTheRole() {
    String name = Fixtures.unique("Auditor");
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ApiResponse created = admin.post("/v2/roles", body("name", name, "description",
        "reads things", "permissions", List.of("SPACE_READ", "DATASET_READ", "SPACE_READ")))
        .expect(201);
    Instant after = Instant.now();

    JsonNode role = created.json();
    assertThat(fieldNames(role)).containsExactlyInAnyOrder("id", "name", "description",
        "permissions", "is_predefined", "created_at", "updated_at");
    assertId(created.id(), "Role");
    assertThat(role.get("name").asText()).isEqualTo(name);
    assertThat(role.get("description").asText()).isEqualTo("reads things");
    assertThat(strings(role.get("permissions"))).containsExactlyInAnyOrder("SPACE_READ",
        "DATASET_READ");
    assertThat(role.get("is_predefined").asBoolean()).isFalse();
    assertTimestampBetween(role.get("created_at").asText(), before, after);
    assertThat(role.get("updated_at")).isEqualTo(role.get("created_at"));
    assertThat(admin.get(path(created.id())).expect(200).json()).isEqualTo(role);
  }

  @Test
  void aRoleWithoutDescriptionHasNoDescriptionKey() {
    JsonNode role = admin.post("/v2/roles", body("name", Fixtures.unique("bare"), "permissions",
        List.of("USER_READ"))).expect(201).json();
    assertThat(fieldNames(role)).containsExactlyInAnyOrder("id", "name", "permissions",
        "is_predefined", "created_at", "updated_at");
  }

  @Test
  void everyPermissionOfTheContractIsAccepted() {
    List<String> all = strings(OpenApiContract.get().document()
        .at("/components/schemas/Permission/enum"));
    assertThat(all).hasSize(121).doesNotHaveDuplicates();
    JsonNode role = admin.post("/v2/roles", body("name", Fixtures.unique("everything"),
        "permissions", all)).expect(201).json();
    assertThat(strings(role.get("permissions"))).containsExactlyInAnyOrderElementsOf(all);
  }

  @Test
  void createRejectsBadBodiesWith400() {
    String name = Fixtures.unique("bad");
    record Case(Object body, String... detail) {}
    List<Case> cases = List.of(
        new Case(body("name", name, "permissions", List.of("SPACE_READ", "SPACE_FLY")),
            "'permissions[1]'", "not a known permission", "SPACE_FLY"),
        new Case(body("name", name, "permissions", List.of("space_read")), "'permissions[0]'",
            "space_read"),
        new Case(body("name", name, "permissions", List.of()), "'permissions'", "at least one"),
        new Case(body("name", name), "'permissions'", "required"),
        new Case(body("name", name, "permissions", "SPACE_READ"), "'permissions'", "array"),
        new Case("{\"name\": \"" + name + "\", \"permissions\": [null]}", "'permissions[0]'"),
        new Case(body("name", name, "permissions", List.of(1)), "permissions"),
        new Case(body("permissions", List.of("SPACE_READ")), "'name'", "required"),
        new Case(body("name", "", "permissions", List.of("SPACE_READ")), "'name'", "empty"),
        new Case(body("name", "n".repeat(256), "permissions", List.of("SPACE_READ")), "'name'"),
        new Case(body("name", name, "description", "d".repeat(1001), "permissions",
            List.of("SPACE_READ")), "'description'"),
        new Case(body("name", name, "permissions", List.of("SPACE_READ"), "is_predefined",
            false), "'is_predefined'", "set by the server"),
        new Case(body("name", name, "permissions", List.of("SPACE_READ"), "scope", "SPACE"),
            "unknown field 'scope'"));
    for (Case c : cases) {
      assertProblem(admin.post("/v2/roles", c.body()), 400, c.detail());
    }
    assertThat(texts(Api.JSON.valueToTree(walk(admin, "/v2/roles", "roles", 100)), "name"))
        .doesNotContain(name);
    assertProblem(admin.send("POST", "/v2/roles", "{}", Map.of("Content-Type", "text/plain")),
        415);
  }

  @Test
  void roleNamesAreUnique() {
    String name = Fixtures.unique("unique");
    admin.post("/v2/roles", body("name", name, "permissions", List.of("SPACE_READ")))
        .expect(201);
    assertProblem(admin.post("/v2/roles", body("name", name, "permissions",
        List.of("DATASET_READ"))), 409, "'" + name + "'", "already exists");
    assertProblem(admin.post("/v2/roles", body("name", "admin", "permissions",
        List.of("SPACE_READ"))), 409, "'admin'");
  }

  @Test
  void onlyAccountAdminsCreateRoles() {
    Object input = body("name", Fixtures.unique("nope"), "permissions", List.of("SPACE_READ"));
    assertProblem(fx.user("member").api().post("/v2/roles", input), 403, "only account admins");
    assertProblem(fx.user("annotator").api().post("/v2/roles", input), 403);
    assertUnauthenticated(admin, "POST", "/v2/roles", input);
    fx.user("admin").api().post("/v2/roles", input).expect(201);
  }

  // --------------------------------------------------------------------------------- get

  @Test
  void getChecksTheIdAndTheKey() {
    String role = fx.role(List.of("SPACE_READ"));
    assertIdChecks(admin, "GET", "/v2/roles/{id}", null, "role_id", "Role", role);
    assertUnauthenticated(admin, "GET", path(role), null);
    JsonNode predefined = predefinedRole("member");
    assertThat(admin.get(path(predefined.get("id").asText())).expect(200).json())
        .isEqualTo(predefined);
  }

  // ------------------------------------------------------------------------------ update

  @Test
  void updateChangesOnlyTheGivenFieldsAndReplacesPermissions() throws Exception {
    ApiResponse created = admin.post("/v2/roles", body("name", Fixtures.unique("editable"),
        "description", "before", "permissions", List.of("SPACE_READ", "DATASET_READ")))
        .expect(201);
    String role = created.id();
    JsonNode original = created.json();
    Thread.sleep(5); // so that updated_at visibly moves on

    String newName = Fixtures.unique("edited");
    JsonNode renamed = admin.patch(path(role), body("name", newName)).expect(200).json();
    assertThat(renamed.get("name").asText()).isEqualTo(newName);
    assertThat(renamed.get("description").asText()).isEqualTo("before");
    assertThat(renamed.get("permissions")).isEqualTo(original.get("permissions"));
    assertThat(renamed.get("created_at")).isEqualTo(original.get("created_at"));
    assertThat(Instant.parse(renamed.get("updated_at").asText()))
        .isAfter(Instant.parse(original.get("updated_at").asText()));

    JsonNode replaced = admin.patch(path(role), body("permissions", List.of("PROMPT_READ")))
        .expect(200).json();
    assertThat(strings(replaced.get("permissions"))).containsExactly("PROMPT_READ");
    assertThat(replaced.get("name").asText()).isEqualTo(newName);
    assertThat(Instant.parse(replaced.get("updated_at").asText()))
        .isAfterOrEqualTo(Instant.parse(renamed.get("updated_at").asText()));

    JsonNode described = admin.patch(path(role), body("description", "")).expect(200).json();
    assertThat(described.get("description").asText()).isEmpty();
    assertThat(admin.get(path(role)).expect(200).json()).isEqualTo(described);
  }

  @Test
  void changedPermissionsTakeEffectAtOnce() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = fx.user("member");
    fx.addToOrganization(org, user.id(), "member");
    String role = fx.role(List.of("SPACE_READ"));
    fx.bindOnSpace(space, user.id(), role);
    user.api().get("/v2/spaces/" + seg(space)).expect(200);
    assertProblem(user.api().patch("/v2/spaces/" + seg(space), body("description", "x")), 403);

    // Without SPACE_READ the space is invisible at once, whatever else the role grants.
    admin.patch(path(role), body("permissions", List.of("SPACE_UPDATE"))).expect(200);
    assertProblem(user.api().get("/v2/spaces/" + seg(space)), 404, "space");
    assertProblem(user.api().patch("/v2/spaces/" + seg(space), body("description", "x")), 404);
    admin.patch(path(role), body("permissions", List.of("SPACE_READ", "SPACE_UPDATE")))
        .expect(200);
    user.api().patch("/v2/spaces/" + seg(space), body("description", "x")).expect(200);
  }

  @Test
  void updateRejectsBadBodiesAndDuplicateNames() {
    String taken = Fixtures.unique("taken");
    admin.post("/v2/roles", body("name", taken, "permissions", List.of("SPACE_READ")))
        .expect(201);
    String role = fx.role(List.of("SPACE_READ"));
    JsonNode before = admin.get(path(role)).expect(200).json();

    assertProblem(admin.patch(path(role), body()), 400,
        "at least one of 'name', 'description' or 'permissions'");
    assertProblem(admin.patch(path(role), body("permissions", List.of())), 400, "'permissions'");
    assertProblem(admin.patch(path(role), body("permissions", List.of("NOPE"))), 400,
        "'permissions[0]'", "NOPE");
    assertProblem(admin.patch(path(role), body("name", "")), 400, "'name'");
    assertProblem(admin.patch(path(role), body("is_predefined", true)), 400, "'is_predefined'");
    assertProblem(admin.patch(path(role), body("updated_at", "2026-01-01T00:00:00Z")), 400,
        "'updated_at'");
    assertProblem(admin.patch(path(role), body("name", "x", "colour", "red")), 400,
        "unknown field 'colour'");
    assertProblem(admin.patch(path(role), body("name", taken)), 409, "'" + taken + "'");
    assertProblem(admin.patch(path(role), body("name", "read-only")), 409);
    assertProblem(admin.send("PATCH", path(role), "{\"name\": \"x\"}",
        Map.of("Content-Type", "text/plain")), 415);
    assertThat(admin.get(path(role)).expect(200).json()).isEqualTo(before);
  }

  @Test
  void predefinedRolesCannotBeChangedOrDeleted() {
    for (String name : List.of("admin", "member", "read-only", "annotator")) {
      JsonNode role = predefinedRole(name);
      String id = role.get("id").asText();
      assertProblem(admin.patch(path(id), body("name", name + "-x")), 403,
          "predefined roles cannot be changed");
      assertProblem(admin.patch(path(id), body("permissions", List.of("SPACE_READ"))), 403);
      assertProblem(admin.delete(path(id)), 403, "predefined roles cannot be deleted");
      assertThat(admin.get(path(id)).expect(200).json()).isEqualTo(role);
    }
  }

  @Test
  void onlyAccountAdminsChangeRoles() {
    String role = fx.role(List.of("SPACE_READ"));
    assertProblem(fx.user("member").api().patch(path(role), body("name", "x")), 403,
        "only account admins");
    assertProblem(fx.user("annotator").api().patch(path(role), body("name", "x")), 403);
    assertThat(admin.get(path(role)).expect(200).text("name")).isNotEqualTo("x");
  }

  @Test
  void updateChecksTheIdAndTheKey() {
    String role = fx.role(List.of("SPACE_READ"));
    assertIdChecks(admin, "PATCH", "/v2/roles/{id}", body("description", "x"), "role_id",
        "Role", role);
    assertUnauthenticated(admin, "PATCH", path(role), body("description", "x"));
  }

  // ------------------------------------------------------------------------------ delete

  @Test
  void deleteRemovesTheRole() {
    String role = fx.role(List.of("SPACE_READ"));
    assertThat(admin.delete(path(role)).expect(204).body()).isEmpty();
    assertProblem(admin.get(path(role)), 404, "role");
    assertProblem(admin.delete(path(role)), 404, "role");
    assertThat(texts(Api.JSON.valueToTree(walk(admin, "/v2/roles", "roles", 100)), "id"))
        .doesNotContain(role);
  }

  @Test
  void aRoleInUseCannotBeDeleted() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = fx.user("member");
    fx.addToOrganization(org, user.id(), "member");
    String role = fx.role(List.of("SPACE_READ"));
    String binding = admin.post("/v2/spaces/" + seg(space) + "/users", body("user_id",
        user.id(), "role", custom(role))).expect(200).id();

    assertProblem(admin.delete(path(role)), 409, "still used");
    admin.get(path(role)).expect(200);
    user.api().get("/v2/spaces/" + seg(space)).expect(200);

    admin.delete("/v2/role-bindings/" + seg(binding)).expect(204);
    admin.delete(path(role)).expect(204);
  }

  @Test
  void onlyAccountAdminsDeleteRoles() {
    String role = fx.role(List.of("SPACE_READ"));
    assertProblem(fx.user("member").api().delete(path(role)), 403, "only account admins");
    admin.get(path(role)).expect(200);
  }

  @Test
  void deleteChecksTheIdAndTheKey() {
    String role = fx.role(List.of("SPACE_READ"));
    assertIdChecks(admin, "DELETE", "/v2/roles/{id}", null, "role_id", "Role", role);
    assertUnauthenticated(admin, "DELETE", path(role), null);
    admin.get(path(role)).expect(200);
  }
}
