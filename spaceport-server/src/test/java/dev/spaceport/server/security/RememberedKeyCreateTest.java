package dev.spaceport.server.security;

import static dev.spaceport.server.security.Checks.assertProblem;
import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.Fixtures.TestUser;
import dev.spaceport.server.testing.TestServer;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A space's create on a key the server remembers. On PostgreSQL it does not look the key up, nor
 * read the organization, before it writes: it sends what they must say as a requirement with its
 * inserts, and goes the long way only when that fails (SpaceService, KeyClaim). So each test here
 * first uses the key once (the node now remembers it), then changes what the requirement checks,
 * and expects the answer a fresh lookup would give — on the very next request, with nothing
 * written. On SQLite the same requests take the other path and must answer the same.
 */
class RememberedKeyCreateTest {

  private static TestServer server;
  private static Api admin;
  private static Fixtures fx;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
    fx = server.fixtures();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A member of a fresh organization, with a key this node has just verified by creating. */
  private record Creator(TestUser user, String org) {
    ApiResponse create(String name) {
      return create(user.api(), name);
    }

    ApiResponse create(Api as, String name) {
      return as.post("/v2/spaces", body("name", name, "organization_id", org));
    }
  }

  private static Creator creator(String orgRole) {
    TestUser user = fx.user("member");
    String org = fx.organization();
    fx.addToOrganization(org, user.id(), orgRole);
    Creator creator = new Creator(user, org);
    creator.create(Fixtures.unique("first")).expect(201);
    return creator;
  }

  /** A create of a fresh name refused with {@code status}, and nothing by that name written. */
  private static void assertRefused(Creator creator, String prefix, int status) {
    String name = Fixtures.unique(prefix);
    assertProblem(creator.create(name), status);
    assertNotCreated(name);
  }

  private static void assertNotCreated(String name) {
    assertThat(admin.get("/v2/spaces?name_match=exact&name=" + seg(name)).expect(200).json()
        .get("spaces")).as("spaces named %s", name).isEmpty();
  }

