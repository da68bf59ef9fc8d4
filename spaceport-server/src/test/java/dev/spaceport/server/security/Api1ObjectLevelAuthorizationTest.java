package dev.spaceport.server.security;

import static dev.spaceport.server.security.Checks.assertProblem;
import static dev.spaceport.server.security.Checks.missing;
import static dev.spaceport.server.security.Checks.number;
import static dev.spaceport.server.security.Checks.table;
import static dev.spaceport.server.security.Checks.walk;
import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static dev.spaceport.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.keys.ApiKeySecrets;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.Fixtures.TestUser;
import dev.spaceport.server.testing.StoreProbe;
import dev.spaceport.server.testing.TestServer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * <b>OWASP API1:2023 — Broken Object Level Authorization.</b>
 *
 * <p>Every endpoint of every resource that has an ID — organizations, users, roles, role bindings
 * and API keys — is called by every kind of caller on an object of its own, an object of someone
 * else's, and a well-formed ID that names nothing. The expected status of each cell is written out
 * below as a table (never computed from the server's own rules), and after every call the account
 * admin (or the store, through {@link StoreProbe}) confirms that a success really happened and a
 * refusal changed nothing. Spaces have their own matrix in
 * {@code api.SpaceAuthorizationMatrixTest}; "invisible looks exactly like missing" is pinned down
 * byte for byte in {@link NotFoundIndistinguishabilityTest}.
 *
 * <p>Destructive cells build their own target (a fresh organization with the caller's grant, a
 * fresh space and binding, a fresh key, a fresh user), so cells are independent.
 */
class Api1ObjectLevelAuthorizationTest {

  /** The callers, with their account role, their role in org A (or B) and on A's spaces. */
  enum Who {
    ACCOUNT_ADMIN("admin", null, null, null),
    ORG_ADMIN("member", "A", "admin", null),
    ORG_MEMBER("member", "A", "member", null),
    SPACE_ADMIN("member", "A", "read-only", "admin"),
    SPACE_MEMBER("member", "A", "read-only", "member"),
    SPACE_READ_ONLY("member", "A", "read-only", "read-only"),
    ANNOTATOR("annotator", "A", "annotator", "annotator"),
    OUTSIDER("member", "B", "admin", null),
    NO_KEY(null, null, null, null),
    BAD_KEY(null, null, null, null);

    final String accountRole;
    final String org;
    final String orgRole;
    final String spaceRole;

    Who(String accountRole, String org, String orgRole, String spaceRole) {
      this.accountRole = accountRole;
      this.org = org;
      this.orgRole = orgRole;
      this.spaceRole = spaceRole;
    }
  }

  // ------------------------------------------------------------------------------------------
  // The expectations. "in"/"out": the object is / is not in the caller's list (all pages).
  // ------------------------------------------------------------------------------------------

  private static final Map<String, String> ORGANIZATIONS = Map.of(
      "list", """
          caller          ORG_A ORG_B
          ACCOUNT_ADMIN   in    in
          ORG_ADMIN       in    out
          ORG_MEMBER      in    out
          SPACE_ADMIN     in    out
          SPACE_MEMBER    in    out
          SPACE_READ_ONLY in    out
          ANNOTATOR       in    out
          OUTSIDER        out   in
          NO_KEY          401   401
          BAD_KEY         401   401
          """,
      "get", """
          caller          ORG_A ORG_B MISSING
          ACCOUNT_ADMIN   200   200   404
          ORG_ADMIN       200   404   404
          ORG_MEMBER      200   404   404
          SPACE_ADMIN     200   404   404
          SPACE_MEMBER    200   404   404
          SPACE_READ_ONLY 200   404   404
          ANNOTATOR       200   404   404
          OUTSIDER        404   200   404
          NO_KEY          401   401   401
          BAD_KEY         401   401   401
          """,
      "update", """
          caller          ORG_A ORG_B MISSING
          ACCOUNT_ADMIN   200   200   404
          ORG_ADMIN       200   404   404
          ORG_MEMBER      403   404   404
          SPACE_ADMIN     403   404   404
          SPACE_MEMBER    403   404   404
          SPACE_READ_ONLY 403   404   404
          ANNOTATOR       403   404   404
          OUTSIDER        404   200   404
          NO_KEY          401   401   401
          BAD_KEY         401   401   401
          """,
      "delete", """
          caller          ORG_A ORG_B MISSING
          ACCOUNT_ADMIN   204   204   404
          ORG_ADMIN       403   404   404
          ORG_MEMBER      403   404   404
          SPACE_ADMIN     403   404   404
          SPACE_MEMBER    403   404   404
          SPACE_READ_ONLY 403   404   404
          ANNOTATOR       403   404   404
          OUTSIDER        404   403   404
          NO_KEY          401   401   401
          BAD_KEY         401   401   401
          """,
      "addUser", """
          caller          ORG_A ORG_B MISSING
          ACCOUNT_ADMIN   200   200   404
          ORG_ADMIN       200   404   404
          ORG_MEMBER      403   404   404
          SPACE_ADMIN     403   404   404
          SPACE_MEMBER    403   404   404
          SPACE_READ_ONLY 403   404   404
          ANNOTATOR       403   404   404
          OUTSIDER        404   200   404
          NO_KEY          401   401   401
          BAD_KEY         401   401   401
          """,
      "removeUser", """
          caller          ORG_A ORG_B MISSING
          ACCOUNT_ADMIN   204   204   404
          ORG_ADMIN       204   404   404
          ORG_MEMBER      403   404   404
          SPACE_ADMIN     403   404   404
          SPACE_MEMBER    403   404   404
          SPACE_READ_ONLY 403   404   404
          ANNOTATOR       403   404   404
          OUTSIDER        404   204   404
          NO_KEY          401   401   401
          BAD_KEY         401   401   401
          """);

  private static final Map<String, String> USERS = Map.of(
      "list", """
          caller          SELF OTHER
          ACCOUNT_ADMIN   in   in
          ORG_ADMIN       in   in
          ORG_MEMBER      in   in
          SPACE_ADMIN     in   in
          SPACE_MEMBER    in   in
          SPACE_READ_ONLY in   in
          ANNOTATOR       in   out
          OUTSIDER        in   in
          NO_KEY          401  401
          BAD_KEY         401  401
          """,
      "get", """
          caller          SELF OTHER MISSING
          ACCOUNT_ADMIN   200  200   404
          ORG_ADMIN       200  200   404
          ORG_MEMBER      200  200   404
          SPACE_ADMIN     200  200   404
          SPACE_MEMBER    200  200   404
          SPACE_READ_ONLY 200  200   404
          ANNOTATOR       200  404   404
          OUTSIDER        200  200   404
          NO_KEY          401  401   401
          BAD_KEY         401  401   401
          """,
      "update", """
          caller          SELF OTHER MISSING
          ACCOUNT_ADMIN   200  200   404
          ORG_ADMIN       403  403   404
          ORG_MEMBER      403  403   404
          SPACE_ADMIN     403  403   404
          SPACE_MEMBER    403  403   404
          SPACE_READ_ONLY 403  403   404
          ANNOTATOR       403  404   404
          OUTSIDER        403  403   404
          NO_KEY          401  401   401
          BAD_KEY         401  401   401
          """,
      "delete", """
          caller          SELF OTHER MISSING
          ACCOUNT_ADMIN   204  204   404
          ORG_ADMIN       403  403   403
          ORG_MEMBER      403  403   403
          SPACE_ADMIN     403  403   403
          SPACE_MEMBER    403  403   403
          SPACE_READ_ONLY 403  403   403
          ANNOTATOR       403  403   403
          OUTSIDER        403  403   403
          NO_KEY          401  401   401
          BAD_KEY         401  401   401
          """,
      "mintKey", """
          caller          SELF OTHER MISSING
          ACCOUNT_ADMIN   201  201   404
          ORG_ADMIN       403  403   403
          ORG_MEMBER      403  403   403
          SPACE_ADMIN     403  403   403
          SPACE_MEMBER    403  403   403
          SPACE_READ_ONLY 403  403   403
          ANNOTATOR       403  403   403
          OUTSIDER        403  403   403
          NO_KEY          401  401   401
          BAD_KEY         401  401   401
          """);

  private static final Map<String, String> ROLES = Map.of(
      "list", """
          caller          CUSTOM PREDEFINED
          ACCOUNT_ADMIN   in     in
          ORG_ADMIN       in     in
          ORG_MEMBER      in     in
          SPACE_ADMIN     in     in
          SPACE_MEMBER    in     in
          SPACE_READ_ONLY in     in
          ANNOTATOR       in     in
          OUTSIDER        in     in
          NO_KEY          401    401
          BAD_KEY         401    401
          """,
      "get", """
          caller          CUSTOM PREDEFINED MISSING
          ACCOUNT_ADMIN   200    200        404
          ORG_ADMIN       200    200        404
          ORG_MEMBER      200    200        404
          SPACE_ADMIN     200    200        404
          SPACE_MEMBER    200    200        404
          SPACE_READ_ONLY 200    200        404
          ANNOTATOR       200    200        404
          OUTSIDER        200    200        404
          NO_KEY          401    401        401
          BAD_KEY         401    401        401
          """,
      "update", """
          caller          CUSTOM PREDEFINED MISSING
          ACCOUNT_ADMIN   200    403        404
          ORG_ADMIN       403    403        403
          ORG_MEMBER      403    403        403
          SPACE_ADMIN     403    403        403
          SPACE_MEMBER    403    403        403
          SPACE_READ_ONLY 403    403        403
          ANNOTATOR       403    403        403
          OUTSIDER        403    403        403
          NO_KEY          401    401        401
          BAD_KEY         401    401        401
          """,
      "delete", """
          caller          CUSTOM PREDEFINED MISSING
          ACCOUNT_ADMIN   204    403        404
          ORG_ADMIN       403    403        403
          ORG_MEMBER      403    403        403
          SPACE_ADMIN     403    403        403
          SPACE_MEMBER    403    403        403
          SPACE_READ_ONLY 403    403        403
          ANNOTATOR       403    403        403
          OUTSIDER        403    403        403
          NO_KEY          401    401        401
          BAD_KEY         401    401        401
          """);

  /** Bindings of the subject on a space of org A (where the caller holds its grants) or B. */
  private static final Map<String, String> BINDINGS = Map.of(
      "list", """
          caller          ON_A ON_B
          ACCOUNT_ADMIN   in   in
          ORG_ADMIN       in   out
          ORG_MEMBER      out  out
          SPACE_ADMIN     in   out
          SPACE_MEMBER    in   out
          SPACE_READ_ONLY out  out
          ANNOTATOR       out  out
          OUTSIDER        out  in
          NO_KEY          401  401
          BAD_KEY         401  401
          """,
      "get", """
          caller          ON_A ON_B MISSING
          ACCOUNT_ADMIN   200  200  404
          ORG_ADMIN       200  404  404
          ORG_MEMBER      404  404  404
          SPACE_ADMIN     200  404  404
          SPACE_MEMBER    200  404  404
          SPACE_READ_ONLY 403  404  404
          ANNOTATOR       403  404  404
          OUTSIDER        404  200  404
          NO_KEY          401  401  401
          BAD_KEY         401  401  401
          """,
      "update", """
          caller          ON_A ON_B MISSING
          ACCOUNT_ADMIN   200  200  404
          ORG_ADMIN       200  404  404
          ORG_MEMBER      404  404  404
          SPACE_ADMIN     200  404  404
          SPACE_MEMBER    403  404  404
          SPACE_READ_ONLY 403  404  404
          ANNOTATOR       403  404  404
          OUTSIDER        404  200  404
          NO_KEY          401  401  401
          BAD_KEY         401  401  401
          """,
      "delete", """
          caller          ON_A ON_B MISSING
          ACCOUNT_ADMIN   204  204  404
          ORG_ADMIN       204  404  404
          ORG_MEMBER      404  404  404
          SPACE_ADMIN     204  404  404
          SPACE_MEMBER    403  404  404
          SPACE_READ_ONLY 403  404  404
          ANNOTATOR       403  404  404
          OUTSIDER        404  204  404
          NO_KEY          401  401  401
          BAD_KEY         401  401  401
          """,
      "create", """
          caller          ON_A ON_B MISSING
          ACCOUNT_ADMIN   201  201  404
          ORG_ADMIN       201  404  404
          ORG_MEMBER      404  404  404
          SPACE_ADMIN     201  404  404
          SPACE_MEMBER    403  404  404
          SPACE_READ_ONLY 403  404  404
          ANNOTATOR       403  404  404
          OUTSIDER        404  201  404
          NO_KEY          401  401  401
          BAD_KEY         401  401  401
          """);

  /** Keys are per user: everyone manages exactly their own. */
  private static final Map<String, String> KEYS = Map.of(
      "list", """
          caller          OWN OTHER
          ACCOUNT_ADMIN   in  out
          ORG_ADMIN       in  out
          ORG_MEMBER      in  out
          SPACE_ADMIN     in  out
          SPACE_MEMBER    in  out
          SPACE_READ_ONLY in  out
          ANNOTATOR       in  out
          OUTSIDER        in  out
          NO_KEY          401 401
          BAD_KEY         401 401
          """,
      "delete", """
          caller          OWN OTHER MISSING
          ACCOUNT_ADMIN   204 404   404
          ORG_ADMIN       204 404   404
          ORG_MEMBER      204 404   404
          SPACE_ADMIN     204 404   404
          SPACE_MEMBER    204 404   404
          SPACE_READ_ONLY 204 404   404
          ANNOTATOR       204 404   404
          OUTSIDER        204 404   404
          NO_KEY          401 401   401
          BAD_KEY         401 401   401
          """,
      "refresh", """
          caller          OWN OTHER MISSING
          ACCOUNT_ADMIN   200 404   404
          ORG_ADMIN       200 404   404
          ORG_MEMBER      200 404   404
          SPACE_ADMIN     200 404   404
          SPACE_MEMBER    200 404   404
          SPACE_READ_ONLY 200 404   404
          ANNOTATOR       200 404   404
          OUTSIDER        200 404   404
          NO_KEY          401 401   401
          BAD_KEY         401 401   401
          """);

  // ------------------------------------------------------------------------------------------

  private static TestServer server;
  private static Api admin;
  private static Fixtures fx;
  private static StoreProbe store;
  private static String orgA;
  private static String orgB;
  private static String spaceA;
  private static String spaceB;
  private static final Map<Who, TestUser> callers = new EnumMap<>(Who.class);
  /** A member of both organizations: what add/remove-user and bindings act on. */
  private static TestUser subject;
  private static String role;
  private static String otherRole;
  private static String predefinedRole;
  private static String bindingA;
  private static String bindingB;

  @BeforeAll
  static void buildTheWorld() {
    server = TestServer.start();
    admin = server.admin();
    fx = server.fixtures();
    store = StoreProbe.open(server);
    orgA = fx.organization();
    orgB = fx.organization();
    spaceA = fx.space(orgA);
    spaceB = fx.space(orgB);
    for (Who who : Who.values()) {
      if (who.accountRole != null) {
        callers.put(who, caller(who));
      }
    }
    subject = fx.user("member");
    fx.addToOrganization(orgA, subject.id(), "member");
    fx.addToOrganization(orgB, subject.id(), "member");
    role = fx.role(List.of("SPACE_READ"));
    otherRole = fx.role(List.of("SPACE_READ", "ROLE_BINDING_READ"));
    for (JsonNode r : admin.get("/v2/roles?is_predefined=true").expect(200).json().get("roles")) {
      if (r.get("name").asText().equals("read-only")) {
        predefinedRole = r.get("id").asText();
      }
    }
    bindingA = bind(spaceA);
    bindingB = bind(spaceB);
  }

  /** A new user of this kind, with its organization role and its role on {@link #spaceA}. */
  private static TestUser caller(Who who) {
    TestUser user = fx.user(who.accountRole);
    if (who.org != null) {
      fx.addToOrganization(who.org.equals("A") ? orgA : orgB, user.id(), who.orgRole);
    }
    if (who.spaceRole != null && spaceA != null) {
      fx.addToSpace(spaceA, user.id(), who.spaceRole);
    }
    return user;
  }

  @AfterAll
  static void stop() {
    if (store != null) {
      store.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @TestFactory
  Stream<DynamicNode> organizations() {
    return resource(ORGANIZATIONS, List.of("list", "get", "update", "delete", "addUser",
        "removeUser"), this::organizationCell);
  }

  @TestFactory
  Stream<DynamicNode> users() {
    return resource(USERS, List.of("list", "get", "update", "delete", "mintKey"),
        this::userCell);
  }

  @TestFactory
  Stream<DynamicNode> roles() {
    return resource(ROLES, List.of("list", "get", "update", "delete"), this::roleCell);
  }

  @TestFactory
  Stream<DynamicNode> roleBindings() {
    return resource(BINDINGS, List.of("list", "get", "update", "delete", "create"),
        this::bindingCell);
  }

  @TestFactory
  Stream<DynamicNode> apiKeys() {
    return resource(KEYS, List.of("list", "delete", "refresh"), this::keyCell);
  }

  private interface Cell {
    void run(String endpoint, Who who, String target, String expected);
  }

  private static Stream<DynamicNode> resource(Map<String, String> tables, List<String> order,
      Cell cell) {
    return order.stream().map(endpoint -> {
      Map<Who, Map<String, String>> table = table(Who.class, tables.get(endpoint));
      return dynamicContainer(endpoint, Stream.of(Who.values()).map(who ->
          dynamicContainer(who.name(), table.get(who).entrySet().stream().map(e ->
              dynamicTest(e.getKey() + " ⇒ " + e.getValue(), () -> {
                try {
                  cell.run(endpoint, who, e.getKey(), e.getValue());
                } catch (AssertionError failure) {
                  throw new AssertionError("[" + endpoint + " | " + who + " | " + e.getKey()
                      + " ⇒ " + e.getValue() + "] " + failure.getMessage(), failure);
                }
              })))));
    });
  }

  // ------------------------------------------------------------------------------ organizations

  private void organizationCell(String endpoint, Who who, String target, String expected) {
    Api api = api(who);
    if (endpoint.equals("list")) {
      listed(walkOrRefuse(api, "/v2/organizations", "organizations"),
          target.equals("ORG_A") ? orgA : orgB, expected);
      return;
    }
    String org = switch (target) {
      case "ORG_A" -> endpoint.equals("get") ? orgA : freshOrg(who, "A");
      case "ORG_B" -> endpoint.equals("get") ? orgB : freshOrg(who, "B");
      default -> missing("Organization");
    };
    String path = "/v2/organizations/" + seg(org);
    String newName = unique("renamed");
    if (endpoint.equals("removeUser") && !target.equals("MISSING")) {
      fx.addToOrganization(org, subject.id(), "member");
    }
    ApiResponse r = switch (endpoint) {
      case "get" -> api.get(path);
      case "update" -> api.patch(path, body("name", newName));
      case "delete" -> api.delete(path);
      case "addUser" -> api.post(path + "/users", body("user_id", subject.id(),
          "role", Map.of("type", "predefined", "name", "read-only")));
      case "removeUser" -> api.delete(path + "/users/" + seg(subject.id()));
      default -> throw new IllegalArgumentException(endpoint);
    };
    expect(r, expected);
    if (target.equals("MISSING")) {
      return;
    }
    boolean done = r.status() < 300;
    switch (endpoint) {
      case "get" -> assertThat(done ? r.id() : org).isEqualTo(org);
      case "update" -> assertThat(admin.get(path).expect(200).text("name").equals(newName))
          .as("renamed").isEqualTo(done);
      case "delete" -> admin.get(path).expect(done ? 404 : 200);
      case "addUser" -> assertThat(orgRole(org, subject.id())).as("subject's role after")
          .isEqualTo(done ? "read-only" : null);
      case "removeUser" -> assertThat(orgRole(org, subject.id())).as("subject's role after")
          .isEqualTo(done ? null : "member");
      default -> { }
    }
  }

  /** A new organization in which the caller holds what it holds in org A (or B). */
  private static String freshOrg(Who who, String which) {
    String org = fx.organization();
    if (which.equals(who.org)) {
      fx.addToOrganization(org, callers.get(who).id(), who.orgRole);
    }
    return org;
  }

  private static String orgRole(String org, String user) {
    List<String> roles = new ArrayList<>();
    long count = store.count("SELECT COUNT(*) FROM organization_memberships "
        + "WHERE organization_id = ? AND user_id = ?", number(org), number(user));
    if (count == 0) {
      return null;
    }
    for (String r : List.of("admin", "member", "read-only", "annotator")) {
      if (store.count("SELECT COUNT(*) FROM organization_memberships WHERE organization_id = ? "
          + "AND user_id = ? AND role = ?", number(org), number(user), r) > 0) {
        roles.add(r);
      }
    }
    assertThat(roles).hasSize(1);
    return roles.get(0);
  }

  // -------------------------------------------------------------------------------------- users

  private void userCell(String endpoint, Who who, String target, String expected) {
    Api api = api(who);
    TestUser self = callers.get(who);
    if (endpoint.equals("list")) {
      String user = target.equals("SELF") && self != null ? self.id() : subject.id();
      listed(walkOrRefuse(api, "/v2/users", "users"), user, expected);
      return;
    }
    boolean destructive = endpoint.equals("delete");
    if (destructive && target.equals("SELF") && self != null) {
      self = caller(who); // a caller that may delete itself without spoiling other cells
      api = self.api();
    }
    String user = switch (target) {
      case "SELF" -> self != null ? self.id() : subject.id();
      case "OTHER" -> destructive ? fx.user("member").id() : subject.id();
      default -> missing("User");
    };
    String path = "/v2/users/" + seg(user);
    String newName = unique("Renamed");
    long keysBefore = target.equals("MISSING") ? 0
        : store.count("SELECT COUNT(*) FROM api_keys WHERE user_id = ?", number(user));
    ApiResponse r = switch (endpoint) {
      case "get" -> api.get(path);
      case "update" -> api.patch(path, body("name", newName));
      case "delete" -> api.delete(path);
      case "mintKey" -> api.post(path + "/api-keys", body("name", "minted"));
      default -> throw new IllegalArgumentException(endpoint);
    };
    expect(r, expected);
    if (target.equals("MISSING")) {
      return;
    }
    boolean done = r.status() < 300;
    switch (endpoint) {
      case "get" -> assertThat(done ? r.id() : user).isEqualTo(user);
      case "update" -> assertThat(admin.get(path).expect(200).text("name").equals(newName))
          .as("renamed").isEqualTo(done);
      case "delete" -> admin.get(path).expect(done ? 404 : 200);
      case "mintKey" -> {
        assertThat(store.count("SELECT COUNT(*) FROM api_keys WHERE user_id = ?", number(user)))
            .as("keys of the target").isEqualTo(keysBefore + (done ? 1 : 0));
        if (done) {
          assertThat(r.text("created_by_user_id")).isEqualTo(user);
          JsonNode own = admin.as(r.text("key")).get("/v2/api-keys").expect(200).json();
          assertThat(own.get("api_keys").get(0).get("created_by_user_id").asText())
              .as("the minted key authenticates as its user").isEqualTo(user);
        }
      }
      default -> { }
    }
  }

  // -------------------------------------------------------------------------------------- roles

  private void roleCell(String endpoint, Who who, String target, String expected) {
    Api api = api(who);
    if (endpoint.equals("list")) {
      listed(walkOrRefuse(api, "/v2/roles", "roles"),
          target.equals("CUSTOM") ? role : predefinedRole, expected);
      return;
    }
    String id = switch (target) {
      case "CUSTOM" -> endpoint.equals("get") ? role : fx.role(List.of("SPACE_READ"));
      case "PREDEFINED" -> predefinedRole;
      default -> missing("Role");
    };
    String path = "/v2/roles/" + seg(id);
    String description = unique("changed");
    ApiResponse r = switch (endpoint) {
      case "get" -> api.get(path);
      case "update" -> api.patch(path, body("description", description));
      case "delete" -> api.delete(path);
      default -> throw new IllegalArgumentException(endpoint);
    };
    expect(r, expected);
    if (target.equals("MISSING")) {
      return;
    }
    boolean done = r.status() < 300;
    switch (endpoint) {
      case "get" -> assertThat(done ? r.id() : id).isEqualTo(id);
      case "update" -> assertThat(description.equals(admin.get(path).expect(200).json()
          .path("description").asText())).as("changed").isEqualTo(done);
      case "delete" -> admin.get(path).expect(done ? 404 : 200);
      default -> { }
    }
  }

  // ------------------------------------------------------------------------------ role bindings

  private void bindingCell(String endpoint, Who who, String target, String expected) {
    Api api = api(who);
    if (endpoint.equals("list")) {
      listed(walkOrRefuse(api, "/v2/role-bindings?resource_type=SPACE&user_id="
          + seg(subject.id()), "role_bindings"), target.equals("ON_A") ? bindingA : bindingB,
          expected);
      return;
    }
    String space = switch (target) {
      case "ON_A" -> freshSpace(who, orgA);
      case "ON_B" -> freshSpace(who, orgB);
      default -> missing("Space");
    };
    if (endpoint.equals("create")) {
      ApiResponse r = api.post("/v2/role-bindings", body("role_id", role, "user_id",
          subject.id(), "resource_type", "SPACE", "resource_id", space));
      expect(r, expected);
      if (!target.equals("MISSING")) {
        assertThat(bindingsOf(space)).as("bindings on the space after")
            .isEqualTo(r.status() < 300 ? 1 : 0);
      }
      return;
    }
    String binding = target.equals("MISSING") ? missing("RoleBinding") : bind(space);
    String path = "/v2/role-bindings/" + seg(binding);
    ApiResponse r = switch (endpoint) {
      case "get" -> api.get(path);
      case "update" -> api.patch(path, body("role_id", otherRole));
      case "delete" -> api.delete(path);
      default -> throw new IllegalArgumentException(endpoint);
    };
    expect(r, expected);
    if (target.equals("MISSING")) {
      return;
    }
    boolean done = r.status() < 300;
    switch (endpoint) {
      case "get" -> assertThat(done ? r.id() : binding).isEqualTo(binding);
      case "update" -> assertThat(admin.get(path).expect(200).text("role_id"))
          .isEqualTo(done ? otherRole : role);
      case "delete" -> admin.get(path).expect(done ? 404 : 200);
      default -> { }
    }
  }

  /** A new space in {@code org}; in org A the caller gets its space role on it. */
  private static String freshSpace(Who who, String org) {
    String space = fx.space(org);
    if (org.equals(orgA) && who.spaceRole != null) {
      fx.addToSpace(space, callers.get(who).id(), who.spaceRole);
    }
    return space;
  }

  private static String bind(String space) {
    return admin.post("/v2/role-bindings", body("role_id", role, "user_id", subject.id(),
        "resource_type", "SPACE", "resource_id", space)).expect(201).id();
  }

  private static long bindingsOf(String space) {
    return store.count("SELECT COUNT(*) FROM role_bindings WHERE space_id = ?", number(space));
  }

  // ----------------------------------------------------------------------------------- api keys

  private void keyCell(String endpoint, Who who, String target, String expected) {
    Api api = api(who);
    TestUser self = callers.get(who);
    if (endpoint.equals("list")) {
      String ownKey = self == null ? missing("ApiKey") : ownKeyId(self.api());
      String otherKey = ownKeyId(subject.api());
      listed(walkOrRefuse(api, "/v2/api-keys", "api_keys"),
          target.equals("OWN") ? ownKey : otherKey, expected);
      return;
    }
    // A fresh key to act on: the caller's own (its working key stays untouched) or the subject's.
    ApiResponse key = switch (target) {
      case "OWN" -> self == null ? null : mint(self.id());
      case "OTHER" -> mint(subject.id());
      default -> null;
    };
    String id = key == null ? missing("ApiKey") : key.id();
    String path = "/v2/api-keys/" + seg(id);
    ApiResponse r = endpoint.equals("delete") ? api.delete(path)
        : api.post(path + "/refresh", "{}");
    expect(r, expected);
    if (key == null) {
      return;
    }
    boolean done = r.status() < 300;
    admin.as(key.text("key")).get("/v2/api-keys").expect(done ? 401 : 200);
    if (done && endpoint.equals("refresh")) {
      admin.as(r.text("key")).get("/v2/api-keys").expect(200);
    }
  }

  private static ApiResponse mint(String user) {
    return admin.post("/v2/users/" + seg(user) + "/api-keys", body("name", unique("k")))
        .expect(201);
  }

  private static String ownKeyId(Api api) {
    return api.get("/v2/api-keys?limit=1").expect(200).json().get("api_keys").get(0).get("id")
        .asText();
  }

  // ------------------------------------------------------------------------------------ helpers

  private static Api api(Who who) {
    return switch (who) {
      case NO_KEY -> admin.as(null);
      case BAD_KEY -> admin.as(ApiKeySecrets.generate());
      default -> callers.get(who).api();
    };
  }

  /** Every ID of a list, or the refusal. */
  private record Listing(List<String> ids, ApiResponse refusal) {}

  private static Listing walkOrRefuse(Api api, String path, String field) {
    ApiResponse first = api.get(path + (path.contains("?") ? "&" : "?") + "limit=1");
    if (first.status() != 200) {
      return new Listing(List.of(), first);
    }
    return new Listing(walk(api, path, field), null);
  }

  private static void listed(Listing listing, String id, String expected) {
    switch (expected) {
      case "in" -> assertThat(listing.ids()).as("list").contains(id);
      case "out" -> assertThat(listing.ids()).as("list").doesNotContain(id);
      default -> {
        assertThat(listing.refusal()).as("a refusal").isNotNull();
        assertProblem(listing.refusal(), Integer.parseInt(expected));
      }
    }
  }

  private static void expect(ApiResponse r, String expected) {
    int status = Integer.parseInt(expected);
    if (status >= 400) {
      assertProblem(r, status);
    } else {
      assertThat(r.status()).as(r.toString()).isEqualTo(status);
    }
  }
}
