package dev.spaceport.server.security;

import static dev.spaceport.server.security.Checks.assertProblem;
import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.keys.ApiKeySecrets;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.Fixtures.TestUser;
import dev.spaceport.server.testing.StoreProbe;
import dev.spaceport.server.testing.TestServer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * <b>OWASP API3:2023 — Broken Object Property Level Authorization.</b>
 *
 * <p>Excessive data exposure: a tour of every resource, every read and every write, as callers of
 * every kind, collects each response; none carries a stored column that is not part of the wire
 * shape ({@code key_hash}, {@code suffix}, {@code email_key}, {@code name_key},
 * {@code deleted_at}, …) as a field name, and none carries a key's hash or the secret itself
 * outside the one response that creates or refreshes it. (openapi.yaml's
 * {@code additionalProperties: false}, checked on every response by {@link Api}, already forbids
 * extra fields; this test names the dangerous ones and looks at values too.)
 *
 * <p>Mass assignment: every request body refuses every server-owned or privileged property — an
 * account role on a user update, {@code is_predefined} on a role, another user's ID on a key, an
 * organization on a space update, … — with a 400 that names it, and writes nothing.
 */
class Api3PropertyLevelAuthorizationTest {

  /** Columns of the schema that must never show as a field of any response. */
  private static final Set<String> INTERNAL = Set.of("key_hash", "previous_key_hash",
      "previous_expires_at", "suffix", "email_key", "name_key", "deleted_at", "account_role",
      "space_id_internal", "request_hash", "idem_key", "sealed_body", "api_key_id", "user_suffix",
      "created_by_suffix", "password", "hash", "secret", "sort_key");

  private static TestServer server;
  private static Api admin;
  private static Fixtures fx;
  private static StoreProbe store;
  private static String org;
  private static String space;
  private static TestUser member;
  private static String role;
  private static String binding;
  /** Every secret seen (only ever in the response that minted it). */
  private static final List<String> secrets = new ArrayList<>();

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
    fx = server.fixtures();
    store = StoreProbe.open(server);
    org = fx.organization();
    space = fx.space(org);
    member = fx.user("member");
    fx.addToOrganization(org, member.id(), "member");
    fx.addToSpace(space, member.id(), "member");
    role = fx.role(List.of("SPACE_READ", "ROLE_BINDING_READ"));
    TestUser bound = fx.user("member");
    fx.addToOrganization(org, bound.id(), "member");
    binding = admin.post("/v2/role-bindings", body("role_id", role, "user_id", bound.id(),
        "resource_type", "SPACE", "resource_id", space)).expect(201).id();
    secrets.add(TestServer.ADMIN_KEY);
    secrets.add(member.api().key());
    secrets.add(bound.api().key());
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

