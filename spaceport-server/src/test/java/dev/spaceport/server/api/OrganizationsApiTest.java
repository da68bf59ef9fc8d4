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
import static dev.spaceport.server.api.ApiAssertions.idContaining;
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

/** {@code /v2/organizations}: list, get, create, update, delete, add and remove users. */
class OrganizationsApiTest {

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

  private static String path(String orgId) {
    return "/v2/organizations/" + seg(orgId);
  }

  private static String users(String orgId) {
    return path(orgId) + "/users";
  }

  private static TestUser orgUser(String org, String accountRole, String orgRole) {
    TestUser user = fx.user(accountRole);
    fx.addToOrganization(org, user.id(), orgRole);
    return user;
  }

  private static JsonNode tree(Object value) {
    return Api.JSON.valueToTree(value);
  }

  private static List<String> spaceMemberIds(String space) {
    return texts(admin.get("/v2/spaces/" + seg(space) + "/users?limit=100").expect(200).json()
        .get("memberships"), "user_id");
  }

  // ------------------------------------------------------------------------------ create

  @Test
  void createAnswers201WithExactlyTheOrganization() {
    String name = Fixtures.unique("Acme");
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ApiResponse created = admin.post("/v2/organizations",
        body("name", name, "description", "the company")).expect(201);
    Instant after = Instant.now();

    JsonNode org = created.json();
    assertThat(fieldNames(org)).containsExactlyInAnyOrder("id", "name", "description",
        "created_at");
    assertId(created.id(), "Organization");
    assertThat(org.get("name").asText()).isEqualTo(name);
    assertThat(org.get("description").asText()).isEqualTo("the company");
    assertTimestampBetween(org.get("created_at").asText(), before, after);
    assertThat(admin.get(path(created.id())).expect(200).json()).isEqualTo(org);

    JsonNode plain = admin.post("/v2/organizations", body("name", Fixtures.unique("plain")))
        .expect(201).json();
    assertThat(plain.get("description").isTextual()).isTrue();
    assertThat(plain.get("description").asText()).isEmpty();
  }

  @Test
  void aDuplicateNameIs409() {
    String name = Fixtures.unique("dup");
    admin.post("/v2/organizations", body("name", name)).expect(201);
    assertProblem(admin.post("/v2/organizations", body("name", name)), 409, "'" + name + "'",
        "already exists");
  }

  @Test
  void createRejectsBadBodiesWith400() {
    record Case(Object body, String... detail) {}
    List<Case> cases = List.of(
        new Case(body(), "'name'", "required"),
        new Case(body("description", "x"), "'name'", "required"),
        new Case(body("name", ""), "'name'", "empty"),
        new Case(body("name", "n".repeat(256)), "'name'", "255"),
        new Case(body("name", "ok", "description", "d".repeat(1001)), "'description'", "1000"),
        new Case(body("name", 5), "'name'", "string"),
        new Case(body("name", "ok", "id", "x"), "'id'", "set by the server"),
        new Case(body("name", "ok", "parent", "x"), "unknown field 'parent'"),
        new Case("{\"name\": \"ok\",}", "malformed JSON"),
        new Case("", "JSON object body is required"));
    for (Case c : cases) {
      assertProblem(admin.post("/v2/organizations", c.body()), 400, c.detail());
    }
    assertProblem(admin.send("POST", "/v2/organizations", "{\"name\": \"x\"}",
        Map.of("Content-Type", "application/xml")), 415);
  }

  @Test
  void onlyAccountAdminsCreateOrganizations() {
    String org = fx.organization();
    TestUser orgAdmin = orgUser(org, "member", "admin");
    String name = Fixtures.unique("nope");
    assertProblem(orgAdmin.api().post("/v2/organizations", body("name", name)), 403,
        "only account admins");
    assertProblem(fx.user("member").api().post("/v2/organizations", body("name", name)), 403);
    assertThat(admin.get("/v2/organizations?name=" + q(name)).expect(200).json()
        .get("organizations")).isEmpty();
    // A second account admin may.
    fx.user("admin").api().post("/v2/organizations", body("name", name)).expect(201);
    assertUnauthenticated(admin, "POST", "/v2/organizations", body("name", "x"));
  }

  // --------------------------------------------------------------------------------- get

