package dev.spaceport.server.security;

import static dev.spaceport.server.security.Checks.missing;
import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.Fixtures.TestUser;
import dev.spaceport.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * <b>"Exists but you can't see it" and "does not exist" are indistinguishable</b> (OWASP API1:
 * an object's existence must not leak to those who may not see it).
 *
 * <p>For every resource type with visibility rules — organizations, users (for annotators), role
 * bindings, other users' API keys, and spaces where another resource names them — and every route
 * that takes one, the answer for a real but invisible object equals the answer for a well-formed
 * ID that names nothing: same status, same headers, byte for byte the same body (but for each
 * answer's own request ID, its Problem {@code instance}), so the same title and detail. Spaces on their own routes are compared the same
 * way in {@code api.SpaceAuthorizationMatrixTest#anInvisibleSpaceIsIndistinguishableFromAMissingOne}.
 */
class NotFoundIndistinguishabilityTest {

  private static TestServer server;
  private static Api admin;
  private static Fixtures fx;
  private static String orgA;
  private static String orgB;
  private static String spaceA;
  private static String spaceB;
  private static String role;
  /** Member of org A only: org B, B's spaces and bindings are invisible to it. */
  private static TestUser memberOfA;
  /** Member of org A without any space grant: A's spaces and bindings are invisible to it. */
  private static TestUser plainMember;
  private static TestUser annotator;
  private static TestUser someone;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
    fx = server.fixtures();
    orgA = fx.organization();
    orgB = fx.organization();
    spaceA = fx.space(orgA);
    spaceB = fx.space(orgB);
    role = fx.role(List.of("SPACE_READ"));
    memberOfA = fx.user("member");
    fx.addToOrganization(orgA, memberOfA.id(), "admin");
    plainMember = fx.user("member");
    fx.addToOrganization(orgA, plainMember.id(), "member");
    annotator = fx.user("annotator");
    fx.addToOrganization(orgA, annotator.id(), "annotator");
    someone = fx.user("member");
    fx.addToOrganization(orgA, someone.id(), "member");
    fx.addToOrganization(orgB, someone.id(), "member");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** One comparison: a request made once with a hidden ID and once with a missing one. */
  private record Probe(String label, Api caller, String hidden, String missing,
      Function<String, Function<Api, ApiResponse>> request) {}

  @TestFactory
  Stream<DynamicTest> invisibleEqualsMissing() {
    String bindingA = bind(spaceA);
    String bindingB = bind(spaceB);
    String someonesKey = someone.api().post("/v2/api-keys", body("name", "theirs")).expect(201)
        .id();
    Map<String, Object> member = Map.of("type", "predefined", "name", "member");
    List<Probe> probes = new ArrayList<>();

    // Organizations: org B, seen from org A's admin.
    String noOrg = missing("Organization");
    probes.add(new Probe("GET organization", memberOfA.api(), orgB, noOrg,
        id -> api -> api.get("/v2/organizations/" + seg(id))));
    probes.add(new Probe("PATCH organization", memberOfA.api(), orgB, noOrg,
        id -> api -> api.patch("/v2/organizations/" + seg(id), body("name", "x"))));
    probes.add(new Probe("DELETE organization", memberOfA.api(), orgB, noOrg,
        id -> api -> api.delete("/v2/organizations/" + seg(id))));
    probes.add(new Probe("add a user to an organization", memberOfA.api(), orgB, noOrg,
        id -> api -> api.post("/v2/organizations/" + seg(id) + "/users",
            body("user_id", someone.id(), "role", member))));
    probes.add(new Probe("remove a user from an organization", memberOfA.api(), orgB, noOrg,
        id -> api -> api.delete("/v2/organizations/" + seg(id) + "/users/"
            + seg(someone.id()))));
    probes.add(new Probe("create a space in an organization", memberOfA.api(), orgB, noOrg,
        id -> api -> api.post("/v2/spaces", body("name", Fixtures.unique("s"),
            "organization_id", id))));
    probes.add(new Probe("list spaces of an organization", memberOfA.api(), orgB, noOrg,
        id -> api -> api.get("/v2/spaces?org_id=" + seg(id))));

    // Users, seen by an annotator (who sees only itself).
    String noUser = missing("User");
    probes.add(new Probe("GET user", annotator.api(), someone.id(), noUser,
        id -> api -> api.get("/v2/users/" + seg(id))));
    probes.add(new Probe("PATCH user", annotator.api(), someone.id(), noUser,
        id -> api -> api.patch("/v2/users/" + seg(id), body("name", "x"))));
    probes.add(new Probe("DELETE user", annotator.api(), someone.id(), noUser,
        id -> api -> api.delete("/v2/users/" + seg(id))));
    probes.add(new Probe("mint a key for a user", annotator.api(), someone.id(), noUser,
        id -> api -> api.post("/v2/users/" + seg(id) + "/api-keys", body("name", "x"))));
    probes.add(new Probe("list users by email", annotator.api(), someone.email(),
        "nobody-" + Fixtures.unique("x") + "@example.com",
        email -> api -> api.get("/v2/users?email=" + seg(email))));
    probes.add(new Probe("list role bindings of a user", annotator.api(), someone.id(), noUser,
        id -> api -> api.get("/v2/role-bindings?resource_type=SPACE&user_id=" + seg(id))));

    // Role bindings: on org B's space, seen from org A's admin; on A's space, from a plain member.
    String noBinding = missing("RoleBinding");
    for (Object[] view : new Object[][] {{"org A's admin, a binding in org B", memberOfA,
        bindingB}, {"a member without grants, a binding in its own org", plainMember,
        bindingA}}) {
      Api api = ((TestUser) view[1]).api();
      String hidden = (String) view[2];
      probes.add(new Probe("GET role binding (" + view[0] + ")", api, hidden, noBinding,
          id -> a -> a.get("/v2/role-bindings/" + seg(id))));
      probes.add(new Probe("PATCH role binding (" + view[0] + ")", api, hidden, noBinding,
          id -> a -> a.patch("/v2/role-bindings/" + seg(id), body("role_id", role))));
      probes.add(new Probe("DELETE role binding (" + view[0] + ")", api, hidden, noBinding,
          id -> a -> a.delete("/v2/role-bindings/" + seg(id))));
    }
    // Spaces where another resource names them.
    String noSpace = missing("Space");
    probes.add(new Probe("create a role binding on a space", memberOfA.api(), spaceB, noSpace,
        id -> api -> api.post("/v2/role-bindings", body("role_id", role, "user_id",
            someone.id(), "resource_type", "SPACE", "resource_id", id))));
    probes.add(new Probe("create a role binding on a space (no grant)", plainMember.api(),
        spaceA, noSpace, id -> api -> api.post("/v2/role-bindings", body("role_id", role,
            "user_id", someone.id(), "resource_type", "SPACE", "resource_id", id))));

    // Other users' API keys, seen by anyone — even an account admin.
    String noKey = missing("ApiKey");
    for (Api api : List.of(plainMember.api(), annotator.api(), admin)) {
      probes.add(new Probe("DELETE another user's key", api, someonesKey, noKey,
          id -> a -> a.delete("/v2/api-keys/" + seg(id))));
      probes.add(new Probe("refresh another user's key", api, someonesKey, noKey,
          id -> a -> a.post("/v2/api-keys/" + seg(id) + "/refresh", "{}")));
    }

    return probes.stream().map(p -> dynamicTest(p.label(), () -> {
      ApiResponse hidden = p.request().apply(p.hidden()).apply(p.caller());
      ApiResponse none = p.request().apply(p.missing()).apply(p.caller());
      assertThat(hidden.status()).as("%s / %s", hidden, none).isEqualTo(none.status());
      assertThat(hidden.status()).as("a refusal or an empty list: %s", hidden)
          .isIn(200, 403, 404);
      assertThat(headerNames(hidden)).isEqualTo(headerNames(none));
      assertThat(hidden.header("Content-Type")).isEqualTo(none.header("Content-Type"));
      assertThat(Checks.normalized(hidden)).as("byte-identical bodies (but for the request ID)")
          .isEqualTo(Checks.normalized(none));
      if (hidden.status() >= 400) {
        assertThat(hidden.text("title")).isEqualTo(none.text("title"));
        assertThat(hidden.text("detail")).isEqualTo(none.text("detail"));
      }
    }));
  }

  private static Set<String> headerNames(ApiResponse r) {
    Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    names.addAll(r.headers().map().keySet());
    return names;
  }

  private static String bind(String space) {
    return admin.post("/v2/role-bindings", body("role_id", role, "user_id", someone.id(),
        "resource_type", "SPACE", "resource_id", space)).expect(201).id();
  }
}