  @Test
  void noResponseCarriesAnInternalColumnAHashOrASecretItDidNotJustMint() {
    List<ApiResponse> tour = new ArrayList<>();
    // Writes (whose responses are the ones most likely to echo a row).
    ApiResponse minted = admin.post("/v2/users/" + seg(member.id()) + "/api-keys",
        body("name", "tour")).expect(201);
    ApiResponse own = member.api().post("/v2/api-keys", body("name", "own")).expect(201);
    ApiResponse refreshed = member.api().post("/v2/api-keys/" + seg(own.id()) + "/refresh",
        body("grace_period_seconds", 60)).expect(200);
    for (ApiResponse created : List.of(minted, own, refreshed)) {
      secrets.add(created.text("key"));
      assertThat(created.text("redacted_key")).doesNotContain(created.text("key"));
      assertRedacted(created.text("redacted_key"), created.text("key"));
    }
    String newOrg = admin.post("/v2/organizations", body("name", Fixtures.unique("o")))
        .expect(201).id();
    tour.add(admin.patch("/v2/organizations/" + seg(newOrg), body("description", "d")));
    tour.add(admin.post("/v2/organizations/" + seg(newOrg) + "/users", body("user_id",
        member.id(), "role", Map.of("type", "predefined", "name", "member"))));
    String newSpace = member.api().post("/v2/spaces", body("name", Fixtures.unique("s"),
        "organization_id", org)).expect(201).id();
    tour.add(member.api().patch("/v2/spaces/" + seg(newSpace), body("description", "d")));
    tour.add(admin.post("/v2/spaces/" + seg(newSpace) + "/users", body("user_id",
        member.id(), "role", Map.of("type", "custom", "id", role))));
    tour.add(admin.post("/v2/users", body("name", "Tour", "email",
        Fixtures.unique("tour") + "@Example.COM", "role", Map.of("type", "predefined",
            "name", "member"), "invite_mode", "none")));
    tour.add(admin.patch("/v2/users/" + seg(member.id()), body("name", "Member")));
    tour.add(admin.post("/v2/roles", body("name", Fixtures.unique("r"),
        "permissions", List.of("SPACE_READ"))));
    tour.add(admin.patch("/v2/role-bindings/" + seg(binding), body("role_id", role)));
    // Reads, as the admin and as a member.
    for (Api api : List.of(admin, member.api())) {
      for (String path : List.of("/v2/spaces", "/v2/spaces/" + seg(space),
          "/v2/spaces/" + seg(space) + "/users", "/v2/organizations",
          "/v2/organizations/" + seg(org), "/v2/users", "/v2/users/" + seg(member.id()),
          "/v2/roles", "/v2/roles/" + seg(role), "/v2/role-bindings?resource_type=SPACE",
          "/v2/role-bindings/" + seg(binding), "/v2/api-keys", "/v2/api-keys?status=deleted",
          "/v2/api-keys?limit=1")) {
        tour.add(api.get(path));
      }
    }
    // Errors too: a Problem is a response like any other.
    tour.add(admin.get("/v2/spaces/" + seg(Checks.missing("Space"))));
    tour.add(member.api().delete("/v2/organizations/" + seg(org)));
    tour.add(admin.post("/v2/users", body("name", "Tour", "email", "x", "role",
        Map.of("type", "predefined", "name", "member"), "invite_mode", "none")));

    Set<String> hashes = new TreeSet<>();
    for (String secret : secrets) {
      byte[] hash = ApiKeySecrets.hash(secret);
      hashes.add(HexFormat.of().formatHex(hash));
      hashes.add(Base64.getEncoder().encodeToString(hash));
      hashes.add(Base64.getUrlEncoder().withoutPadding().encodeToString(hash));
    }
    for (ApiResponse r : tour) {
      assertThat(r.status()).as("%s", r).isLessThan(500);
      if (r.json() != null) {
        assertThat(fieldNames(r.json())).as("fields of %s", r).doesNotContainAnyElementsOf(
            INTERNAL);
      }
      String text = r.body().toLowerCase(Locale.ROOT);
      for (String hash : hashes) {
        assertThat(r.body()).as("%s carries a key hash", r).doesNotContain(hash);
      }
      for (String secret : secrets) {
        assertThat(r.body()).as("%s carries a secret", r).doesNotContain(secret);
      }
      assertThat(text).as("%s", r).doesNotContain("\"email_key\"").doesNotContain("deleted_at");
    }
  }

  /** {@code spk_} plus a few characters each end: never enough to rebuild the key. */
  private static void assertRedacted(String redacted, String key) {
    String visible = redacted.replace("…", "");
    assertThat(visible.length()).as("visible characters of %s", redacted)
        .isLessThanOrEqualTo(ApiKeySecrets.PREFIX.length() + 8);
    assertThat(key).startsWith(redacted.substring(0, redacted.indexOf('…')));
  }

  // ---------------------------------------------------------------------- mass assignment

  /** A route with a body, a body it accepts, and fields a client must not set there. */
  private record Route(String method, String path, Map<String, Object> valid,
      List<String> forbidden) {}