  @Test
  void membersOfAnOrganizationMayReadItAndOthersSee404() {
    String org = fx.organization();
    TestUser readOnly = orgUser(org, "member", "read-only");
    TestUser annotator = orgUser(org, "annotator", "annotator");
    TestUser stranger = fx.user("member");
    JsonNode expected = admin.get(path(org)).expect(200).json();

    assertThat(readOnly.api().get(path(org)).expect(200).json()).isEqualTo(expected);
    assertThat(annotator.api().get(path(org)).expect(200).json()).isEqualTo(expected);
    String invisible = assertProblem(stranger.api().get(path(org)), 404, "organization");
    assertThat(invisible).isEqualTo(assertProblem(stranger.api().get(path(
        missingId("Organization"))), 404));
  }

  @Test
  void getChecksTheIdAndTheKey() {
    String org = fx.organization();
    assertIdChecks(admin, "GET", "/v2/organizations/{id}", null, "org_id", "Organization", org);
    assertUnauthenticated(admin, "GET", path(org), null);
    String padded = idContaining("=", 100, fx::organization);
    assertThat(admin.get("/v2/organizations/" + seg(padded)).expect(200).id()).isEqualTo(padded);
  }

  // ------------------------------------------------------------------------------ update

  @Test
  void updateChangesOnlyTheGivenFields() {
    String name = Fixtures.unique("old");
    ApiResponse created = admin.post("/v2/organizations", body("name", name,
        "description", "d")).expect(201);
    String org = created.id();
    String newName = Fixtures.unique("new");

    JsonNode renamed = admin.patch(path(org), body("name", newName)).expect(200).json();
    assertThat(renamed).isEqualTo(tree(Map.of("id", org, "name", newName, "description", "d",
        "created_at", created.text("created_at"))));
    JsonNode cleared = admin.patch(path(org), body("description", "")).expect(200).json();
    assertThat(cleared.get("name").asText()).isEqualTo(newName);
    assertThat(cleared.get("description").asText()).isEmpty();
    JsonNode both = admin.patch(path(org), body("name", name, "description", "again"))
        .expect(200).json();
    assertThat(both.get("name").asText()).isEqualTo(name);
    assertThat(both.get("description").asText()).isEqualTo("again");
    assertThat(admin.get(path(org)).expect(200).json()).isEqualTo(both);
  }

  @Test
  void updateRejectsBadBodiesAndDuplicateNames() {
    String taken = Fixtures.unique("taken");
    fx.organization(taken);
    String org = fx.organization();
    assertProblem(admin.patch(path(org), body()), 400, "at least one of 'name' or 'description'");
    assertProblem(admin.patch(path(org), body("name", "")), 400, "'name'");
    assertProblem(admin.patch(path(org), body("description", "d".repeat(1001))), 400,
        "'description'");
    assertProblem(admin.patch(path(org), body("created_at", "2026-01-01T00:00:00Z")), 400,
        "'created_at'");
    assertProblem(admin.patch(path(org), body("name", "x", "x", 1)), 400, "unknown field 'x'");
    assertProblem(admin.patch(path(org), body("name", taken)), 409, "'" + taken + "'");
    assertProblem(admin.send("PATCH", path(org), "{\"name\": \"x\"}",
        Map.of("Content-Type", "text/plain")), 415);
  }

  @Test
  void updateNeedsAnOrganizationAdmin() {
    String org = fx.organization();
    TestUser orgAdmin = orgUser(org, "member", "admin");
    TestUser orgMember = orgUser(org, "member", "member");
    TestUser stranger = fx.user("member");

    assertProblem(orgMember.api().patch(path(org), body("description", "x")), 403,
        "organization admin");
    assertProblem(stranger.api().patch(path(org), body("description", "x")), 404,
        "organization");
    assertThat(orgAdmin.api().patch(path(org), body("description", "by the org admin"))
        .expect(200).text("description")).isEqualTo("by the org admin");
  }

  @Test
  void updateChecksTheIdAndTheKey() {
    String org = fx.organization();
    assertIdChecks(admin, "PATCH", "/v2/organizations/{id}", body("description", "x"), "org_id",
        "Organization", org);
    assertUnauthenticated(admin, "PATCH", path(org), body("description", "x"));
  }

  // ------------------------------------------------------------------------------ delete

