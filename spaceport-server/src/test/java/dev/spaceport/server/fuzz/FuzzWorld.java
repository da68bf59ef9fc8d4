package dev.spaceport.server.fuzz;

import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.Fixtures.TestUser;
import dev.spaceport.server.testing.TestServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The things the fuzzer aims at, built once through the public API: two organizations with a
 * space each, users of every account role, a custom role, a role binding, API keys in every state
 * (working, deleted, expired, refreshed), and a genuine cursor for every list. Every ID here is
 * real, so an unmutated request reaches the deepest rules and a mutated one is "near-valid".
 */
final class FuzzWorld {

  final Api admin;
  final String adminKey;
  final String adminUser;
  final String memberKey;
  final String annotatorKey;
  /** Keys that must be refused: deleted, expired, and the secret a refresh replaced. */
  final List<String> deadKeys = new ArrayList<>();

  final String org;
  final String org2;
  final String space;
  final String space2;
  final String member;
  final String annotator;
  /** A user nobody authenticates as: PATCH targets it, so the callers' keys keep working. */
  final String victim;
  final String role;
  final String predefinedRole;
  final String binding;
  /** An API key of the admin's that refresh may rotate (the admin's working key is another). */
  final String ownKey;

  /** List path (with the filters the cursor is bound to) → a genuine next_cursor of it. */
  final Map<String, String> cursors = new LinkedHashMap<>();

  FuzzWorld(TestServer server) {
    admin = server.admin();
    adminKey = admin.key();
    Fixtures fx = server.fixtures();
    org = fx.organization();
    org2 = fx.organization();
    space = fx.space(org);
    space2 = fx.space(org2);
    fx.space(org);
    TestUser m = fx.user("member");
    member = m.id();
    memberKey = m.api().key();
    fx.addToOrganization(org, member, "member");
    fx.addToOrganization(org2, member, "read-only");
    fx.addToSpace(space, member, "member");
    TestUser a = fx.user("annotator");
    annotator = a.id();
    annotatorKey = a.api().key();
    fx.addToOrganization(org, annotator, "annotator");
    victim = fx.user("member").id();
    fx.addToOrganization(org, victim, "member");
    role = fx.role(List.of("SPACE_READ", "ROLE_BINDING_READ"));
    fx.role(List.of("SPACE_UPDATE"));
    binding = admin.post("/v2/role-bindings", body("role_id", role, "user_id", victim,
        "resource_type", "SPACE", "resource_id", space)).expect(201).id();
    admin.post("/v2/role-bindings", body("role_id", role, "user_id", member,
        "resource_type", "SPACE", "resource_id", space2)).expect(201);
    adminUser = admin.get("/v2/users?limit=100").expect(200).json().get("users").get(0)
        .get("id").asText();
    String predefined = null;
    for (JsonNode r : admin.get("/v2/roles?is_predefined=true").expect(200).json().get("roles")) {
      if (r.get("name").asText().equals("member")) {
        predefined = r.get("id").asText();
      }
    }
    predefinedRole = predefined;

    ownKey = admin.post("/v2/api-keys", body("name", "fuzz refresh target")).expect(201).id();
    var deleted = admin.post("/v2/api-keys", body("name", "deleted")).expect(201);
    admin.delete("/v2/api-keys/" + seg(deleted.id())).expect(204);
    deadKeys.add(deleted.text("key"));
    var rotating = admin.post("/v2/api-keys", body("name", "rotated")).expect(201);
    admin.post("/v2/api-keys/" + seg(rotating.id()) + "/refresh", "{}").expect(200);
    deadKeys.add(rotating.text("key"));
    var expiring = admin.post("/v2/api-keys", body("name", "expiring", "expires_at",
        Instant.now().plusMillis(1500).toString())).expect(201);
    deadKeys.add(expiring.text("key"));

    for (String list : List.of("/v2/spaces", "/v2/spaces?org_id=" + seg(org),
        "/v2/spaces?name=space", "/v2/organizations", "/v2/organizations?name=org", "/v2/users",
        "/v2/users?status=active", "/v2/roles", "/v2/roles?is_predefined=true",
        "/v2/role-bindings?resource_type=SPACE", "/v2/api-keys", "/v2/api-keys?status=active",
        "/v2/spaces/" + seg(space) + "/users")) {
      JsonNode pagination = admin.get(list + (list.contains("?") ? "&" : "?") + "limit=1")
          .expect(200).json().get("pagination");
      if (pagination.has("next_cursor")) {
        cursors.put(list, pagination.get("next_cursor").asText());
      }
    }
    if (cursors.size() < 10) {
      throw new IllegalStateException("too few cursors in the fuzz world: " + cursors.keySet());
    }
    // Let the expiring key expire before the first case.
    long wait = Instant.parse(expiring.text("expires_at")).toEpochMilli()
        - System.currentTimeMillis() + 50;
    if (wait > 0) {
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Every real ID of the world, for "an ID of another type" mutations. */
  List<String> allIds() {
    return List.of(org, org2, space, space2, member, annotator, victim, adminUser, role,
        predefinedRole, binding, ownKey);
  }

  /** The keys that authenticate, for checking that no response echoes one. */
  List<String> liveKeys() {
    return List.of(adminKey, memberKey, annotatorKey);
  }
}
