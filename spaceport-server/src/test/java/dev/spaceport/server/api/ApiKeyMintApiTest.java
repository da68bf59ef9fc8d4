package dev.spaceport.server.api;

import static dev.spaceport.server.api.ApiAssertions.assertId;
import static dev.spaceport.server.api.ApiAssertions.assertIdChecks;
import static dev.spaceport.server.api.ApiAssertions.assertProblem;
import static dev.spaceport.server.api.ApiAssertions.assertTimestampBetween;
import static dev.spaceport.server.api.ApiAssertions.assertUnauthenticated;
import static dev.spaceport.server.api.ApiAssertions.fieldNames;
import static dev.spaceport.server.api.ApiAssertions.missingId;
import static dev.spaceport.server.api.ApiAssertions.predefined;
import static dev.spaceport.server.api.ApiAssertions.texts;
import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.Fixtures.TestUser;
import dev.spaceport.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v2/users/{user_id}/api-keys}: account admins mint a key for a user. */
class ApiKeyMintApiTest {

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

  private static String keys(String userId) {
    return "/v2/users/" + seg(userId) + "/api-keys";
  }

  /** A user without a key, so the minted key is the only one. */
  private static String newUser(String role, boolean developer) {
    String email = Fixtures.unique(role) + "@example.com";
    return admin.post("/v2/users", body("name", "U", "email", email, "role", predefined(role),
        "invite_mode", "none", "is_developer", developer)).expect(201).id();
  }

  @Test
  void mintAnswers201WithTheSecretOnce() {
    String user = newUser("member", true);
    Instant expires = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MILLIS);
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ApiResponse created = admin.post(keys(user), body("name", "laptop", "description",
        "for the CLI", "expires_at", expires.toString())).expect(201);
    Instant after = Instant.now();

    JsonNode key = created.json();
    assertThat(fieldNames(key)).containsExactlyInAnyOrder("id", "name", "description",
        "key_type", "status", "redacted_key", "created_at", "expires_at", "created_by_user_id",
        "key");
    assertId(created.id(), "ApiKey");
    assertThat(key.get("name").asText()).isEqualTo("laptop");
    assertThat(key.get("description").asText()).isEqualTo("for the CLI");
    assertThat(key.get("key_type").asText()).isEqualTo("user");
    assertThat(key.get("status").asText()).isEqualTo("active");
    assertThat(key.get("created_by_user_id").asText()).isEqualTo(user);
    assertThat(Instant.parse(key.get("expires_at").asText())).isEqualTo(expires);
    assertTimestampBetween(key.get("created_at").asText(), before, after);

