package dev.spaceport.server.api;

import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static dev.spaceport.server.testing.Fixtures.unique;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.keys.ApiKeySecrets;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.Fixtures.TestUser;
import dev.spaceport.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Who may do what to a space (CONTRACT.md §7), cell by cell: every space endpoint × every kind of
 * caller × {a space in the callers' organization, a space in another organization, a well-formed
 * ID that names nothing}. The expected statuses are written out below as tables, not computed.
 *
 * <p>Every cell builds its own target (a fresh space, the caller's grant on it, and for remove-user
 * a fresh membership to remove), so cells are independent and destructive cells can't disturb
 * each other. After the call, the account admin checks that a success really happened and that a
 * refusal changed nothing.
 */
class SpaceAuthorizationMatrixTest {

  // ------------------------------------------------------------------------------------------
  // The world
  // ------------------------------------------------------------------------------------------

  /** The organizations of the world: A is "own" for most callers, B is "another org". */
  enum Org { A, B }

  /**
   * The callers. All callers with a space role are only {@code read-only} in org A (annotators:
   * {@code annotator}), so whatever they can do on the space comes from the space grant alone.
   */
  enum Who {
    ACCOUNT_ADMIN("account admin (no org membership)", "admin", null, null, null),
    ORG_ADMIN("org admin", "member", Org.A, "admin", null),
    ORG_MEMBER("org member, no space role", "member", Org.A, "member", null),
    SPACE_ADMIN("space admin", "member", Org.A, "read-only", "admin"),
    SPACE_MEMBER("space member", "member", Org.A, "read-only", "member"),
    SPACE_READ_ONLY("space read-only", "member", Org.A, "read-only", "read-only"),
    SPACE_ANNOTATOR("space annotator (annotator account)", "annotator", Org.A, "annotator",
        "annotator"),
    CUSTOM_WITH("custom role with the permission", "member", Org.A, "read-only", CUSTOM),
    CUSTOM_WITHOUT("custom role without it", "member", Org.A, "read-only", CUSTOM),
    OTHER_ORG_USER("admin of another org", "member", Org.B, "admin", null),
    NO_KEY("no API key", null, null, null, null),
    BAD_KEY("unknown API key", null, null, null, null);

    final String label;
    final String accountRole;
    final Org org;
    final String orgRole;
    /** Predefined space role on the "own" target, {@link #CUSTOM}, or null for none. */
    final String spaceRole;

    Who(String label, String accountRole, Org org, String orgRole, String spaceRole) {
      this.label = label;
      this.accountRole = accountRole;
      this.org = org;
      this.orgRole = orgRole;
      this.spaceRole = spaceRole;
    }
  }

  private static final String CUSTOM = "custom";

  enum Target {
    OWN("space in org A", "org A"),
    OTHER("space in org B", "org B"),
    MISSING("nonexistent space ID", "nonexistent org ID");

    final String spaceLabel;
    final String orgLabel;

    Target(String spaceLabel, String orgLabel) {
      this.spaceLabel = spaceLabel;
      this.orgLabel = orgLabel;
    }
  }

  enum Endpoint {
    LIST("list: GET /v2/spaces (+ ?org_id=)"),
    GET("get: GET /v2/spaces/{id}"),
    CREATE("create: POST /v2/spaces"),
    UPDATE("update: PATCH /v2/spaces/{id}"),
    DELETE("delete: DELETE /v2/spaces/{id}"),
    ADD_PREDEFINED("add user, predefined role: POST /v2/spaces/{id}/users"),
    ADD_CUSTOM("add user, custom role: POST /v2/spaces/{id}/users"),
    REMOVE_USER("remove user: DELETE /v2/spaces/{id}/users/{user_id}"),
    LIST_MEMBERS("list members: GET /v2/spaces/{id}/users");

    final String label;

    Endpoint(String label) {
      this.label = label;
    }
  }

  private static final String SPACE_READ = "SPACE_READ";
  private static final String SPACE_UPDATE = "SPACE_UPDATE";
  private static final String SPACE_DELETE = "SPACE_DELETE";
  private static final String ROLE_BINDING_READ = "ROLE_BINDING_READ";
  private static final String ROLE_BINDING_CREATE = "ROLE_BINDING_CREATE";
  private static final String ROLE_BINDING_DELETE = "ROLE_BINDING_DELETE";
  private static final List<String> ALL_SPACE_PERMISSIONS = List.of(SPACE_READ, SPACE_UPDATE,
      SPACE_DELETE, ROLE_BINDING_READ, ROLE_BINDING_CREATE, ROLE_BINDING_DELETE);

