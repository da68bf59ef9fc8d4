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

/** {@code /v2/spaces}: list, get, create, update, delete (members: {@link SpaceMembersApiTest}). */
class SpacesApiTest {

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

  private static String path(String spaceId) {
    return "/v2/spaces/" + seg(spaceId);
  }

  /** A user with a key who belongs to {@code org} with {@code orgRole}. */
  private static TestUser orgUser(String org, String accountRole, String orgRole) {
    TestUser user = fx.user(accountRole);
    fx.addToOrganization(org, user.id(), orgRole);
    return user;
  }

  // ------------------------------------------------------------------------------ create

  @Test
  void createAnswers201WithExactlyTheSpace() {
    String org = fx.organization();
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ApiResponse created = admin.post("/v2/spaces",
        body("name", "Production", "organization_id", org, "description", "where it runs"))
        .expect(201);
    Instant after = Instant.now();

    JsonNode space = created.json();
    assertThat(fieldNames(space)).containsExactlyInAnyOrder("id", "name", "description",
        "created_at");
    assertId(created.id(), "Space");
    assertThat(space.get("name").asText()).isEqualTo("Production");
    assertThat(space.get("description").asText()).isEqualTo("where it runs");
    assertTimestampBetween(space.get("created_at").asText(), before, after);
    assertThat(created.header("Content-Type")).startsWith("application/json");
    assertThat(created.header("X-Request-Id")).isNotBlank();
    assertThat(admin.get(path(created.id())).expect(200).json()).isEqualTo(space);
  }

  @Test
  void descriptionDefaultsToEmptyString() {
    String org = fx.organization();
    JsonNode space = admin.post("/v2/spaces", body("name", "plain", "organization_id", org))
        .expect(201).json();
    assertThat(space.get("description").isTextual()).isTrue();
    assertThat(space.get("description").asText()).isEmpty();
  }

  @Test
  void createAcceptsAJsonContentTypeWithCharset() {
    String org = fx.organization();
    ApiResponse response = admin.send("POST", "/v2/spaces",
        "{\"name\": \"charset\", \"organization_id\": \"" + org + "\"}",
        Map.of("Content-Type", "application/json; charset=utf-8"));
    assertThat(response.expect(201).text("name")).isEqualTo("charset");
  }

  @Test
  void theCreatorBecomesTheSpaceAdmin() {
    String org = fx.organization();
    TestUser creator = orgUser(org, "member", "member");
    String space = creator.api().post("/v2/spaces", body("name", "mine", "organization_id", org))
        .expect(201).id();

    JsonNode memberships = creator.api().get(path(space) + "/users").expect(200).json()
        .get("memberships");
    assertThat(memberships).hasSize(1);
    assertThat(memberships.get(0).get("user_id").asText()).isEqualTo(creator.id());
    assertThat(memberships.get(0).get("space_id").asText()).isEqualTo(space);
    assertThat(memberships.get(0).get("role")).isEqualTo(Api.JSON.valueToTree(predefined("admin")));
    // ...with an admin's powers.
    creator.api().patch(path(space), body("description", "changed")).expect(200);
    creator.api().delete(path(space)).expect(204);
  }

  @Test
  void namesAreUniquePerOrganizationExactlyAndCaseSensitively() {
    String org = fx.organization();
    String other = fx.organization();
    admin.post("/v2/spaces", body("name", "Prod", "organization_id", org)).expect(201);

    assertProblem(admin.post("/v2/spaces", body("name", "Prod", "organization_id", org)), 409,
        "'Prod'", "already exists");
    admin.post("/v2/spaces", body("name", "prod", "organization_id", org)).expect(201);
    admin.post("/v2/spaces", body("name", "Prod ", "organization_id", org)).expect(201);
    admin.post("/v2/spaces", body("name", "Prod", "organization_id", other)).expect(201);

    assertThat(texts(admin.get("/v2/spaces?org_id=" + q(org)).expect(200).json().get("spaces"),
        "name")).containsExactly("Prod", "prod", "Prod ");
  }