  @Test
  void noBodyAcceptsAServerOwnedOrPrivilegedProperty() {
    Map<String, Object> memberRole = Map.of("type", "predefined", "name", "member");
    String adminUser = admin.get("/v2/users?limit=1").expect(200).json().get("users").get(0)
        .get("id").asText();
    String ownKey = member.api().post("/v2/api-keys", body("name", "mass")).expect(201).id();
    List<String> always = List.of("id", "created_at", "updated_at", "key_hash", "suffix",
        "deleted_at", "name_key", "email_key");
    List<Route> routes = List.of(
        new Route("POST", "/v2/spaces", body("name", "never", "organization_id", org),
            List.of("space_id", "user_id", "created_by_user_id")),
        new Route("PATCH", "/v2/spaces/" + seg(space), body("description", "never"),
            List.of("organization_id", "space_id")),
        new Route("POST", "/v2/organizations", body("name", "never"), List.of("organization_id",
            "is_predefined")),
        new Route("PATCH", "/v2/organizations/" + seg(org), body("description", "never"),
            List.of("organization_id")),
        new Route("POST", "/v2/organizations/" + seg(org) + "/users", body("user_id",
            member.id(), "role", memberRole), List.of("organization_id", "account_role")),
        new Route("POST", "/v2/spaces/" + seg(space) + "/users", body("user_id", member.id(),
            "role", memberRole), List.of("space_id", "organization_id")),
        new Route("POST", "/v2/users", body("name", "Never", "email", "never@example.com",
            "role", memberRole, "invite_mode", "none"), List.of("status", "account_role",
            "password", "is_admin")),
        new Route("PATCH", "/v2/users/" + seg(member.id()), body("name", "Never"),
            List.of("role", "email", "status", "account_role", "is_admin")),
        new Route("POST", "/v2/users/" + seg(member.id()) + "/api-keys", body("name", "never"),
            List.of("key", "user_id", "created_by_user_id", "status", "redacted_key",
                "last_used_at", "space_id")),
        new Route("POST", "/v2/api-keys", body("name", "never"), List.of("key", "user_id",
            "created_by_user_id", "status", "redacted_key", "last_used_at", "space_id")),
        new Route("POST", "/v2/api-keys/" + seg(ownKey) + "/refresh",
            body("grace_period_seconds", 1), List.of("key", "user_id", "status",
            "created_by_user_id")),
        new Route("POST", "/v2/roles", body("name", "never", "permissions",
            List.of("SPACE_READ")), List.of("is_predefined")),
        new Route("PATCH", "/v2/roles/" + seg(role), body("description", "never"),
            List.of("is_predefined")),
        new Route("POST", "/v2/role-bindings", body("role_id", role, "user_id", member.id(),
            "resource_type", "SPACE", "resource_id", space), List.of("space_id")),
        new Route("PATCH", "/v2/role-bindings/" + seg(binding), body("role_id", role),
            List.of("user_id", "resource_id", "resource_type", "space_id")));
    List<String> failures = new ArrayList<>();
    for (Route route : routes) {
      List<String> fields = new ArrayList<>(always);
      fields.addAll(route.forbidden);
      for (String field : fields) {
        Object value = field.endsWith("_id") ? adminUser : field.startsWith("is_") ? Boolean.TRUE
            : field.equals("role") ? Map.of("type", "predefined", "name", "admin") : "admin";
        Map<String, Object> spoiled = new LinkedHashMap<>(route.valid);
        spoiled.put(field, value);
        String before = store.fingerprint();
        ApiResponse r = admin.send(route.method, route.path, Checks.json(spoiled),
            Map.of("Content-Type", "application/json"));
        try {
          assertProblem(r, 400);
          assertThat(r.text("detail")).as("detail names the field").contains("'" + field + "'");
          assertThat(store.fingerprint()).as("store after").isEqualTo(before);
        } catch (AssertionError e) {
          failures.add(route.method + " " + route.path + " with '" + field + "': "
              + e.getMessage());
        }
      }
    }
    assertThat(failures).isEmpty();
    // The member is still a member, the role still custom, the key still the member's.
    assertThat(admin.get("/v2/users/" + seg(member.id())).expect(200).json().get("role")
        .get("name").asText()).isEqualTo("member");
    assertThat(admin.get("/v2/roles/" + seg(role)).expect(200).json().get("is_predefined")
        .asBoolean()).isFalse();
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    collect(node, names);
    return names;
  }

  private static void collect(JsonNode node, Set<String> names) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        names.add(e.getKey());
        collect(e.getValue(), names);
      });
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, names));
    }
  }
}