  record CustomRoles(List<String> with, List<String> without) {}

  /**
   * What CUSTOM_WITH and CUSTOM_WITHOUT hold on the "own" target, per endpoint. "Without" holds
   * every other space permission, so a refusal can't be blamed on holding too little; "with"
   * holds SPACE_READ besides the permission the endpoint needs, since a space its caller can't
   * read is invisible (404) whatever else they hold (CONTRACT.md §7). No
   * permission stands for "space admin": add-user with a predefined role is refused even to a
   * custom role holding all six. No space permission lets anyone create spaces either (create
   * depends on the organization role); there the custom callers hold their role on another space
   * of org A.
   */
  private static final Map<Endpoint, CustomRoles> CUSTOM_ROLES = Map.ofEntries(
      entry(Endpoint.LIST, new CustomRoles(List.of(SPACE_READ), allBut(SPACE_READ))),
      entry(Endpoint.GET, new CustomRoles(List.of(SPACE_READ), allBut(SPACE_READ))),
      entry(Endpoint.CREATE, new CustomRoles(ALL_SPACE_PERMISSIONS, List.of(SPACE_READ))),
      entry(Endpoint.UPDATE, new CustomRoles(List.of(SPACE_READ, SPACE_UPDATE),
          allBut(SPACE_UPDATE))),
      entry(Endpoint.DELETE, new CustomRoles(List.of(SPACE_READ, SPACE_DELETE),
          allBut(SPACE_DELETE))),
      entry(Endpoint.ADD_PREDEFINED,
          new CustomRoles(ALL_SPACE_PERMISSIONS, allBut(ROLE_BINDING_CREATE))),
      entry(Endpoint.ADD_CUSTOM, new CustomRoles(List.of(SPACE_READ, ROLE_BINDING_CREATE),
          allBut(ROLE_BINDING_CREATE))),
      entry(Endpoint.REMOVE_USER, new CustomRoles(List.of(SPACE_READ, ROLE_BINDING_DELETE),
          allBut(ROLE_BINDING_DELETE))),
      entry(Endpoint.LIST_MEMBERS,
          new CustomRoles(List.of(SPACE_READ), allBut(SPACE_READ, ROLE_BINDING_READ))));

  // ------------------------------------------------------------------------------------------
  // The expected matrix (CONTRACT.md §7 as implemented)
  //
  // Columns: OWN = a space in org A on which the caller holds their space role (if any);
  // OTHER = a space in org B on which the caller holds nothing; MISSING = a well-formed Space ID
  // naming nothing. For create the columns are org A, org B and a nonexistent Organization ID.
  //
  // List cells: "in" = the space is in GET /v2/spaces and in GET /v2/spaces?org_id=<its org>;
  // "out" = absent from both; "out/404" = absent from the unfiltered list, and filtering by its
  // org is a 404 (the org is invisible, or does not exist); "401" = both lists refused.
  // ------------------------------------------------------------------------------------------