  @Test
  void namesAreCountedInCodePoints() {
    String org = fx.organization();
    String emoji = "\uD83D\uDE80"; // one code point, two UTF-16 units
    admin.post("/v2/spaces", body("name", emoji.repeat(255), "organization_id", org,
        "description", emoji.repeat(1000))).expect(201);
    assertProblem(admin.post("/v2/spaces", body("name", emoji.repeat(256),
        "organization_id", org)), 400, "'name'", "at most 255");
    assertProblem(admin.post("/v2/spaces", body("name", "x", "organization_id", org,
        "description", emoji.repeat(1001))), 400, "'description'", "at most 1000");
  }

  @Test
  void createRejectsBadBodiesWith400NamingTheCauseAndWritesNothing() {
    String org = fx.organization();
    String space = fx.space(fx.organization());
    record Case(Object body, String... detail) {}
    List<Case> cases = List.of(
        new Case(body("organization_id", org), "'name'", "required"),
        new Case(body("name", "", "organization_id", org), "'name'", "empty"),
        new Case(body("name", "x".repeat(256), "organization_id", org), "'name'", "255"),
        new Case(body("name", "ok", "organization_id", org, "description", "d".repeat(1001)),
            "'description'", "1000"),
        new Case(body("name", "ok"), "'organization_id'", "required"),
        new Case(body("name", "ok", "organization_id", "nope"), "'organization_id'",
            "not a valid Organization ID"),
        new Case(body("name", "ok", "organization_id", space), "'organization_id'",
            "expected a Organization ID"),
        new Case(body("name", "ok", "organization_id", org, "colour", "red"),
            "unknown field 'colour'"),
        new Case(body("name", "ok", "organization_id", org, "id", "x"), "'id'",
            "set by the server"),
        new Case(body("name", "ok", "organization_id", org, "created_at",
            "2026-01-01T00:00:00Z"), "'created_at'", "set by the server"),
        new Case(body("name", 42, "organization_id", org), "'name'", "string"),
        new Case(body("name", true, "organization_id", org), "'name'", "string"),
        new Case(body("name", List.of("a"), "organization_id", org), "'name'"),
        new Case(body("name", "ok", "organization_id", org, "description", Map.of()),
            "'description'"),
        new Case("{\"name\": null, \"organization_id\": \"" + org + "\"}", "'name'"),
        new Case("{\"name\": \"ok\", \"organization_id\": \"" + org + "\"", "malformed JSON"),
        new Case("{\"name\": \"a\", \"name\": \"b\", \"organization_id\": \"" + org + "\"}",
            "name"),
        new Case("{\"name\": \"ok\", \"organization_id\": \"" + org + "\"} trailing", "JSON"),
        new Case("[{\"name\": \"ok\"}]", "JSON object"),
        new Case("\"ok\"", "JSON object"),
        new Case("", "JSON object body is required"));
    for (Case c : cases) {
      assertProblem(admin.post("/v2/spaces", c.body()), 400, c.detail());
    }
    assertThat(admin.get("/v2/spaces?org_id=" + q(org)).expect(200).json().get("spaces"))
        .isEmpty();
  }

  @Test
  void createNeedsAJsonContentType() {
    String org = fx.organization();
    assertProblem(admin.send("POST", "/v2/spaces",
        "{\"name\": \"x\", \"organization_id\": \"" + org + "\"}",
        Map.of("Content-Type", "text/plain")), 415, "application/json");
    assertProblem(admin.send("POST", "/v2/spaces",
        "{\"name\": \"x\", \"organization_id\": \"" + org + "\"}", Map.of()), 415);
  }

  @Test
  void createInAnUnknownOrInvisibleOrganizationIs404() {
    String org = fx.organization();
    TestUser outsider = fx.user("member");
    assertProblem(admin.post("/v2/spaces", body("name", "x", "organization_id",
        missingId("Organization"))), 404, "organization");
    assertProblem(outsider.api().post("/v2/spaces", body("name", "x", "organization_id", org)),
        404, "organization");
  }