  @Test
  void deleteCascadesToSpacesMembershipsAndBindings() {
    String org = fx.organization();
    String space1 = fx.space(org);
    String space2 = fx.space(org);
    TestUser member = orgUser(org, "member", "member");
    fx.addToSpace(space1, member.id(), "member");
    String role = fx.role(List.of("SPACE_READ"));
    String binding = admin.post("/v2/spaces/" + seg(space2) + "/users",
        body("user_id", member.id(), "role", custom(role))).expect(200).id();
    String otherOrg = fx.organization();
    String survivor = fx.space(otherOrg);
    fx.addToOrganization(otherOrg, member.id(), "member");
    fx.addToSpace(survivor, member.id(), "read-only");

    assertThat(admin.delete(path(org)).expect(204).body()).isEmpty();

    assertProblem(admin.get(path(org)), 404, "organization");
    assertProblem(admin.delete(path(org)), 404, "organization");
    assertProblem(admin.get("/v2/spaces/" + seg(space1)), 404);
    assertProblem(admin.get("/v2/spaces/" + seg(space2)), 404);
    assertProblem(admin.get("/v2/spaces?org_id=" + q(org)), 404, "organization");
    assertProblem(admin.get("/v2/role-bindings/" + seg(binding)), 404);
    admin.delete("/v2/roles/" + seg(role)).expect(204);
    assertThat(texts(member.api().get("/v2/organizations").expect(200).json()
        .get("organizations"), "id")).containsExactly(otherOrg);
    assertThat(texts(member.api().get("/v2/spaces").expect(200).json().get("spaces"), "id"))
        .containsExactly(survivor);
    // The user still exists and still works.
    member.api().get("/v2/users/" + seg(member.id())).expect(200);
  }

  @Test
  void onlyAccountAdminsDeleteOrganizations() {
    String org = fx.organization();
    TestUser orgAdmin = orgUser(org, "member", "admin");
    TestUser stranger = fx.user("member");
    assertProblem(orgAdmin.api().delete(path(org)), 403, "only account admins");
    assertProblem(stranger.api().delete(path(org)), 404, "organization");
    admin.get(path(org)).expect(200);
  }

  @Test
  void deleteChecksTheIdAndTheKey() {
    String org = fx.organization();
    assertIdChecks(admin, "DELETE", "/v2/organizations/{id}", null, "org_id", "Organization",
        org);
    assertUnauthenticated(admin, "DELETE", path(org), null);
    admin.get(path(org)).expect(200);
  }

  // -------------------------------------------------------------------------------- list

  @Test
  void listShowsEveryOrganizationToAccountAdminsAndOwnOnesToOthers() {
    String prefix = Fixtures.unique("listed");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(fx.organization(prefix + "-" + i));
    }
    JsonNode page = admin.get("/v2/organizations?name=" + q(prefix)).expect(200).json();
    assertThat(fieldNames(page)).containsExactly("organizations", "pagination");
    assertThat(texts(page.get("organizations"), "id")).containsExactlyElementsOf(ids);
    assertThat(page.get("organizations").get(1))
        .isEqualTo(admin.get(path(ids.get(1))).expect(200).json());
    assertThat(page.get("pagination")).isEqualTo(tree(Map.of("has_more", false)));

