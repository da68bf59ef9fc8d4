package dev.spaceport.server.security;

import static dev.spaceport.server.security.Checks.assertProblem;
import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.Fixtures.TestUser;
import dev.spaceport.server.testing.StoreProbe;
import dev.spaceport.server.testing.TestServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * <b>OWASP API5:2023 — Broken Function Level Authorization.</b>
 *
 * <p>The account-admin functions — create, update and delete users; mint keys for a user;
 * create and delete organizations; create, update and delete roles — are refused with a 403
 * Problem, writing nothing, to every caller below account admin, however much they hold
 * elsewhere: an organization admin, a space admin, a custom role holding every space permission,
 * members, read-only users and annotators. The account admin's calls succeed (the positive
 * control that the refusals are about the caller, not the request). Space-level functions
 * (delete a space, manage its members) are covered cell by cell in
 * {@code api.SpaceAuthorizationMatrixTest}, organization-level ones in
 * {@link Api1ObjectLevelAuthorizationTest}.
 */
class Api5FunctionLevelAuthorizationTest {

  private static TestServer server;
  private static Api admin;
  private static Fixtures fx;
  private static StoreProbe store;
  private static String org;
  private static String role;
  private static String target;
  private static final Map<String, Api> callers = new LinkedHashMap<>();

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
    fx = server.fixtures();
    store = StoreProbe.open(server);
    org = fx.organization();
    String space = fx.space(org);
    role = fx.role(List.of("SPACE_READ"));
    target = fx.user("member").id();
    fx.addToOrganization(org, target, "member");

    TestUser orgAdmin = fx.user("member");
    fx.addToOrganization(org, orgAdmin.id(), "admin");
    TestUser spaceAdmin = fx.user("member");
    fx.addToOrganization(org, spaceAdmin.id(), "member");
    fx.addToSpace(space, spaceAdmin.id(), "admin");
    TestUser allPermissions = fx.user("member");
    fx.addToOrganization(org, allPermissions.id(), "member");
    fx.bindOnSpace(space, allPermissions.id(), fx.role(List.of("SPACE_READ", "SPACE_UPDATE",
        "SPACE_DELETE", "ROLE_BINDING_READ", "ROLE_BINDING_CREATE", "ROLE_BINDING_DELETE")));
    TestUser member = fx.user("member");
    fx.addToOrganization(org, member.id(), "member");
    TestUser readOnly = fx.user("member");
    fx.addToOrganization(org, readOnly.id(), "read-only");
    TestUser annotator = fx.user("annotator");
    fx.addToOrganization(org, annotator.id(), "annotator");
    TestUser loner = fx.user("member");
    callers.put("organization admin", orgAdmin.api());
    callers.put("space admin", spaceAdmin.api());
    callers.put("custom role with every space permission", allPermissions.api());
    callers.put("organization member", member.api());
    callers.put("organization read-only", readOnly.api());
    callers.put("annotator", annotator.api());
    callers.put("member of nothing", loner.api());
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

  /** The admin-only functions, each as a request a caller could make. */
  private static Map<String, Function<Api, ApiResponse>> adminFunctions(String org, String target,
      String role) {
    Map<String, Object> memberRole = Map.of("type", "predefined", "name", "member");
    Map<String, Function<Api, ApiResponse>> functions = new LinkedHashMap<>();
    functions.put("create an organization", api -> api.post("/v2/organizations",
        body("name", Fixtures.unique("o"))));
    functions.put("delete an organization", api -> api.delete("/v2/organizations/" + seg(org)));
    functions.put("create a user", api -> api.post("/v2/users", body("name", "New",
        "email", Fixtures.unique("new") + "@example.com", "role", memberRole,
        "invite_mode", "none")));
    functions.put("create an account admin", api -> api.post("/v2/users", body("name", "Boss",
        "email", Fixtures.unique("boss") + "@example.com",
        "role", Map.of("type", "predefined", "name", "admin"), "invite_mode", "none")));
    functions.put("update a user", api -> api.patch("/v2/users/" + seg(target),
        body("name", "Changed")));
    functions.put("make a user a non-developer", api -> api.patch("/v2/users/" + seg(target),
        body("is_developer", false)));
    functions.put("mint a key for another user", api -> api.post("/v2/users/" + seg(target)
        + "/api-keys", body("name", "stolen")));
    functions.put("delete a user", api -> api.delete("/v2/users/" + seg(target)));
    functions.put("create a role", api -> api.post("/v2/roles", body("name",
        Fixtures.unique("r"), "permissions", List.of("SPACE_READ"))));
    functions.put("update a role", api -> api.patch("/v2/roles/" + seg(role),
        body("permissions", List.of("SPACE_READ", "SPACE_DELETE"))));
    functions.put("delete a role", api -> api.delete("/v2/roles/" + seg(role)));
    return functions;
  }

  /** Function | caller pairs where the target is invisible to the caller. */
  private static final java.util.Set<String> INVISIBLE = java.util.Set.of(
      "delete an organization | member of nothing",
      "update a user | annotator",
      "make a user a non-developer | annotator");

  @TestFactory
  Stream<DynamicNode> adminFunctionsAreRefusedToEveryoneElse() {
    return adminFunctions(org, target, role).entrySet().stream().map(function -> dynamicContainer(
        function.getKey(), callers.entrySet().stream().map(caller -> {
          // Where the caller can't even see the target, the refusal is the 404 of "not found".
          int expected = INVISIBLE.contains(function.getKey() + " | " + caller.getKey()) ? 404
              : 403;
          return dynamicTest(caller.getKey() + " ⇒ " + expected, () -> {
              String before = store.fingerprint();
              assertProblem(function.getValue().apply(caller.getValue()), expected);
              assertThat(store.fingerprint()).as("store after").isEqualTo(before);
            });
        })));
  }

  @Test
  void minting_a_key_for_oneself_through_the_admin_route_is_refused_too() {
    for (Api api : callers.values()) {
      String self = api.get("/v2/api-keys?limit=1").expect(200).json().get("api_keys").get(0)
          .get("created_by_user_id").asText();
      assertProblem(api.post("/v2/users/" + seg(self) + "/api-keys", body("name", "x")), 403);
      // Their own route is the way: it works and the key is theirs.
      ApiResponse own = api.post("/v2/api-keys", body("name", "own")).expect(201);
      assertThat(own.text("created_by_user_id")).isEqualTo(self);
    }
  }

  @Test
  void theAccountAdminMayDoEachOfThem() {
    // On targets of its own, so that the refusals above keep theirs whatever the order.
    String ownTarget = fx.user("member").id();
    for (Map.Entry<String, Function<Api, ApiResponse>> function : adminFunctions(
        fx.organization(), ownTarget, fx.role(List.of("SPACE_READ"))).entrySet()) {
      ApiResponse r = function.getValue().apply(admin);
      assertThat(r.status()).as("%s: %s", function.getKey(), r).isBetween(200, 204);
    }
  }
}