  private static final Map<Endpoint, String> EXPECTED = Map.ofEntries(
      entry(Endpoint.LIST, """
          caller           OWN      OTHER    MISSING
          ACCOUNT_ADMIN    in       in       out/404
          ORG_ADMIN        in       out/404  out/404
          ORG_MEMBER       out      out/404  out/404
          SPACE_ADMIN      in       out/404  out/404
          SPACE_MEMBER     in       out/404  out/404
          SPACE_READ_ONLY  in       out/404  out/404
          SPACE_ANNOTATOR  in       out/404  out/404
          CUSTOM_WITH      in       out/404  out/404
          CUSTOM_WITHOUT   out      out/404  out/404
          OTHER_ORG_USER   out/404  in       out/404
          NO_KEY           401      401      401
          BAD_KEY          401      401      401
          """),
      entry(Endpoint.GET, """
          caller           OWN  OTHER  MISSING
          ACCOUNT_ADMIN    200  200    404
          ORG_ADMIN        200  404    404
          ORG_MEMBER       404  404    404
          SPACE_ADMIN      200  404    404
          SPACE_MEMBER     200  404    404
          SPACE_READ_ONLY  200  404    404
          SPACE_ANNOTATOR  200  404    404
          CUSTOM_WITH      200  404    404
          CUSTOM_WITHOUT   404  404    404
          OTHER_ORG_USER   404  200    404
          NO_KEY           401  401    401
          BAD_KEY          401  401    401
          """),
      entry(Endpoint.CREATE, """
          caller           OWN  OTHER  MISSING
          ACCOUNT_ADMIN    201  201    404
          ORG_ADMIN        201  404    404
          ORG_MEMBER       201  404    404
          SPACE_ADMIN      403  404    404
          SPACE_MEMBER     403  404    404
          SPACE_READ_ONLY  403  404    404
          SPACE_ANNOTATOR  403  404    404
          CUSTOM_WITH      403  404    404
          CUSTOM_WITHOUT   403  404    404
          OTHER_ORG_USER   404  201    404
          NO_KEY           401  401    401
          BAD_KEY          401  401    401
          """),
      entry(Endpoint.UPDATE, """
          caller           OWN  OTHER  MISSING
          ACCOUNT_ADMIN    200  200    404
          ORG_ADMIN        200  404    404
          ORG_MEMBER       404  404    404
          SPACE_ADMIN      200  404    404
          SPACE_MEMBER     403  404    404
          SPACE_READ_ONLY  403  404    404
          SPACE_ANNOTATOR  403  404    404
          CUSTOM_WITH      200  404    404
          CUSTOM_WITHOUT   403  404    404
          OTHER_ORG_USER   404  200    404
          NO_KEY           401  401    401
          BAD_KEY          401  401    401
          """),
      entry(Endpoint.DELETE, """
          caller           OWN  OTHER  MISSING
          ACCOUNT_ADMIN    204  204    404
          ORG_ADMIN        204  404    404
          ORG_MEMBER       404  404    404
          SPACE_ADMIN      204  404    404
          SPACE_MEMBER     403  404    404
          SPACE_READ_ONLY  403  404    404
          SPACE_ANNOTATOR  403  404    404
          CUSTOM_WITH      204  404    404
          CUSTOM_WITHOUT   403  404    404
          OTHER_ORG_USER   404  204    404
          NO_KEY           401  401    401
          BAD_KEY          401  401    401
          """),
      entry(Endpoint.ADD_PREDEFINED, """
          caller           OWN  OTHER  MISSING
          ACCOUNT_ADMIN    200  200    404
          ORG_ADMIN        200  404    404
          ORG_MEMBER       404  404    404
          SPACE_ADMIN      200  404    404
          SPACE_MEMBER     403  404    404
          SPACE_READ_ONLY  403  404    404
          SPACE_ANNOTATOR  403  404    404
          CUSTOM_WITH      403  404    404
          CUSTOM_WITHOUT   403  404    404
          OTHER_ORG_USER   404  200    404
          NO_KEY           401  401    401
          BAD_KEY          401  401    401
          """),
      entry(Endpoint.ADD_CUSTOM, """
          caller           OWN  OTHER  MISSING
          ACCOUNT_ADMIN    200  200    404
          ORG_ADMIN        200  404    404
          ORG_MEMBER       404  404    404
          SPACE_ADMIN      200  404    404
          SPACE_MEMBER     403  404    404
          SPACE_READ_ONLY  403  404    404
          SPACE_ANNOTATOR  403  404    404
          CUSTOM_WITH      200  404    404
          CUSTOM_WITHOUT   403  404    404
          OTHER_ORG_USER   404  200    404
          NO_KEY           401  401    401
          BAD_KEY          401  401    401
          """),
      entry(Endpoint.REMOVE_USER, """
          caller           OWN  OTHER  MISSING
          ACCOUNT_ADMIN    204  204    404
          ORG_ADMIN        204  404    404
          ORG_MEMBER       404  404    404
          SPACE_ADMIN      204  404    404
          SPACE_MEMBER     403  404    404
          SPACE_READ_ONLY  403  404    404
          SPACE_ANNOTATOR  403  404    404
          CUSTOM_WITH      204  404    404
          CUSTOM_WITHOUT   403  404    404
          OTHER_ORG_USER   404  204    404
          NO_KEY           401  401    401
          BAD_KEY          401  401    401
          """),
      entry(Endpoint.LIST_MEMBERS, """
          caller           OWN  OTHER  MISSING
          ACCOUNT_ADMIN    200  200    404
          ORG_ADMIN        200  404    404
          ORG_MEMBER       404  404    404
          SPACE_ADMIN      200  404    404
          SPACE_MEMBER     200  404    404
          SPACE_READ_ONLY  200  404    404
          SPACE_ANNOTATOR  200  404    404
          CUSTOM_WITH      200  404    404
          CUSTOM_WITHOUT   404  404    404
          OTHER_ORG_USER   404  200    404
          NO_KEY           401  401    401
          BAD_KEY          401  401    401
          """));