  @Test
  void onlyOrganizationAdminsAndMembersMayCreateSpaces() {
    String org = fx.organization();
    TestUser readOnly = orgUser(org, "member", "read-only");
    TestUser annotator = orgUser(org, "annotator", "annotator");
    TestUser orgAdmin = orgUser(org, "member", "admin");

    assertProblem(readOnly.api().post("/v2/spaces", body("name", "a", "organization_id", org)),
        403, "creating spaces");
    assertProblem(annotator.api().post("/v2/spaces", body("name", "b", "organization_id", org)),
        403, "creating spaces");
    orgAdmin.api().post("/v2/spaces", body("name", "c", "organization_id", org)).expect(201);
    assertThat(texts(admin.get("/v2/spaces?org_id=" + q(org)).expect(200).json().get("spaces"),
        "name")).containsExactly("c");
  }

  @Test
  void createNeedsAKey() {
    String org = fx.organization();
    assertUnauthenticated(admin, "POST", "/v2/spaces", body("name", "x", "organization_id", org));
  }

  // --------------------------------------------------------------------------------- get

  @Test
  void getReturnsTheSpaceToAnyoneWhoMayReadIt() {
    String org = fx.organization();
    String space = admin.post("/v2/spaces", body("name", "readable", "organization_id", org,
        "description", "d")).expect(201).id();
    TestUser reader = orgUser(org, "member", "read-only");
    fx.addToSpace(space, reader.id(), "read-only");
    TestUser orgAdmin = orgUser(org, "member", "admin");

    for (Api api : List.of(admin, reader.api(), orgAdmin.api())) {
      JsonNode got = api.get(path(space)).expect(200).json();
      assertThat(got.get("id").asText()).isEqualTo(space);
      assertThat(got.get("name").asText()).isEqualTo("readable");
      assertThat(got.get("description").asText()).isEqualTo("d");
    }
  }

  @Test
  void getOfAnInvisibleSpaceIs404LikeANonexistentOne() {
    String org = fx.organization();
    String space = fx.space(org);
    // An organization member (not admin) sees only the spaces they belong to.
    TestUser orgMember = orgUser(org, "member", "member");
    TestUser stranger = fx.user("member");

    String invisible = assertProblem(orgMember.api().get(path(space)), 404);
    String missing = assertProblem(orgMember.api().get(path(missingId("Space"))), 404);
    assertThat(invisible).isEqualTo(missing);
    assertProblem(stranger.api().get(path(space)), 404, "space");
  }

  @Test
  void aSpaceBoundWithoutSpaceReadStaysInvisible() {
    // CONTRACT.md §7: a space the caller can't read is 404 on every route and absent from lists,
    // whatever else a custom role grants on it.
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = orgUser(org, "member", "member");
    fx.bindOnSpace(space, user.id(), fx.role(List.of("ROLE_BINDING_READ", "SPACE_UPDATE",
        "SPACE_DELETE")));

    assertProblem(user.api().get(path(space)), 404, "space");
    assertProblem(user.api().patch(path(space), "{\"description\":\"x\"}"), 404, "space");
    assertProblem(user.api().delete(path(space)), 404, "space");
    assertThat(user.api().get("/v2/spaces?limit=100").expect(200).json().get("spaces"))
        .extracting(s -> s.get("id").asText()).doesNotContain(space);
    admin.get(path(space)).expect(200);
  }

  @Test
  void getChecksTheIdAndTheKey() {
    String space = fx.space(fx.organization());
    assertIdChecks(admin, "GET", "/v2/spaces/{id}", null, "space_id", "Space", space);
    assertUnauthenticated(admin, "GET", path(space), null);
  }

