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
import dev.spaceport.server.testing.OpenApiContract;
import dev.spaceport.server.testing.TestServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * <b>OWASP API2:2023 — Broken Authentication.</b>
 *
 * <p>Every documented {@code /v2} operation refuses a missing or malformed key with one and the
 * same 401. A key stops working the moment it is deleted, expires, its user is deleted or stops
 * being a developer, or (after the grace period) it is refreshed; keys are per user, so nothing
 * done to one user's key touches another's. Keys are accepted only as {@code Authorization:
 * Bearer}, never from the query string or another header.
 *
 * <p>Constant-time comparison: keys are looked up by SHA-256 through a unique index, and the
 * stored hash is compared again with {@code MessageDigest.isEqual} in {@code Authenticator}; the
 * lookup-by-hash design (the caller can't steer which hash bytes are compared) is what defeats
 * timing attacks, which is not measurable in a unit test and so is not measured here.
 */
class Api2BrokenAuthenticationTest {

  private static TestServer server;
  private static Api admin;
  private static Fixtures fx;
  private static ApiResponse unauthorized;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
    fx = server.fixtures();
    unauthorized = admin.as(null).get("/v2/spaces");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** The one 401 every refusal must equal, byte for byte: it never says why. */
  private static void assertUnauthorized(ApiResponse r) {
    assertProblem(r, 401);
    assertThat(Checks.normalized(r)).as("401 body of %s", r)
        .isEqualTo(Checks.normalized(unauthorized));
  }

  private static boolean works(String key) {
    int status = admin.as(key).get("/v2/api-keys?limit=1").status();
    assertThat(status).isIn(200, 401);
    return status == 200;
  }

  @Test
  void everyDocumentedOperationRefusesMissingAndMalformedKeysAlike() {
    String org = fx.organization();
    String space = fx.space(org);
    String user = fx.user("member").id();
    Map<String, String> ids = Map.of("{space_id}", space, "{org_id}", org, "{user_id}", user,
        "{role_id}", Checks.missing("Role"), "{binding_id}", Checks.missing("RoleBinding"),
        "{api_key_id}", Checks.missing("ApiKey"));
    List<String> headers = new ArrayList<>();
    headers.add(null);
    headers.addAll(List.of("", "Bearer", "Bearer ", "Basic " + admin.key(), "Token "
        + admin.key(), admin.key(), "Bearer " + admin.key() + "x", "Bearer spk_"
        + "A".repeat(38), "Bearer " + ApiKeySecrets.generate(), "Bearer " + "x".repeat(300)));
    int checked = 0;
    for (String operation : OpenApiContract.get().operationKeys()) {
      String[] parts = operation.split(" ", 2);
      if (!parts[1].startsWith("/v2/")) {
        continue;
      }
      String path = parts[1];
      for (Map.Entry<String, String> id : ids.entrySet()) {
        path = path.replace(id.getKey(), seg(id.getValue()));
      }
      String bodyJson = parts[0].equals("POST") || parts[0].equals("PATCH") ? "{\"name\":\"x\"}"
          : null;
      for (String header : headers) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        if (header != null) {
          h.put("Authorization", header);
        }
        assertUnauthorized(admin.as(null).send(parts[0], path, bodyJson, h));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(30 * headers.size());
  }

  @Test
  void aDeletedKeyFailsOnTheNextRequestAndNoOtherKeyNotices() {
    TestUser a = fx.user("member");
    TestUser b = fx.user("member");
    String aSecond = a.api().post("/v2/api-keys", body("name", "second")).expect(201)
        .text("key");
    ApiResponse doomed = a.api().post("/v2/api-keys", body("name", "doomed")).expect(201);
    assertThat(works(doomed.text("key"))).isTrue();

    admin.as(doomed.text("key")).delete("/v2/api-keys/" + seg(doomed.id())).expect(204);
    assertUnauthorized(admin.as(doomed.text("key")).get("/v2/spaces"));
    assertThat(works(a.api().key())).as("A's other keys").isTrue();
    assertThat(works(aSecond)).isTrue();
    assertThat(works(b.api().key())).as("B's key").isTrue();
    // Listed as deleted, not gone.
    JsonNode listed = a.api().get("/v2/api-keys?status=deleted").expect(200).json();
    assertThat(listed.get("api_keys")).extracting(k -> k.get("id").asText())
        .contains(doomed.id());
  }

  @Test
  void oneUsersKeysAreBeyondAnotherUsersReach() {
    TestUser a = fx.user("member");
    TestUser b = fx.user("admin"); // even an account admin manages only its own keys here
    ApiResponse aKey = a.api().post("/v2/api-keys", body("name", "a")).expect(201);
    assertProblem(b.api().delete("/v2/api-keys/" + seg(aKey.id())), 404);
    assertProblem(b.api().post("/v2/api-keys/" + seg(aKey.id()) + "/refresh", "{}"), 404);
    assertThat(works(aKey.text("key"))).isTrue();
    assertThat(b.api().get("/v2/api-keys?limit=100").expect(200).json().get("api_keys"))
        .extracting(k -> k.get("id").asText()).doesNotContain(aKey.id());
    // B deleting its own key leaves A alone, and each key authenticates as its own user.
    ApiResponse bKey = b.api().post("/v2/api-keys", body("name", "b")).expect(201);
    b.api().delete("/v2/api-keys/" + seg(bKey.id())).expect(204);
    assertThat(works(aKey.text("key"))).isTrue();
    JsonNode own = admin.as(aKey.text("key")).get("/v2/api-keys?limit=100").expect(200).json();
    own.get("api_keys").forEach(k -> assertThat(k.get("created_by_user_id").asText())
        .isEqualTo(a.id()));
  }

  @Test
  void aDeletedUsersKeysAllStop() {
    TestUser a = fx.user("member");
    String second = a.api().post("/v2/api-keys", body("name", "second")).expect(201).text("key");
    admin.delete("/v2/users/" + seg(a.id())).expect(204);
    assertUnauthorized(a.api().get("/v2/spaces"));
    assertUnauthorized(admin.as(second).get("/v2/spaces"));
  }

  @Test
  void anExpiredKeyIsRefused() throws InterruptedException {
    TestUser a = fx.user("member");
    // Long enough for the four requests below to land before it, on a busy machine too.
    Instant expiry = Instant.now().plusMillis(3000);
    ApiResponse key = a.api().post("/v2/api-keys", body("name", "short",
        "expires_at", expiry.toString())).expect(201);
    assertThat(works(key.text("key"))).isTrue();
    // A refresh can shorten a key's life as well.
    ApiResponse other = a.api().post("/v2/api-keys", body("name", "other")).expect(201);
    ApiResponse refreshed = a.api().post("/v2/api-keys/" + seg(other.id()) + "/refresh",
        body("expires_at", expiry.toString())).expect(200);
    sleepUntil(expiry.plusMillis(100));
    assertUnauthorized(admin.as(key.text("key")).get("/v2/spaces"));
    assertUnauthorized(admin.as(refreshed.text("key")).get("/v2/spaces"));
    // Creating a key that is already expired is refused outright.
    assertProblem(a.api().post("/v2/api-keys", body("name", "past",
        "expires_at", "2000-01-01T00:00:00Z")), 400);
  }

  @Test
  void aRefreshedKeysOldSecretStopsAfterTheGracePeriod() throws InterruptedException {
    TestUser a = fx.user("member");
    ApiResponse key = a.api().post("/v2/api-keys", body("name", "rotating")).expect(201);
    String original = key.text("key");
    // No grace: the old secret stops at once.
    String second = a.api().post("/v2/api-keys/" + seg(key.id()) + "/refresh", "{}")
        .expect(200).text("key");
    assertUnauthorized(admin.as(original).get("/v2/spaces"));
    assertThat(works(second)).isTrue();
    // A grace period: both work until it ends, then only the new one. It runs from the server's
    // clock during the refresh: after `start`, before `answered`.
    Instant start = Instant.now();
    String third = admin.as(second).post("/v2/api-keys/" + seg(key.id()) + "/refresh",
        body("grace_period_seconds", 2)).expect(200).text("key");
    Instant answered = Instant.now();
    assertThat(works(third)).isTrue();
    if (Instant.now().isBefore(start.plusMillis(1500))) {
      assertThat(works(second)).as("old secret inside its grace period").isTrue();
    }
    sleepUntil(answered.plusMillis(2100));
    assertUnauthorized(admin.as(second).get("/v2/spaces"));
    assertThat(works(third)).isTrue();
    // The secret two refreshes back never comes back, grace or not.
    assertUnauthorized(admin.as(original).get("/v2/spaces"));
    // Deleting a key in its grace period kills the old secret too.
    String fourth = admin.as(third).post("/v2/api-keys/" + seg(key.id()) + "/refresh",
        body("grace_period_seconds", 3600)).expect(200).text("key");
    assertThat(works(third)).isTrue();
    admin.as(fourth).delete("/v2/api-keys/" + seg(key.id())).expect(204);
    assertUnauthorized(admin.as(third).get("/v2/spaces"));
    assertUnauthorized(admin.as(fourth).get("/v2/spaces"));
  }

  @Test
  void usersWhoAreNotDevelopersCannotUseKeys() {
    // Annotators are not developers unless made so; their minted keys don't authenticate.
    String email = Fixtures.unique("ann") + "@example.com";
    String annotator = admin.post("/v2/users", body("name", "Ann", "email", email,
        "role", Map.of("type", "predefined", "name", "annotator"), "invite_mode", "none"))
        .expect(201).id();
    String annotatorKey = admin.post("/v2/users/" + seg(annotator) + "/api-keys",
        body("name", "k")).expect(201).text("key");
    assertUnauthorized(admin.as(annotatorKey).get("/v2/spaces"));
    // Switching a developer off stops their keys on the next request; switching back restores.
    TestUser dev = fx.user("member");
    assertThat(works(dev.api().key())).isTrue();
    admin.patch("/v2/users/" + seg(dev.id()), body("is_developer", false)).expect(200);
    assertUnauthorized(dev.api().get("/v2/spaces"));
    admin.patch("/v2/users/" + seg(dev.id()), body("is_developer", true)).expect(200);
    assertThat(works(dev.api().key())).isTrue();
    // Even an account admin who is not a developer.
    TestUser boss = fx.user("admin");
    admin.patch("/v2/users/" + seg(boss.id()), body("is_developer", false)).expect(200);
    assertUnauthorized(boss.api().get("/v2/users"));
  }

  @Test
  void keysAreAcceptedOnlyAsABearerAuthorizationHeader() {
    Api anonymous = admin.as(null);
    String key = admin.key();
    assertUnauthorized(anonymous.get("/v2/spaces?api_key=" + seg(key)));
    assertUnauthorized(anonymous.get("/v2/spaces?access_token=" + seg(key)));
    for (String header : List.of("X-Api-Key", "Api-Key", "X-Auth-Token", "Cookie",
        "Proxy-Authorization")) {
      assertUnauthorized(anonymous.send("GET", "/v2/spaces", null, Map.of(header, key)));
    }
    // The scheme is case-insensitive (RFC 7235); the key itself is not.
    admin.as(null).send("GET", "/v2/spaces", null, Map.of("Authorization", "bearer " + key))
        .expect(200);
    assertUnauthorized(anonymous.send("GET", "/v2/spaces", null,
        Map.of("Authorization", "Bearer " + key.toUpperCase())));
  }

  @Test
  void aKeyOfAnotherServerOrAForgedKeyIsRefusedLikeAnyOther() {
    // Right format, right checksum, never issued.
    for (int i = 0; i < 20; i++) {
      assertUnauthorized(admin.as(ApiKeySecrets.generate()).get("/v2/spaces"));
    }
    // A real key with its checksum recomputed over an edited body is still not that key.
    String real = fx.user("member").api().key();
    String edited = real.substring(0, 10) + (real.charAt(10) == 'A' ? 'B' : 'A')
        + real.substring(11);
    assertUnauthorized(admin.as(edited).get("/v2/spaces"));
  }

  private static void sleepUntil(Instant when) throws InterruptedException {
    long millis = when.toEpochMilli() - System.currentTimeMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }
}
