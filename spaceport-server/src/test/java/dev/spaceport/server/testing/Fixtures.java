package dev.spaceport.server.testing;

import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds the world a test needs, through the public API as the account admin. */
public final class Fixtures {

  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private final Api admin;

  public Fixtures(Api admin) {
    this.admin = admin;
  }

  /** A user with a working API key. */
  public record TestUser(String id, String email, Api api) {}

  public static String unique(String prefix) {
    return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime() % 100_000;
  }

  public String organization(String name) {
    return admin.post("/v2/organizations", body("name", name)).expect(201).id();
  }

  public String organization() {
    return organization(unique("org"));
  }

  /** A user with account role {@code admin}, {@code member} or {@code annotator}, and a key. */
  public TestUser user(String accountRole) {
    String email = unique(accountRole) + "@example.com";
    ApiResponse created = admin.post("/v2/users", body("name", "User " + email, "email", email,
        "role", Map.of("type", "predefined", "name", accountRole), "invite_mode", "none",
        "is_developer", true)).expect(201);
    String id = created.id();
    String key = admin.post("/v2/users/" + seg(id) + "/api-keys", body("name", "test key"))
        .expect(201).text("key");
    return new TestUser(id, email, admin.as(key));
  }

  public void addToOrganization(String orgId, String userId, String role) {
    admin.post("/v2/organizations/" + seg(orgId) + "/users",
        body("user_id", userId, "role", Map.of("type", "predefined", "name", role))).expect(200);
  }

  public String space(String orgId, String name) {
    return admin.post("/v2/spaces", body("name", name, "organization_id", orgId)).expect(201).id();
  }

  public String space(String orgId) {
    return space(orgId, unique("space"));
  }

  public void addToSpace(String spaceId, String userId, String role) {
    admin.post("/v2/spaces/" + seg(spaceId) + "/users",
        body("user_id", userId, "role", Map.of("type", "predefined", "name", role))).expect(200);
  }

  public String role(List<String> permissions) {
    return admin.post("/v2/roles", body("name", unique("role"), "permissions", permissions))
        .expect(201).id();
  }

  public void bindOnSpace(String spaceId, String userId, String roleId) {
    admin.post("/v2/spaces/" + seg(spaceId) + "/users",
        body("user_id", userId, "role", Map.of("type", "custom", "id", roleId))).expect(200);
  }
}