  /**
   * Callers that can't see a target, for the explicit "invisible looks exactly like missing"
   * comparison: a same-org member without a grant, an org admin and a space admin looking at
   * another org's space, and another org's admin looking into org A.
   */
  private static final List<Map.Entry<Who, Target>> BLIND = List.of(
      entry(Who.ORG_MEMBER, Target.OWN),
      entry(Who.ORG_ADMIN, Target.OTHER),
      entry(Who.SPACE_ADMIN, Target.OTHER),
      entry(Who.OTHER_ORG_USER, Target.OWN));

  // ------------------------------------------------------------------------------------------

  private static final String MISSING_SPACE = id("Space:999999999:Zz9x");
  private static final String MISSING_ORG = id("Organization:999999999:Zz9x");

  private static TestServer server;
  private static Api admin;
  private static Fixtures fx;
  private static final Map<Org, String> orgs = new EnumMap<>(Org.class);
  private static final Map<Who, TestUser> users = new EnumMap<>(Who.class);
  private static final Map<Endpoint, String> roleWith = new EnumMap<>(Endpoint.class);
  private static final Map<Endpoint, String> roleWithout = new EnumMap<>(Endpoint.class);
  /** Member of both orgs, the user that add-user adds and remove-user removes. */
  private static TestUser subject;
  /** The custom role add-user (custom) gives the subject. */
  private static String subjectRole;
  private static ApiResponse spaceNotFound;
  private static ApiResponse orgNotFound;
  private static ApiResponse unauthorized;