    TestUser user = fx.user("member");
    fx.addToOrganization(ids.get(0), user.id(), "read-only");
    fx.addToOrganization(ids.get(2), user.id(), "member");
    assertThat(texts(user.api().get("/v2/organizations").expect(200).json()
        .get("organizations"), "id")).containsExactly(ids.get(0), ids.get(2));
    assertThat(fx.user("member").api().get("/v2/organizations").expect(200).json()
        .get("organizations")).isEmpty();
  }

  @Test
  void nameFilterIsACaseInsensitiveSubstringWithLiteralWildcards() {
    String tag = Fixtures.unique("Zeta").replace("-", "");
    String upper = fx.organization(tag + " Corp");
    String lower = fx.organization("the " + tag.toLowerCase() + " lab");
    String percent = fx.organization(tag + "%pct");
    String underscore = fx.organization(tag + "_x");
    fx.organization(tag + "yx");

    assertThat(texts(admin.get("/v2/organizations?name=" + q(tag.toUpperCase())).expect(200)
        .json().get("organizations"), "id")).hasSize(5).startsWith(upper, lower, percent);
    assertThat(texts(admin.get("/v2/organizations?name=" + q(tag + "%")).expect(200).json()
        .get("organizations"), "id")).containsExactly(percent);
    assertThat(texts(admin.get("/v2/organizations?name=" + q(tag + "_")).expect(200).json()
        .get("organizations"), "id")).containsExactly(underscore);
    assertProblem(admin.get("/v2/organizations?name=" + "n".repeat(256)), 400, "'name'");
  }

  @Test
  void organizationsArePagedWithCursorsTiedToTheNameFilter() {
    String prefix = Fixtures.unique("paged");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(fx.organization(prefix + "-" + i));
    }
    String list = "/v2/organizations?name=" + q(prefix);
    for (int limit : new int[] {1, 2, 4, 5}) {
      assertThat(texts(tree(walk(admin, list, "organizations", limit)), "id"))
          .as("limit %d", limit).containsExactlyElementsOf(ids);
    }
    String cursor = firstCursor(admin, list + "&limit=2");
    assertThat(texts(admin.get(list + "&limit=2&cursor=" + q(cursor)).expect(200).json()
        .get("organizations"), "id")).containsExactly(ids.get(2), ids.get(3));
    assertProblem(admin.get("/v2/organizations?cursor=" + q(cursor)), 400, "'cursor'",
        "different");
    assertProblem(admin.get("/v2/organizations?name=x&cursor=" + q(cursor)), 400, "'cursor'");
    assertProblem(admin.get("/v2/spaces?name=" + q(prefix) + "&cursor=" + q(cursor)), 400,
        "'cursor'");
    assertCursorChecks(admin, list, cursor);
  }

  @Test
  void listChecksLimitAndKey() {
    assertLimitChecks(admin, "/v2/organizations");
    assertUnauthenticated(admin, "GET", "/v2/organizations", null);
  }

  // ---------------------------------------------------------------------------- add user

  @Test
  void addUserAnswersTheMembershipAndUpserts() {
    String org = fx.organization();
    TestUser user = fx.user("member");

    JsonNode membership = admin.post(users(org), body("user_id", user.id(), "role",
        predefined("member"))).expect(200).json();
    assertThat(fieldNames(membership)).containsExactlyInAnyOrder("id", "user_id",
        "organization_id", "role");
    assertId(membership.get("id").asText(), "OrganizationMembership");
    assertThat(membership.get("user_id").asText()).isEqualTo(user.id());
    assertThat(membership.get("organization_id").asText()).isEqualTo(org);
    assertThat(membership.get("role")).isEqualTo(tree(predefined("member")));
    user.api().get(path(org)).expect(200);
    // As an org member they may now create spaces; as read-only no longer.
    user.api().post("/v2/spaces", body("name", "by-member", "organization_id", org))
        .expect(201);

    JsonNode changed = admin.post(users(org), body("user_id", user.id(), "role",
        Map.of("type", "PREDEFINED", "name", "READ_ONLY"))).expect(200).json();
    assertThat(changed.get("id").asText()).isEqualTo(membership.get("id").asText());
    assertThat(changed.get("role")).isEqualTo(tree(predefined("read-only")));
    assertProblem(user.api().post("/v2/spaces", body("name", "by-reader",
        "organization_id", org)), 403);

    JsonNode promoted = admin.post(users(org), body("user_id", user.id(), "role",
        predefined("admin"))).expect(200).json();
    assertThat(promoted.get("role")).isEqualTo(tree(predefined("admin")));
    user.api().patch(path(org), body("description", "now an org admin")).expect(200);
  }

  @Test
  void addUserRejectsCustomRolesAndBadBodiesWith400() {
    String org = fx.organization();
    TestUser user = fx.user("member");
    String role = fx.role(List.of("SPACE_READ"));
    record Case(Object body, String... detail) {}
    List<Case> cases = List.of(
        new Case(body("user_id", user.id(), "role", custom(role)), "custom roles are not supported"),
        new Case(body("role", predefined("member")), "'user_id'", "required"),
        new Case(body("user_id", "bad", "role", predefined("member")), "'user_id'"),
        new Case(body("user_id", org, "role", predefined("member")), "'user_id'",
            "expected a User ID"),
        new Case(body("user_id", user.id()), "'role'", "required"),
        new Case(body("user_id", user.id(), "role", predefined("owner")), "'role.name'"),
        new Case(body("user_id", user.id(), "role", Map.of("type", "x", "name", "member")),
            "'role.type'"),
        new Case(body("user_id", user.id(), "role", predefined("member"), "organization_id",
            org), "'organization_id'"),
        new Case(body("user_id", user.id(), "role", predefined("member"), "z", 1),
            "unknown field 'z'"));
    for (Case c : cases) {
      assertProblem(admin.post(users(org), c.body()), 400, c.detail());
    }
    assertProblem(user.api().get(path(org)), 404);
  }

  @Test
  void addUserNeedsAnExistingUserAndKeepsTheAnnotatorRules() {
    String org = fx.organization();
    TestUser annotator = fx.user("annotator");
    TestUser member = fx.user("member");
    TestUser gone = fx.user("member");
    admin.delete("/v2/users/" + seg(gone.id())).expect(204);

    assertProblem(admin.post(users(org), body("user_id", missingId("User"), "role",
        predefined("member"))), 404, "user");
    assertProblem(admin.post(users(org), body("user_id", gone.id(), "role",
        predefined("member"))), 404, "user");
    assertProblem(admin.post(users(org), body("user_id", annotator.id(), "role",
        predefined("member"))), 422, "annotator");
    assertProblem(admin.post(users(org), body("user_id", member.id(), "role",
        predefined("annotator"))), 422, "annotator");
    admin.post(users(org), body("user_id", annotator.id(), "role", predefined("annotator")))
        .expect(200);
  }

  @Test
  void addUserNeedsAnOrganizationAdmin() {
    String org = fx.organization();
    TestUser orgAdmin = orgUser(org, "member", "admin");
    TestUser orgMember = orgUser(org, "member", "member");
    TestUser stranger = fx.user("member");
    TestUser target = fx.user("member");

    assertProblem(orgMember.api().post(users(org), body("user_id", target.id(), "role",
        predefined("member"))), 403, "organization admin");
    assertProblem(stranger.api().post(users(org), body("user_id", target.id(), "role",
        predefined("member"))), 404, "organization");
    orgAdmin.api().post(users(org), body("user_id", target.id(), "role", predefined("member")))
        .expect(200);
  }

  @Test
  void addUserChecksTheIdAndTheKey() {
    String org = fx.organization();
    TestUser user = fx.user("member");
    Object input = body("user_id", user.id(), "role", predefined("member"));
    assertIdChecks(admin, "POST", "/v2/organizations/{id}/users", input, "org_id",
        "Organization", org);
    assertUnauthenticated(admin, "POST", users(org), input);
    assertProblem(user.api().get(path(org)), 404);
  }

  // ------------------------------------------------------------------------- remove user

  @Test
  void removeUserTakesTheUserOutOfEverySpaceOfTheOrganizationOnly() {
    String org = fx.organization();
    String space1 = fx.space(org);
    String space2 = fx.space(org);
    TestUser user = orgUser(org, "member", "member");
    fx.addToSpace(space1, user.id(), "member");
    String binding = admin.post("/v2/spaces/" + seg(space2) + "/users", body("user_id",
        user.id(), "role", custom(fx.role(List.of("SPACE_READ"))))).expect(200).id();
    String otherOrg = fx.organization();
    String elsewhere = fx.space(otherOrg);
    fx.addToOrganization(otherOrg, user.id(), "member");
    fx.addToSpace(elsewhere, user.id(), "member");

    assertThat(admin.delete(users(org) + "/" + seg(user.id())).expect(204).body()).isEmpty();

    assertThat(spaceMemberIds(space1)).doesNotContain(user.id());
    assertThat(spaceMemberIds(space2)).doesNotContain(user.id());
    assertProblem(admin.get("/v2/role-bindings/" + seg(binding)), 404);
    assertThat(spaceMemberIds(elsewhere)).contains(user.id());
    assertProblem(user.api().get(path(org)), 404);
    assertThat(texts(user.api().get("/v2/spaces").expect(200).json().get("spaces"), "id"))
        .containsExactly(elsewhere);
    // No longer a member: space add-user refuses them, and a second removal is 404.
    assertProblem(admin.post("/v2/spaces/" + seg(space1) + "/users", body("user_id", user.id(),
        "role", predefined("member"))), 400, "organization");
    assertProblem(admin.delete(users(org) + "/" + seg(user.id())), 404, "membership");
  }

  @Test
  void removeUserOfSomeoneWhoIsNotThereIs404() {
    String org = fx.organization();
    assertProblem(admin.delete(users(org) + "/" + seg(fx.user("member").id())), 404,
        "membership");
    assertProblem(admin.delete(users(org) + "/" + seg(missingId("User"))), 404, "user");
  }

  @Test
  void removeUserNeedsAnOrganizationAdmin() {
    String org = fx.organization();
    TestUser orgAdmin = orgUser(org, "member", "admin");
    TestUser orgMember = orgUser(org, "member", "member");
    TestUser stranger = fx.user("member");
    TestUser target = orgUser(org, "member", "member");
    String path = users(org) + "/" + seg(target.id());

    assertProblem(orgMember.api().delete(path), 403, "organization admin");
    assertProblem(stranger.api().delete(path), 404, "organization");
    orgAdmin.api().delete(path).expect(204);
  }

  @Test
  void removeUserChecksBothIdsAndTheKey() {
    String org = fx.organization();
    TestUser target = orgUser(org, "member", "member");
    assertIdChecks(admin, "DELETE", "/v2/organizations/{id}/users/" + seg(target.id()), null,
        "org_id", "Organization", org);
    assertIdChecks(admin, "DELETE", users(org) + "/{id}", null, "user_id", "User", target.id());
    assertUnauthenticated(admin, "DELETE", users(org) + "/" + seg(target.id()), null);
    target.api().get(path(org)).expect(200);
  }
}