  @Test
  void percentEncodedIdsWork() {
    String org = fx.organization();
    String padded = idContaining("=", 200, () -> fx.space(org));
    String encoded = seg(padded);
    assertThat(encoded).contains("%3D");

    assertThat(admin.get("/v2/spaces/" + encoded).expect(200).id()).isEqualTo(padded);
    assertThat(admin.get("/v2/spaces/" + padded).expect(200).id()).isEqualTo(padded);
    admin.patch("/v2/spaces/" + encoded, body("description", "via %3D")).expect(200);
    admin.get("/v2/spaces/" + encoded + "/users").expect(200);
    admin.delete("/v2/spaces/" + encoded).expect(204);

    // '/' and '+' arrive as %2F and %2B: one path segment, handed to the ID parser (our IDs'
    // text is base62 and digits, so their base64 never holds either, but clients encode them).
    for (String encodedChar : List.of("%2F", "%2B")) {
      assertProblem(admin.get("/v2/spaces/U3Bh" + encodedChar + "Y2U6"), 400,
          "'space_id'", "not a valid Space ID");
      assertProblem(admin.get("/v2/spaces/U3Bh" + encodedChar + "Y2U6/users"), 400,
          "'space_id'");
    }
  }

  // ------------------------------------------------------------------------------ update

  @Test
  void updateChangesOnlyTheGivenFields() {
    String org = fx.organization();
    ApiResponse created = admin.post("/v2/spaces", body("name", "before", "organization_id",
        org, "description", "old")).expect(201);
    String space = created.id();

    JsonNode renamed = admin.patch(path(space), body("name", "after")).expect(200).json();
    assertThat(fieldNames(renamed)).containsExactlyInAnyOrder("id", "name", "description",
        "created_at");
    assertThat(renamed.get("id").asText()).isEqualTo(space);
    assertThat(renamed.get("name").asText()).isEqualTo("after");
    assertThat(renamed.get("description").asText()).isEqualTo("old");
    assertThat(renamed.get("created_at")).isEqualTo(created.json().get("created_at"));

    JsonNode described = admin.patch(path(space), body("description", "new")).expect(200).json();
    assertThat(described.get("name").asText()).isEqualTo("after");
    assertThat(described.get("description").asText()).isEqualTo("new");

    JsonNode both = admin.patch(path(space), body("name", "both", "description", "x")).expect(200)
        .json();
    assertThat(both.get("name").asText()).isEqualTo("both");
    assertThat(both.get("description").asText()).isEqualTo("x");

    JsonNode cleared = admin.patch(path(space), body("description", "")).expect(200).json();
    assertThat(cleared.get("description").asText()).isEmpty();
    assertThat(admin.get(path(space)).expect(200).json()).isEqualTo(cleared);
  }

  @Test
  void renamingKeepsNamesUniqueInTheOrganization() {
    String org = fx.organization();
    fx.space(org, "taken");
    String space = fx.space(org, "mine");
    String elsewhere = fx.space(fx.organization(), "free");

    assertProblem(admin.patch(path(space), body("name", "taken")), 409, "'taken'");
    assertThat(admin.get(path(space)).expect(200).text("name")).isEqualTo("mine");
    admin.patch(path(space), body("name", "mine")).expect(200);
    admin.patch(path(space), body("name", "TAKEN")).expect(200);
    admin.patch(path(elsewhere), body("name", "taken")).expect(200);
  }

  @Test
  void updateRejectsBadBodiesWith400() {
    String space = fx.space(fx.organization(), "stays");
    assertProblem(admin.patch(path(space), body()), 400, "at least one of 'name' or 'description'");
    assertProblem(admin.patch(path(space), body("name", "")), 400, "'name'", "empty");
    assertProblem(admin.patch(path(space), body("name", "n".repeat(256))), 400, "'name'");
    assertProblem(admin.patch(path(space), body("description", "d".repeat(1001))), 400,
        "'description'");
    assertProblem(admin.patch(path(space), body("name", 7)), 400, "'name'", "string");
    assertProblem(admin.patch(path(space), body("organization_id", fx.organization())), 400,
        "'organization_id'");
    assertProblem(admin.patch(path(space), body("id", space)), 400, "'id'");
    assertProblem(admin.patch(path(space), body("tags", List.of())), 400, "unknown field 'tags'");
    assertProblem(admin.patch(path(space), "{\"name\": "), 400, "malformed JSON");
    assertProblem(admin.send("PATCH", path(space), "{\"name\": \"x\"}",
        Map.of("Content-Type", "text/plain")), 415);
    assertThat(admin.get(path(space)).expect(200).text("name")).isEqualTo("stays");
  }