  /** Creates that went the long way because what they sent as a requirement did not hold. */
  private static double requirementFailures() {
    return admin.as(null).get("/metrics").expect(200).body().lines()
        .filter(line -> line.startsWith("spaceport_store_write_requirement_failures_total"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static String keyIdOf(TestUser user) {
    return user.api().get("/v2/api-keys").expect(200).json().get("api_keys").get(0).get("id")
        .asText();
  }

  @Test
  void aDeletedKeyCannotCreateOnTheNextRequest() {
    Creator creator = creator("member");
    creator.user().api().delete("/v2/api-keys/" + seg(keyIdOf(creator.user()))).expect(204);
    assertRefused(creator, "after-delete", 401);
  }

  @Test
  void aDeletedKeyHearsNothingButTheRefusalWhateverElseIsWrong() {
    Creator creator = creator("member");
    String taken = Fixtures.unique("taken");
    creator.create(taken).expect(201);
    creator.user().api().delete("/v2/api-keys/" + seg(keyIdOf(creator.user()))).expect(204);
    Api user = creator.user().api();
    assertProblem(user.send("POST", "/v2/spaces", "{not json", Map.of()), 401);
    assertProblem(user.post("/v2/spaces", body("organization_id", creator.org())), 401);
    assertProblem(creator.create(taken), 401);
    assertProblem(user.post("/v2/spaces", body("name", Fixtures.unique("x"),
        "organization_id", "Tm9wZQ==")), 401);
  }

  @Test
  void aUserWhoIsNoLongerADeveloperCannotCreateUntilTheyAreAgain() {
    Creator creator = creator("member");
    admin.patch("/v2/users/" + seg(creator.user().id()), body("is_developer", false))
        .expect(200);
    assertRefused(creator, "not-developer", 401);
    admin.patch("/v2/users/" + seg(creator.user().id()), body("is_developer", true))
        .expect(200);
    creator.create(Fixtures.unique("developer-again")).expect(201);
  }

  @Test
  void aDeletedKeyIsRefusedBeforeAnythingElseOnEveryRoute() {
    Creator creator = creator("member");
    Api user = creator.user().api();
    user.get("/v2/spaces").expect(200);
    user.delete("/v2/api-keys/" + seg(keyIdOf(creator.user()))).expect(204);
    assertProblem(user.get("/v2/spaces?org_id=not-an-id"), 401);
    assertProblem(user.get("/v2/no-such-route"), 401);
    assertProblem(user.send("POST", "/v2/spaces", "{}", Map.of("Idempotency-Key", "")), 401);
    assertProblem(user.send("POST", "/v2/spaces",
        "{\"name\":\"" + Fixtures.unique("idempotent") + "\",\"organization_id\":\""
            + creator.org() + "\"}", Map.of("Idempotency-Key", Fixtures.unique("k"),
            "Content-Type", "application/json")), 401);
  }

  /**
   * A create refused by the per-key limits on a claimed key confirms it first: 401, not 429, once
   * the key is gone. The key's one slot is held by a request whose body never finishes.
   */
  @Test
  void aDeletedKeyOverItsLimitHearsTheRefusalNotTheLimit() throws IOException {
    try (TestServer limited = TestServer.start(0, 1)) { // one request in progress per key
      Fixtures fixtures = limited.fixtures();
      TestUser user = fixtures.user("member");
      String org = fixtures.organization();
      fixtures.addToOrganization(org, user.id(), "member");
      Api asUser = limited.admin().as(user.api().key());
      Creator creator = new Creator(user, org);
      creator.create(asUser, Fixtures.unique("first")).expect(201);
      try (Socket held = new Socket("127.0.0.1", limited.port())) {
        held.setSoTimeout(30_000);
        held.getOutputStream().write(("POST /v2/api-keys HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Authorization: Bearer " + user.api().key() + "\r\nContent-Type: application/json"
            + "\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        byte[] interim = new byte[12];
        assertThat(held.getInputStream().readNBytes(interim, 0, 12)).isEqualTo(12);
        assertThat(new String(interim, StandardCharsets.US_ASCII))
            .as("the held request was let in").isEqualTo("HTTP/1.1 100");
        limited.admin().delete("/v2/users/" + seg(user.id())).expect(204);
        ApiResponse refused = creator.create(asUser, Fixtures.unique("over"));
        assertProblem(refused, 401);
        assertThat(refused.header("Retry-After")).as("a 401 that shows no limit was reached")
            .isNull();
        assertThat(refused.header("RateLimit-Limit")).isNull();
      }
    }
  }

  /** The account role, which the API cannot change, read from the store on the next create. */
  @Test
  void anAccountRoleChangedInTheStoreIsReadAgain() throws Exception {
    assumeTrue(TestServer.onPostgres(), "another writer of the store beside the server");
    TestUser boss = fx.user("admin");
    String org = fx.organization();
    Creator creator = new Creator(boss, org);
    creator.create(Fixtures.unique("as-admin")).expect(201);
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.jdbcUser(), null);
        PreparedStatement demote = c.prepareStatement(
            "UPDATE users SET account_role = 'member' WHERE email = ?")) {
      demote.setString(1, boss.email());
      assertThat(demote.executeUpdate()).isEqualTo(1);
    }
    assertRefused(creator, "as-member", 404);
  }

  @Test
  void aDeletedUserCannotCreate() {
    Creator creator = creator("member");
    admin.delete("/v2/users/" + seg(creator.user().id())).expect(204);
    assertRefused(creator, "deleted-user", 401);
  }

  @Test
  void aCreatorsOrganizationRoleIsReadAgainOnEveryCreate() {
    Creator creator = creator("member");
    double failures = requirementFailures();
    creator.create(Fixtures.unique("still-member")).expect(201);
    assertThat(requirementFailures()).as("a create whose requirement held, the first time")
        .isEqualTo(failures);
    fx.addToOrganization(creator.org(), creator.user().id(), "read-only");
    String name = Fixtures.unique("read-only");
    assertProblem(creator.create(name), 403);
    if (TestServer.onPostgres()) {
      assertThat(requirementFailures()).as("the create went the long way to say why")
          .isEqualTo(failures + 1);
    }
    admin.delete("/v2/organizations/" + seg(creator.org()) + "/users/"
        + seg(creator.user().id())).expect(204);
    assertProblem(creator.create(name), 404);
    assertNotCreated(name);
    fx.addToOrganization(creator.org(), creator.user().id(), "admin");
    creator.create(name).expect(201);
  }

  @Test
  void aDeletedOrganizationTakesNoMoreSpaces() {
    Creator creator = creator("admin");
    admin.delete("/v2/organizations/" + seg(creator.org())).expect(204);
    assertRefused(creator, "orphan", 404);
  }

  @Test
  void anExpiredKeyCannotCreate() throws InterruptedException {
    Creator creator = creator("member");
    // Long enough for the create below to land before it, on a busy machine too.
    Instant expiry = Instant.now().plusMillis(3000);
    String key = creator.user().api().post("/v2/api-keys", body("name", "short",
        "expires_at", expiry.toString())).expect(201).text("key");
    Api shortLived = admin.as(key);
    creator.create(shortLived, Fixtures.unique("in-time")).expect(201);
    Thread.sleep(Math.max(0, expiry.plusMillis(100).toEpochMilli() - System.currentTimeMillis()));
    String name = Fixtures.unique("too-late");
    assertProblem(creator.create(shortLived, name), 401);
    assertNotCreated(name);
  }

  @Test
  void aRefreshedKeysOldSecretCreatesOnlyWithinItsGracePeriod() {
    Creator creator = creator("member");
    String keyId = keyIdOf(creator.user());
    String second = creator.user().api().post("/v2/api-keys/" + seg(keyId) + "/refresh",
        body("grace_period_seconds", 3600)).expect(200).text("key");
    // The original secret is now the previous one, inside its grace period.
    creator.create(Fixtures.unique("in-grace")).expect(201);
    admin.as(second).post("/v2/api-keys/" + seg(keyId) + "/refresh", "{}").expect(200);
    // Two refreshes back: neither the secret nor the previous one.
    String name = Fixtures.unique("after-grace");
    assertProblem(creator.create(name), 401);
    assertProblem(creator.create(admin.as(second), name), 401);
    assertNotCreated(name);
  }

  @Test
  void aCreateOnARememberedKeyIsRecordedAsThatKeysUsersAct() {
    Creator creator = creator("member");
    String name = Fixtures.unique("audited");
    String spaceId = creator.create(name).expect(201).id();
    var records = admin.get("/v2/audit-logs?resource_id=" + seg(spaceId)).expect(200).json()
        .get("audit_logs");
    assertThat(records).hasSize(1);
    assertThat(records.get(0).get("action").asText()).isEqualTo("space.create");
    assertThat(records.get(0).get("actor_user_id").asText()).isEqualTo(creator.user().id());
    assertThat(records.get(0).get("actor_key_id").asText()).isEqualTo(keyIdOf(creator.user()));
    assertThat(records.get(0).get("organization_id").asText()).isEqualTo(creator.org());
    // The creator is the new space's admin.
    var members = creator.user().api().get("/v2/spaces/" + seg(spaceId) + "/users").expect(200)
        .json().get("memberships");
    assertThat(members).hasSize(1);
    assertThat(members.get(0).get("user_id").asText()).isEqualTo(creator.user().id());
    assertThat(members.get(0).get("role").get("name").asText()).isEqualTo("admin");
  }
}