    String secret = key.get("key").asText();
    assertThat(secret).matches("spk_[0-9A-Za-z]{38}");
    String redacted = key.get("redacted_key").asText();
    assertThat(redacted).doesNotContain(secret.substring(4, 20)).hasSizeLessThan(20);
    assertThat(secret).startsWith(redacted.substring(0, 6))
        .endsWith(redacted.substring(redacted.length() - 4));
  }

  @Test
  void optionalFieldsAreLeftOutWhenNotGiven() {
    String user = newUser("member", true);
    JsonNode key = admin.post(keys(user), body("name", "plain")).expect(201).json();
    assertThat(fieldNames(key)).containsExactlyInAnyOrder("id", "name", "key_type", "status",
        "redacted_key", "created_at", "created_by_user_id", "key");
  }

  @Test
  void theKeyAuthenticatesAsThatUser() {
    String org = fx.organization();
    String space = fx.space(org);
    String hidden = fx.space(org);
    String user = newUser("member", true);
    fx.addToOrganization(org, user, "member");
    fx.addToSpace(space, user, "read-only");
    Api asUser = admin.as(admin.post(keys(user), body("name", "k")).expect(201).text("key"));

    assertThat(asUser.get("/v2/users/" + seg(user)).expect(200).id()).isEqualTo(user);
    assertThat(texts(asUser.get("/v2/spaces").expect(200).json().get("spaces"), "id"))
        .containsExactly(space);
    assertProblem(asUser.get("/v2/spaces/" + seg(hidden)), 404);
    assertProblem(asUser.post("/v2/organizations", body("name", Fixtures.unique("o"))), 403);
    assertProblem(asUser.post(keys(user), body("name", "self-serve")), 403);

    String otherAdmin = newUser("admin", true);
    Api asAdmin = admin.as(admin.post(keys(otherAdmin), body("name", "k")).expect(201)
        .text("key"));
    asAdmin.post("/v2/organizations", body("name", Fixtures.unique("by-minted-admin")))
        .expect(201);
  }

  @Test
  void everyMintIsANewKeyAndAllOfThemWork() {
    String user = newUser("member", true);
    JsonNode first = admin.post(keys(user), body("name", "one")).expect(201).json();
    JsonNode second = admin.post(keys(user), body("name", "two")).expect(201).json();
    assertThat(second.get("id").asText()).isNotEqualTo(first.get("id").asText());
    assertThat(second.get("key").asText()).isNotEqualTo(first.get("key").asText());
    admin.as(first.get("key").asText()).get("/v2/users/" + seg(user)).expect(200);
    admin.as(second.get("key").asText()).get("/v2/users/" + seg(user)).expect(200);
  }

  @Test
  void anExpiredKeyStopsWorking() throws Exception {
    String user = newUser("member", true);
    // Long enough for the create and the first use to land before it, on a busy machine too.
    Instant expires = Instant.now().plusMillis(3000).truncatedTo(ChronoUnit.MILLIS);
    Api asUser = admin.as(admin.post(keys(user), body("name", "short-lived", "expires_at",
        expires.toString())).expect(201).text("key"));
    asUser.get("/v2/users/" + seg(user)).expect(200);

    long wait = Duration.between(Instant.now(), expires).toMillis() + 50;
    if (wait > 0) {
      Thread.sleep(wait);
    }
    String detail = assertProblem(asUser.get("/v2/users/" + seg(user)), 401);
    assertThat(detail).isEqualTo(assertProblem(admin.as(null).get("/v2/users"), 401));
  }

  @Test
  void expiresAtMustBeAFutureRfc3339Time() {
    String user = newUser("member", true);
    assertProblem(admin.post(keys(user), body("name", "k", "expires_at",
        Instant.now().minusSeconds(60).toString())), 400, "'expires_at'", "future");
    for (Object bad : List.of("tomorrow", "2030-01-01T00:00:00", "2030-01-01", 1893456000)) {
      assertProblem(admin.post(keys(user), body("name", "k", "expires_at", bad)), 400,
          "'expires_at'");
    }
    // Any offset is fine; the answer is in UTC.
    JsonNode key = admin.post(keys(user), body("name", "k", "expires_at",
        "2030-01-01T02:00:00+02:00")).expect(201).json();
    assertThat(key.get("expires_at").asText()).isEqualTo("2030-01-01T00:00:00.000Z");
  }

  @Test
  void mintRejectsBadBodiesWith400() {
    String user = newUser("member", true);
    record Case(Object body, String... detail) {}
    List<Case> cases = List.of(
        new Case(body(), "'name'", "required"),
        new Case(body("description", "d"), "'name'", "required"),
        new Case(body("name", ""), "'name'", "empty"),
        new Case(body("name", "n".repeat(256)), "'name'", "255"),
        new Case(body("name", "k", "description", "d".repeat(1001)), "'description'", "1000"),
        new Case(body("name", 3), "'name'", "string"),
        new Case(body("name", "k", "key", "spk_mine"), "'key'", "set by the server"),
        new Case(body("name", "k", "status", "active"), "'status'", "set by the server"),
        new Case(body("name", "k", "key_type", "service"), "'key_type'", "user"),
        new Case(body("name", "k", "space_id", "x"), "'space_id'"),
        new Case(body("name", "k", "scopes", List.of()), "unknown field 'scopes'"),
        new Case("{\"name\": \"k\"", "malformed JSON"),
        new Case("", "JSON object body is required"));
    for (Case c : cases) {
      assertProblem(admin.post(keys(user), c.body()), 400, c.detail());
    }
    assertProblem(admin.send("POST", keys(user), "{\"name\": \"k\"}",
        Map.of("Content-Type", "text/plain")), 415);
    // Arize's SDK always sends key_type "user"; that one is fine.
    assertThat(admin.post(keys(user), body("name", "k", "key_type", "user")).expect(201)
        .text("key_type")).isEqualTo("user");
  }

  @Test
  void onlyAccountAdminsMintKeys() {
    TestUser member = fx.user("member");
    TestUser annotator = fx.user("annotator");
    String target = newUser("member", true);
    assertProblem(member.api().post(keys(target), body("name", "k")), 403,
        "only account admins");
    assertProblem(member.api().post(keys(member.id()), body("name", "k")), 403);
    assertProblem(annotator.api().post(keys(annotator.id()), body("name", "k")), 403);
    fx.user("admin").api().post(keys(target), body("name", "k")).expect(201);
    assertUnauthenticated(admin, "POST", keys(target), body("name", "k"));
  }

  @Test
  void mintingForAnUnknownOrDeletedUserIs404() {
    String gone = newUser("member", true);
    admin.delete("/v2/users/" + seg(gone)).expect(204);
    assertProblem(admin.post(keys(gone), body("name", "k")), 404, "user");
    assertProblem(admin.post(keys(missingId("User")), body("name", "k")), 404, "user");
    assertIdChecks(admin, "POST", "/v2/users/{id}/api-keys", body("name", "k"), "user_id",
        "User", newUser("member", true));
  }

  @Test
  void aKeyOfANonDeveloperDoesNotAuthenticate() {
    String user = newUser("member", false);
    String key = admin.post(keys(user), body("name", "useless")).expect(201).text("key");
    assertProblem(admin.as(key).get("/v2/users/" + seg(user)), 401);
    admin.patch("/v2/users/" + seg(user), body("is_developer", true)).expect(200);
    admin.as(key).get("/v2/users/" + seg(user)).expect(200);
  }
}