  @BeforeAll
  static void buildTheWorld() {
    server = TestServer.start();
    admin = server.admin();
    fx = server.fixtures();
    for (Org org : Org.values()) {
      orgs.put(org, fx.organization());
    }
    for (Who who : Who.values()) {
      if (who.accountRole == null) {
        continue;
      }
      TestUser user = fx.user(who.accountRole);
      if (who.org != null) {
        fx.addToOrganization(orgs.get(who.org), user.id(), who.orgRole);
      }
      users.put(who, user);
    }
    subject = fx.user("member");
    fx.addToOrganization(orgs.get(Org.A), subject.id(), "member");
    fx.addToOrganization(orgs.get(Org.B), subject.id(), "member");
    subjectRole = fx.role(List.of(SPACE_READ));
    CUSTOM_ROLES.forEach((endpoint, roles) -> {
      roleWith.put(endpoint, fx.role(roles.with()));
      roleWithout.put(endpoint, fx.role(roles.without()));
    });
    // What "not found" and "not authenticated" look like when nothing is hidden.
    spaceNotFound = admin.get("/v2/spaces/" + seg(MISSING_SPACE)).expect(404);
    orgNotFound = admin.get("/v2/spaces?org_id=" + seg(MISSING_ORG)).expect(404);
    unauthorized = admin.as(null).get("/v2/spaces").expect(401);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  // ------------------------------------------------------------------------------------------
  // The matrix
  // ------------------------------------------------------------------------------------------

  @TestFactory
  Stream<DynamicNode> matrix() {
    return Arrays.stream(Endpoint.values()).map(endpoint -> {
      Map<Who, Map<Target, String>> table = parse(endpoint, EXPECTED.get(endpoint));
      return dynamicContainer(endpoint.label, Arrays.stream(Who.values()).map(who ->
          dynamicContainer(who.label, Arrays.stream(Target.values()).map(target -> {
            String expected = table.get(who).get(target);
            String targetLabel = endpoint == Endpoint.CREATE ? target.orgLabel : target.spaceLabel;
            return dynamicTest(targetLabel + " ⇒ " + expected,
                () -> cell(endpoint, who, target, expected));
          }))));
    });
  }

  private void cell(Endpoint endpoint, Who who, Target target, String expected) {
    Api api = api(who);
    try {
      switch (endpoint) {
        case LIST -> listCell(api, who, target, expected);
        case CREATE -> createCell(api, who, target, Integer.parseInt(expected));
        default -> spaceCell(endpoint, api, who, target, Integer.parseInt(expected));
      }
    } catch (AssertionError e) {
      throw new AssertionError("[" + endpoint.name() + " | " + who.name() + " | " + target.name()
          + " ⇒ " + expected + "] " + e.getMessage(), e);
    }
  }

  /** Is the target in the caller's space list, unfiltered and filtered by its organization? */
  private void listCell(Api api, Who who, Target target, String expected) {
    String org = target == Target.MISSING ? MISSING_ORG
        : orgs.get(target == Target.OWN ? Org.A : Org.B);
    String space = target == Target.MISSING ? MISSING_SPACE : freshSpace(who, target,
        Endpoint.LIST, unique("listed"));
    Listing all = listSpaces(api, "");
    Listing inOrg = listSpaces(api, "&org_id=" + seg(org));
    switch (expected) {
      case "401" -> {
        assertProblem(all.refusal, 401);
        assertProblem(inOrg.refusal, 401);
      }
      case "in" -> {
        assertThat(all.ids()).as("unfiltered list").contains(space);
        assertThat(inOrg.ids()).as("list filtered by its org").contains(space);
      }
      case "out" -> {
        assertThat(all.ids()).as("unfiltered list").doesNotContain(space);
        assertThat(inOrg.ids()).as("list filtered by its org").doesNotContain(space);
      }
      case "out/404" -> {
        assertThat(all.ids()).as("unfiltered list").doesNotContain(space);
        assertProblem(inOrg.refusal, 404);
        assertThat(withoutInstance(inOrg.refusal.json()))
            .as("404 for an invisible org looks like a missing one")
            .isEqualTo(withoutInstance(orgNotFound.json()));
      }
      default -> throw new IllegalArgumentException("unknown list cell " + expected);
    }
  }

  private void createCell(Api api, Who who, Target target, int expected) {
    if (who.spaceRole != null) {
      // A space role elsewhere in org A must not help (nor hurt) creating spaces there.
      grant(who, fx.space(orgs.get(Org.A)), Endpoint.CREATE);
    }
    String org = switch (target) {
      case OWN -> orgs.get(Org.A);
      case OTHER -> orgs.get(Org.B);
      case MISSING -> MISSING_ORG;
    };
    String name = unique("created");
    ApiResponse response = api.post("/v2/spaces", body("name", name, "organization_id", org));
    assertStatus(response, expected);
    assertProblemBody(response, orgNotFound);
    List<String> named = ids(admin.get("/v2/spaces?limit=100&name=" + seg(name)).expect(200));
    if (expected == 201) {
      assertThat(response.text("name")).isEqualTo(name);
      assertThat(named).containsExactly(response.id());
      assertThat(admin.get("/v2/spaces?limit=100&name=" + seg(name) + "&org_id=" + seg(org))
          .expect(200).json().get("spaces")).hasSize(1);
      assertThat(roles(response.id(), users.get(who).id()))
          .as("the creator becomes the space's admin").containsExactly("predefined:admin");
    } else {
      assertThat(named).as("a refused create writes nothing").isEmpty();
    }
  }

  private void spaceCell(Endpoint endpoint, Api api, Who who, Target target, int expected) {
    String originalName = unique("target");
    String space = target == Target.MISSING ? MISSING_SPACE
        : freshSpace(who, target, endpoint, originalName);
    if (endpoint == Endpoint.REMOVE_USER && target != Target.MISSING) {
      fx.addToSpace(space, subject.id(), "member");
      fx.bindOnSpace(space, subject.id(), subjectRole);
    }
    String newName = unique("renamed");
    ApiResponse response = call(endpoint, api, space, newName);
    assertStatus(response, expected);
    assertProblemBody(response, spaceNotFound);
    if (target == Target.MISSING) {
      return;
    }
    boolean done = expected < 300;
    String path = "/v2/spaces/" + seg(space);
    switch (endpoint) {
      case GET -> {
        if (done) {
          assertThat(response.id()).isEqualTo(space);
          assertThat(response.text("name")).isEqualTo(originalName);
        }
      }
      case UPDATE -> {
        if (done) {
          assertThat(response.text("name")).isEqualTo(newName);
        }
        assertThat(admin.get(path).expect(200).text("name"))
            .isEqualTo(done ? newName : originalName);
      }
      case DELETE -> {
        admin.get(path).expect(done ? 404 : 200);
        if (done) {
          admin.get(path + "/users").expect(404);
        }
      }
      case ADD_PREDEFINED -> {
        if (done) {
          assertThat(response.text("user_id")).isEqualTo(subject.id());
          assertThat(response.text("space_id")).isEqualTo(space);
          assertThat(response.json().get("role").get("name").asText()).isEqualTo("member");
        }
        assertThat(roles(space, subject.id()))
            .isEqualTo(done ? List.of("predefined:member") : List.of());
      }
      case ADD_CUSTOM -> {
        if (done) {
          assertThat(response.text("user_id")).isEqualTo(subject.id());
          assertThat(response.text("space_id")).isEqualTo(space);
          assertThat(response.json().get("role").get("id").asText()).isEqualTo(subjectRole);
        }
        assertThat(roles(space, subject.id()))
            .isEqualTo(done ? List.of("custom:" + subjectRole) : List.of());
      }
      case REMOVE_USER -> assertThat(roles(space, subject.id())).as("subject's entries after")
          .containsExactlyInAnyOrderElementsOf(done ? List.of()
              : List.of("predefined:member", "custom:" + subjectRole));
      case LIST_MEMBERS -> {
        if (done) {
          JsonNode memberships = response.json().get("memberships");
          assertThat(memberships).isNotEmpty();
          memberships.forEach(m -> assertThat(m.get("space_id").asText()).isEqualTo(space));
        }
      }
      default -> throw new IllegalStateException(endpoint.name());
    }
  }

  // ------------------------------------------------------------------------------------------
  // The same rule through /v2/role-bindings: a binding to a predefined role is a predefined role
  // assignment (a binding to "admin" makes a space admin), so ROLE_BINDING_CREATE alone must not
  // hand one out — else a custom role could promote itself to space admin and delete the space.
  // ------------------------------------------------------------------------------------------

  @Test
  void bindingAPredefinedRoleNeedsSpaceAdminToo() {
    String space = fx.space(orgs.get(Org.A));
    TestUser binder = fx.user("member");
    fx.addToOrganization(orgs.get(Org.A), binder.id(), "read-only");
    fx.bindOnSpace(space, binder.id(), fx.role(List.of(SPACE_READ, ROLE_BINDING_CREATE,
        ROLE_BINDING_READ)));
    String predefinedAdmin = null;
    for (JsonNode role : admin.get("/v2/roles?is_predefined=true&limit=100").expect(200).json()
        .get("roles")) {
      if (role.get("name").asText().equals("admin")) {
        predefinedAdmin = role.get("id").asText();
      }
    }
    assertThat(predefinedAdmin).isNotNull();
    String ownBinding = admin.get("/v2/role-bindings?resource_type=SPACE&limit=100&user_id="
        + seg(binder.id())).expect(200).json().get("role_bindings").get(0).get("id").asText();

    // Promoting itself, or binding someone else to a predefined role: refused.
    ApiResponse promote = binder.api().patch("/v2/role-bindings/" + seg(ownBinding),
        body("role_id", predefinedAdmin));
    assertProblem(promote, 403);
    ApiResponse bindOther = binder.api().post("/v2/role-bindings", body("role_id", predefinedAdmin,
        "user_id", subject.id(), "resource_type", "SPACE", "resource_id", space));
    assertProblem(bindOther, 403);
    binder.api().delete("/v2/spaces/" + seg(space)).expect(403);
    assertThat(roles(space, subject.id())).isEmpty();

    // Custom roles are what ROLE_BINDING_CREATE is for; a space admin may bind predefined ones.
    binder.api().post("/v2/role-bindings", body("role_id", subjectRole, "user_id", subject.id(),
        "resource_type", "SPACE", "resource_id", space)).expect(201);
    TestUser spaceAdmin = users.get(Who.SPACE_ADMIN);
    fx.addToSpace(space, spaceAdmin.id(), "admin");
    spaceAdmin.api().patch("/v2/role-bindings/" + seg(ownBinding),
        body("role_id", predefinedAdmin)).expect(200);
  }

  // ------------------------------------------------------------------------------------------
  // A 404 never reveals that an invisible space (or organization) exists
  // ------------------------------------------------------------------------------------------

  @TestFactory
  Stream<DynamicTest> anInvisibleSpaceIsIndistinguishableFromAMissingOne() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Endpoint endpoint : Endpoint.values()) {
      if (endpoint == Endpoint.LIST || endpoint == Endpoint.CREATE) {
        continue;
      }
      for (Map.Entry<Who, Target> blind : BLIND) {
        Who who = blind.getKey();
        Target target = blind.getValue();
        tests.add(dynamicTest(endpoint.label + " ▸ " + who.label + " on a " + target.spaceLabel,
            () -> {
              // A bare space: nobody but the account admin holds anything on it.
              String invisible = fx.space(orgs.get(target == Target.OWN ? Org.A : Org.B));
              fx.addToSpace(invisible, subject.id(), "member");
              Api api = api(who);
              ApiResponse hidden = call(endpoint, api, invisible, unique("renamed"));
              ApiResponse missing = call(endpoint, api, MISSING_SPACE, unique("renamed"));
              assertIndistinguishable(hidden, missing);
              admin.get("/v2/spaces/" + seg(invisible)).expect(200);
              assertThat(roles(invisible, subject.id())).containsExactly("predefined:member");
            }));
      }
    }
    for (Map.Entry<Who, Target> blind : BLIND) {
      Who who = blind.getKey();
      if (who == Who.ORG_MEMBER || who == Who.SPACE_ADMIN) {
        continue; // they can see org A; the other two can't see one of the orgs
      }
      String invisibleOrg = orgs.get(who == Who.ORG_ADMIN ? Org.B : Org.A);
      tests.add(dynamicTest("create ▸ " + who.label + " in an invisible org", () -> {
        Api api = api(who);
        ApiResponse hidden = api.post("/v2/spaces",
            body("name", unique("s"), "organization_id", invisibleOrg));
        ApiResponse missing = api.post("/v2/spaces",
            body("name", unique("s"), "organization_id", MISSING_ORG));
        assertIndistinguishable(hidden, missing);
      }));
      tests.add(dynamicTest("list ?org_id= ▸ " + who.label + " of an invisible org", () -> {
        Api api = api(who);
        assertIndistinguishable(api.get("/v2/spaces?org_id=" + seg(invisibleOrg)),
            api.get("/v2/spaces?org_id=" + seg(MISSING_ORG)));
      }));
    }
    return tests.stream();
  }

  private static void assertIndistinguishable(ApiResponse hidden, ApiResponse missing) {
    assertThat(hidden.status()).as(hidden.toString()).isEqualTo(404);
    assertThat(missing.status()).as(missing.toString()).isEqualTo(404);
    assertThat(hidden.header("Content-Type")).isEqualTo(missing.header("Content-Type"));
    assertThat(hidden.text("title")).isEqualTo(missing.text("title"));
    assertThat(hidden.text("detail")).isEqualTo(missing.text("detail"));
    assertThat(fieldNames(hidden.json())).isEqualTo(fieldNames(missing.json()));
    // Byte-identical but for each response's own request ID (the Problem's instance).
    assertThat(hidden.body().replace(hidden.header("X-Request-Id"), "<request>"))
        .as("byte-identical bodies").isEqualTo(
            missing.body().replace(missing.header("X-Request-Id"), "<request>"));
  }

  // ------------------------------------------------------------------------------------------
  // Helpers
  // ------------------------------------------------------------------------------------------

  private static ApiResponse call(Endpoint endpoint, Api api, String space, String newName) {
    String path = "/v2/spaces/" + seg(space);
    return switch (endpoint) {
      case GET -> api.get(path);
      case UPDATE -> api.patch(path, body("name", newName));
      case DELETE -> api.delete(path);
      case ADD_PREDEFINED -> api.post(path + "/users", body("user_id", subject.id(),
          "role", Map.of("type", "predefined", "name", "member")));
      case ADD_CUSTOM -> api.post(path + "/users", body("user_id", subject.id(),
          "role", Map.of("type", "custom", "id", subjectRole)));
      case REMOVE_USER -> api.delete(path + "/users/" + seg(subject.id()));
      case LIST_MEMBERS -> api.get(path + "/users");
      case LIST, CREATE -> throw new IllegalArgumentException(endpoint + " has no space target");
    };
  }

  /** A new space for one cell: in org A with the caller's grant on it, or in org B bare. */
  private static String freshSpace(Who who, Target target, Endpoint endpoint, String name) {
    String space = fx.space(orgs.get(target == Target.OWN ? Org.A : Org.B), name);
    if (target == Target.OWN) {
      grant(who, space, endpoint);
    }
    return space;
  }

  private static void grant(Who who, String space, Endpoint endpoint) {
    if (who.spaceRole == null) {
      return;
    }
    String user = users.get(who).id();
    if (!who.spaceRole.equals(CUSTOM)) {
      fx.addToSpace(space, user, who.spaceRole);
    } else if (who == Who.CUSTOM_WITH) {
      fx.bindOnSpace(space, user, roleWith.get(endpoint));
    } else {
      fx.bindOnSpace(space, user, roleWithout.get(endpoint));
    }
  }

  private static Api api(Who who) {
    return switch (who) {
      case NO_KEY -> admin.as(null);
      case BAD_KEY -> admin.as(ApiKeySecrets.generate()); // well-formed, checksum ok, unknown
      default -> users.get(who).api();
    };
  }

  /** The user's entries in the space's member list, as "predefined:<name>" / "custom:<role id>". */
  private static List<String> roles(String space, String user) {
    JsonNode memberships = admin.get("/v2/spaces/" + seg(space) + "/users?limit=100").expect(200)
        .json().get("memberships");
    List<String> out = new ArrayList<>();
    for (JsonNode m : memberships) {
      if (m.get("user_id").asText().equals(user)) {
        JsonNode role = m.get("role");
        out.add(role.get("type").asText().equals("custom") ? "custom:" + role.get("id").asText()
            : "predefined:" + role.get("name").asText());
      }
    }
    return out;
  }

  /** Every page of GET /v2/spaces, or the first refusal. */
  private record Listing(List<String> ids, ApiResponse refusal) {}

  private static Listing listSpaces(Api api, String filter) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      ApiResponse page = api.get("/v2/spaces?limit=100" + filter
          + (cursor == null ? "" : "&cursor=" + seg(cursor)));
      if (page.status() != 200) {
        return new Listing(List.of(), page);
      }
      ids.addAll(ids(page));
      JsonNode pagination = page.json().get("pagination");
      cursor = pagination.get("has_more").asBoolean() ? pagination.get("next_cursor").asText()
          : null;
    } while (cursor != null);
    return new Listing(ids, null);
  }

  private static List<String> ids(ApiResponse list) {
    List<String> ids = new ArrayList<>();
    list.json().get("spaces").forEach(s -> ids.add(s.get("id").asText()));
    return ids;
  }

  private static void assertStatus(ApiResponse response, int expected) {
    assertThat(response.status()).as(response.toString()).isEqualTo(expected);
  }

  private static void assertProblem(ApiResponse response, int status) {
    assertThat(response).as("expected a refusal").isNotNull();
    assertStatus(response, status);
    assertProblemBody(response, null);
  }

  /** Error bodies: 401 and 404 exactly as the references; 403 a Forbidden problem. */
  private static void assertProblemBody(ApiResponse response, ApiResponse notFound) {
    if (response.status() >= 400) {
      assertThat(response.header("Content-Type")).as("content type of " + response)
          .startsWith("application/problem+json");
    }
    switch (response.status()) {
      case 401 -> assertThat(withoutInstance(response.json())).as("401s never say why")
          .isEqualTo(withoutInstance(unauthorized.json()));
      case 403 -> {
        assertThat(response.text("title")).isEqualTo("Forbidden");
        assertThat(response.json().get("status").asInt()).isEqualTo(403);
      }
      case 404 -> {
        if (notFound != null) {
          assertThat(withoutInstance(response.json()))
              .as("404 body, same as for a nonexistent ID")
              .isEqualTo(withoutInstance(notFound.json()));
        }
      }
      default -> { }
    }
  }

  /** A Problem without its {@code instance}, which names the request and so always differs. */
  private static JsonNode withoutInstance(JsonNode problem) {
    com.fasterxml.jackson.databind.node.ObjectNode copy =
        (com.fasterxml.jackson.databind.node.ObjectNode) problem.deepCopy();
    copy.remove("instance");
    return copy;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Parses one expected table; every caller must have exactly one row of three cells. */
  private static Map<Who, Map<Target, String>> parse(Endpoint endpoint, String table) {
    Map<Who, Map<Target, String>> rows = new EnumMap<>(Who.class);
    List<String> lines = table.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    assertThat(lines.get(0).split("\\s+")).as(endpoint + " header")
        .containsExactly("caller", "OWN", "OTHER", "MISSING");
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split("\\s+");
      assertThat(cells).as(endpoint + " row '" + line + "'").hasSize(1 + Target.values().length);
      Map<Target, String> row = new EnumMap<>(Target.class);
      for (Target target : Target.values()) {
        row.put(target, cells[1 + target.ordinal()]);
      }
      assertThat(rows.put(Who.valueOf(cells[0]), row)).as(endpoint + " duplicate row " + cells[0])
          .isNull();
    }
    assertThat(rows.keySet()).as(endpoint + " rows").containsExactly(Who.values());
    return rows;
  }

  private static List<String> allBut(String... excluded) {
    List<String> out = new ArrayList<>(ALL_SPACE_PERMISSIONS);
    out.removeAll(List.of(excluded));
    return List.copyOf(out);
  }

  private static String id(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