  @Test
  void updateNeedsSpaceUpdate() {
    String org = fx.organization();
    String space = fx.space(org, "guarded");
    TestUser reader = orgUser(org, "member", "member");
    fx.addToSpace(space, reader.id(), "member");
    TestUser updater = orgUser(org, "member", "member");
    fx.bindOnSpace(space, updater.id(), fx.role(List.of("SPACE_READ", "SPACE_UPDATE")));
    TestUser stranger = fx.user("member");

    assertProblem(reader.api().patch(path(space), body("name", "x")), 403, "SPACE_UPDATE");
    assertProblem(stranger.api().patch(path(space), body("name", "x")), 404, "space");
    assertThat(updater.api().patch(path(space), body("name", "renamed")).expect(200)
        .text("name")).isEqualTo("renamed");
  }

  @Test
  void updateChecksTheIdAndTheKey() {
    String space = fx.space(fx.organization());
    assertIdChecks(admin, "PATCH", "/v2/spaces/{id}", body("name", "x"), "space_id", "Space",
        space);
    assertUnauthenticated(admin, "PATCH", path(space), body("name", "x"));
  }

  // ------------------------------------------------------------------------------ delete

  @Test
  void deleteRemovesTheSpaceWithItsMembershipsAndBindings() {
    String org = fx.organization();
    String space = fx.space(org, "doomed");
    TestUser member = orgUser(org, "member", "member");
    fx.addToSpace(space, member.id(), "member");
    TestUser bound = orgUser(org, "member", "member");
    String role = fx.role(List.of("SPACE_READ"));
    String binding = admin.post("/v2/spaces/" + seg(space) + "/users",
        body("user_id", bound.id(), "role", ApiAssertions.custom(role))).expect(200).id();
    member.api().get(path(space)).expect(200);

    ApiResponse deleted = admin.delete(path(space)).expect(204);
    assertThat(deleted.body()).isEmpty();

    assertProblem(admin.get(path(space)), 404, "space");
    assertProblem(admin.delete(path(space)), 404, "space");
    assertProblem(admin.get(path(space) + "/users"), 404, "space");
    assertProblem(member.api().get(path(space)), 404);
    assertProblem(admin.get("/v2/role-bindings/" + seg(binding)), 404);
    assertThat(admin.get("/v2/role-bindings?resource_type=SPACE&user_id=" + q(bound.id()))
        .expect(200).json().get("role_bindings")).isEmpty();
    assertThat(member.api().get("/v2/spaces").expect(200).json().get("spaces")).isEmpty();
    // The binding no longer holds the role, so it may go.
    admin.delete("/v2/roles/" + seg(role)).expect(204);
    // The name is free again.
    fx.space(org, "doomed");
  }

  @Test
  void deleteNeedsSpaceDelete() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser member = orgUser(org, "member", "member");
    fx.addToSpace(space, member.id(), "member");
    TestUser deleter = orgUser(org, "member", "member");
    fx.bindOnSpace(space, deleter.id(), fx.role(List.of("SPACE_READ", "SPACE_DELETE")));
    TestUser stranger = fx.user("member");

    assertProblem(member.api().delete(path(space)), 403, "SPACE_DELETE");
    assertProblem(stranger.api().delete(path(space)), 404, "space");
    admin.get(path(space)).expect(200);
    deleter.api().delete(path(space)).expect(204);
    assertProblem(admin.get(path(space)), 404);
  }

  @Test
  void anOrganizationAdminMayDeleteAnySpaceOfTheOrganization() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser orgAdmin = orgUser(org, "member", "admin");
    orgAdmin.api().delete(path(space)).expect(204);
  }

  @Test
  void deleteChecksTheIdAndTheKey() {
    String space = fx.space(fx.organization());
    assertIdChecks(admin, "DELETE", "/v2/spaces/{id}", null, "space_id", "Space", space);
    assertUnauthenticated(admin, "DELETE", path(space), null);
    admin.get(path(space)).expect(200);
  }

  // -------------------------------------------------------------------------------- list

  @Test
  void listShowsEverySpaceToTheAccountAdminInCreationOrder() {
    String org = fx.organization();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(fx.space(org, "ordered-" + i));
    }
    JsonNode page = admin.get("/v2/spaces?org_id=" + q(org)).expect(200).json();
    assertThat(fieldNames(page)).containsExactly("spaces", "pagination");
    assertThat(texts(page.get("spaces"), "id")).containsExactlyElementsOf(ids);
    assertThat(texts(page.get("spaces"), "name")).containsExactly("ordered-0", "ordered-1",
        "ordered-2", "ordered-3");
    assertThat(page.get("pagination")).isEqualTo(Api.JSON.valueToTree(Map.of("has_more", false)));
    assertThat(page.get("spaces").get(0))
        .isEqualTo(admin.get(path(ids.get(0))).expect(200).json());

    List<String> all = texts(admin.get("/v2/spaces?limit=100").expect(200).json().get("spaces"),
        "id");
    assertThat(all).containsAll(ids);
  }

  @Test
  void listShowsOnlyTheSpacesTheCallerHoldsAGrantOn() {
    String org = fx.organization();
    String asMember = fx.space(org);
    String asBound = fx.space(org);
    fx.space(org); // holds nothing here
    String otherOrg = fx.organization();
    String viaOrgAdmin1 = fx.space(otherOrg);
    String viaOrgAdmin2 = fx.space(otherOrg);
    fx.space(fx.organization()); // not even in their organizations

    TestUser user = orgUser(org, "member", "member");
    fx.addToOrganization(otherOrg, user.id(), "admin");
    fx.addToSpace(asMember, user.id(), "read-only");
    fx.bindOnSpace(asBound, user.id(), fx.role(List.of("SPACE_READ")));

    assertThat(texts(user.api().get("/v2/spaces").expect(200).json().get("spaces"), "id"))
        .containsExactly(asMember, asBound, viaOrgAdmin1, viaOrgAdmin2);
    assertThat(texts(user.api().get("/v2/spaces?org_id=" + q(org)).expect(200).json()
        .get("spaces"), "id")).containsExactly(asMember, asBound);
    assertThat(fx.user("member").api().get("/v2/spaces").expect(200).json().get("spaces"))
        .isEmpty();
  }

  @Test
  void aMembersPagesWalkEveryVisibleSpaceOnceInOrderHoweverItIsGranted() {
    // Grants of every kind interleave in creation order, and some spaces are granted twice: the
    // member's list merges one stream per kind of grant (VisibleSpaces), which must neither
    // repeat nor skip nor reorder at any page size.
    String org = fx.organization();
    String administered1 = fx.organization();
    String administered2 = fx.organization();
    TestUser user = orgUser(org, "member", "member");
    fx.addToOrganization(administered1, user.id(), "admin");
    fx.addToOrganization(administered2, user.id(), "admin");
    String bindingRole = fx.role(List.of("SPACE_READ"));
    List<String> visible = new ArrayList<>();
    List<String> visibleInOrg = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String inOrg = fx.space(org);
      switch (i % 4) {
        case 0 -> fx.addToSpace(inOrg, user.id(), "member");
        case 1 -> fx.bindOnSpace(inOrg, user.id(), bindingRole);
        case 2 -> {
          fx.addToSpace(inOrg, user.id(), "read-only");
          fx.bindOnSpace(inOrg, user.id(), bindingRole);
        }
        default -> inOrg = null; // holds nothing on it
      }
      if (inOrg != null) {
        visible.add(inOrg);
        visibleInOrg.add(inOrg);
      }
      String administered = fx.space(i % 2 == 0 ? administered1 : administered2);
      if (i % 3 == 0) {
        fx.addToSpace(administered, user.id(), "read-only"); // visible twice over
      }
      visible.add(administered);
    }

    for (int limit : new int[] {1, 2, 3, 5, 7, 50}) {
      assertThat(texts(Api.JSON.valueToTree(walk(user.api(), "/v2/spaces", "spaces", limit)),
          "id")).as("limit %d", limit).containsExactlyElementsOf(visible);
      assertThat(texts(Api.JSON.valueToTree(walk(user.api(), "/v2/spaces?org_id=" + q(org),
          "spaces", limit)), "id")).as("org, limit %d", limit)
          .containsExactlyElementsOf(visibleInOrg);
    }
  }

  @Test
  void listByAnUnknownOrInvisibleOrganizationIs404AndABadOrgIdIs400() {
    String org = fx.organization();
    TestUser stranger = fx.user("member");
    assertProblem(admin.get("/v2/spaces?org_id=" + q(missingId("Organization"))), 404,
        "organization");
    assertProblem(stranger.api().get("/v2/spaces?org_id=" + q(org)), 404, "organization");
    assertProblem(admin.get("/v2/spaces?org_id=nope"), 400, "'org_id'");
    assertProblem(admin.get("/v2/spaces?org_id=" + q(fx.space(org))), 400, "'org_id'",
        "expected a Organization ID");
    assertProblem(admin.get("/v2/spaces?org_id=" + q(org) + "&org_id=" + q(org)), 400,
        "'org_id'");
  }

  @Test
  void nameFilterIsACaseInsensitiveSubstring() {
    String org = fx.organization();
    String production = fx.space(org, "Production");
    String set = fx.space(org, "my-prod-set");
    fx.space(org, "staging");
    String upper = fx.space(org, "PROD");

    String filtered = "/v2/spaces?org_id=" + q(org) + "&name=";
    assertThat(texts(admin.get(filtered + "prod").expect(200).json().get("spaces"), "id"))
        .containsExactly(production, set, upper);
    assertThat(texts(admin.get(filtered + "PrOd").expect(200).json().get("spaces"), "id"))
        .containsExactly(production, set, upper);
    assertThat(texts(admin.get(filtered + "duct").expect(200).json().get("spaces"), "id"))
        .containsExactly(production);
    assertThat(admin.get(filtered + "nothing-like-it").expect(200).json().get("spaces"))
        .isEmpty();
    // An empty filter filters nothing.
    assertThat(admin.get(filtered).expect(200).json().get("spaces")).hasSize(4);
  }

  @Test
  void nameFilterTakesPercentUnderscoreAndBackslashLiterally() {
    String org = fx.organization();
    String percent = fx.space(org, "100% done");
    String underscore = fx.space(org, "a_b");
    String backslash = fx.space(org, "back\\slash");
    fx.space(org, "axb");
    fx.space(org, "plain");

    String filtered = "/v2/spaces?org_id=" + q(org) + "&name=";
    assertThat(texts(admin.get(filtered + q("%")).expect(200).json().get("spaces"), "id"))
        .containsExactly(percent);
    assertThat(texts(admin.get(filtered + q("_")).expect(200).json().get("spaces"), "id"))
        .containsExactly(underscore);
    assertThat(texts(admin.get(filtered + q("a_b")).expect(200).json().get("spaces"), "id"))
        .containsExactly(underscore);
    assertThat(texts(admin.get(filtered + q("\\")).expect(200).json().get("spaces"), "id"))
        .containsExactly(backslash);
    assertThat(texts(admin.get(filtered + q("k\\s")).expect(200).json().get("spaces"), "id"))
        .containsExactly(backslash);
    assertThat(admin.get(filtered + q("%%")).expect(200).json().get("spaces")).isEmpty();
  }

  @Test
  void nameFilterLongerThan255Is400() {
    assertProblem(admin.get("/v2/spaces?name=" + "n".repeat(256)), 400, "'name'", "255");
    admin.get("/v2/spaces?name=" + "n".repeat(255)).expect(200);
    assertProblem(admin.get("/v2/spaces?name=a&name=b"), 400, "'name'");
  }

  @Test
  void pagesCoverEverySpaceOnceWithNextCursorExactlyWhenThereIsMore() {
    String org = fx.organization();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(fx.space(org));
    }
    String list = "/v2/spaces?org_id=" + q(org);
    for (int limit : new int[] {1, 2, 3, 4, 5, 6}) {
      assertThat(texts(Api.JSON.valueToTree(walk(admin, list, "spaces", limit)), "id"))
          .as("limit %d", limit).containsExactlyElementsOf(ids);
    }
    JsonNode exact = admin.get(list + "&limit=5").expect(200).json();
    assertThat(exact.get("spaces")).hasSize(5);
    assertThat(fieldNames(exact.get("pagination"))).containsExactly("has_more");

    JsonNode first = admin.get(list + "&limit=2").expect(200).json();
    assertThat(first.get("pagination").get("has_more").asBoolean()).isTrue();
    assertThat(first.get("pagination").get("next_cursor").asText()).isNotEmpty();
  }

  @Test
  void theDefaultPageHolds50() {
    String org = fx.organization();
    for (int i = 0; i < 51; i++) {
      fx.space(org);
    }
    JsonNode page = admin.get("/v2/spaces?org_id=" + q(org)).expect(200).json();
    assertThat(page.get("spaces")).hasSize(50);
    assertThat(page.get("pagination").get("has_more").asBoolean()).isTrue();
    JsonNode rest = admin.get("/v2/spaces?org_id=" + q(org) + "&cursor="
        + q(page.get("pagination").get("next_cursor").asText())).expect(200).json();
    assertThat(rest.get("spaces")).hasSize(1);
    assertThat(rest.get("pagination").get("has_more").asBoolean()).isFalse();
  }

  @Test
  void aWalkIsStableUnderConcurrentInsertsAndDeletes() {
    String org = fx.organization();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(fx.space(org));
    }
    String list = "/v2/spaces?org_id=" + q(org) + "&limit=2";
    JsonNode page = admin.get(list).expect(200).json();
    List<String> seen = new ArrayList<>(texts(page.get("spaces"), "id"));
    // Between pages: one seen space goes, one unseen space goes, a new one arrives.
    admin.delete(path(ids.get(0))).expect(204);
    admin.delete(path(ids.get(3))).expect(204);
    String added = fx.space(org);
    String cursor = page.get("pagination").get("next_cursor").asText();
    while (cursor != null) {
      page = admin.get(list + "&cursor=" + q(cursor)).expect(200).json();
      seen.addAll(texts(page.get("spaces"), "id"));
      JsonNode next = page.get("pagination").get("next_cursor");
      cursor = next == null ? null : next.asText();
    }
    assertThat(seen).doesNotHaveDuplicates()
        .contains(ids.get(0), ids.get(1), ids.get(2), ids.get(4), ids.get(5), added)
        .doesNotContain(ids.get(3));
  }

  @Test
  void cursorsAreTiedToTheirFiltersAndTamperEvident() {
    String org = fx.organization();
    String otherOrg = fx.organization();
    for (int i = 0; i < 3; i++) {
      fx.space(org, "pg-" + i);
      fx.space(otherOrg, "pg-" + i);
    }
    String list = "/v2/spaces?org_id=" + q(org) + "&name=pg";
    String cursor = firstCursor(admin, list + "&limit=1");

    // Same filters, another limit: fine.
    assertThat(admin.get(list + "&limit=2&cursor=" + q(cursor)).expect(200).json()
        .get("spaces")).hasSize(2);
    for (String other : List.of("/v2/spaces?org_id=" + q(otherOrg) + "&name=pg",
        "/v2/spaces?org_id=" + q(org), "/v2/spaces?name=pg", "/v2/spaces?org_id=" + q(org)
            + "&name=PG", "/v2/spaces")) {
      assertProblem(admin.get(other + (other.contains("?") ? "&" : "?") + "cursor=" + q(cursor)),
          400, "'cursor'", "different");
    }
    // Another list's cursor.
    assertProblem(admin.get("/v2/organizations?cursor=" + q(cursor)), 400, "'cursor'");
    assertCursorChecks(admin, list, cursor);
  }

  @Test
  void listChecksLimitAndKey() {
    assertLimitChecks(admin, "/v2/spaces");
    assertUnauthenticated(admin, "GET", "/v2/spaces", null);
  }
}
