package dev.spaceport.server.api;

import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.Fixtures.TestUser;
import dev.spaceport.server.testing.StoreProbe;
import dev.spaceport.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The responses that mint an API key carry its secret, which the store otherwise keeps only as a
 * hash (CONTRACT §6). Sent with an {@code Idempotency-Key}, they are kept for replay — and a copy of
 * the database must still reveal neither the secret nor the Idempotency-Key, while a repeat still
 * gets the very same bytes.
 */
class IdempotencyAtRestTest {

  static TestServer server;
  static Api admin;
  static StoreProbe probe;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
    probe = StoreProbe.open(server);
  }

  @AfterAll
  static void stop() {
    if (probe != null) {
      probe.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void mintedSecretsAndTheirIdempotencyKeysAreNowhereInTheStoreYetReplayIdentically() {
    TestUser user = server.fixtures().user("member");
    List<String> secrets = new ArrayList<>();
    List<String> idempotencyKeys = new ArrayList<>();

    // create own
    String createKey = "at-rest-create-" + UUID.randomUUID();
    String created = postTwice(user.api(), "/v2/api-keys", json(body("name", "laptop")),
        createKey, 201, secrets);
    idempotencyKeys.add(createKey);

    // refresh (by the key the user already had; the new key stays valid too)
    String refreshKey = "at-rest-refresh-" + UUID.randomUUID();
    postTwice(user.api(), "/v2/api-keys/" + seg(created) + "/refresh",
        json(body("grace_period_seconds", 60)), refreshKey, 200, secrets);
    idempotencyKeys.add(refreshKey);

    // mint for a user
    String mintKey = "at-rest-mint-" + UUID.randomUUID();
    postTwice(admin, "/v2/users/" + seg(user.id()) + "/api-keys", json(body("name", "ci")),
        mintKey, 201, secrets);
    idempotencyKeys.add(mintKey);

    for (String key : idempotencyKeys) {
      assertThat(probe.count("SELECT COUNT(*) FROM idempotency_responses WHERE key_hash = ?",
          StoreProbe.sha256(key))).as("the record kept for %s", key).isEqualTo(1);
    }
    assertThat(probe.rows("idempotency_records")).as("the plaintext table of old").isZero();

    List<StoreProbe.Cell> cells = probe.cells();
    assertThat(cells).anySatisfy(c -> assertThat(c.table()).isEqualTo("idempotency_responses"));
    List<String> secretForms = new ArrayList<>();
    for (String s : secrets) {
      secretForms.add(s);
      secretForms.add(s.substring("spk_".length(), "spk_".length() + 32)); // the random part
    }
    for (String s : idempotencyKeys) {
      secretForms.add(s);
      secretForms.add(s.substring(s.indexOf('-', "at-rest-".length()) + 1)); // its UUID
    }
    for (String form : secretForms) {
      byte[] raw = form.getBytes(StandardCharsets.UTF_8);
      byte[] hex = HexFormat.of().formatHex(raw).getBytes(StandardCharsets.US_ASCII);
      for (StoreProbe.Cell cell : cells) {
        assertThat(contains(cell.value(), raw) || contains(cell.value(), hex))
            .as("%s.%s holds %s", cell.table(), cell.column(), form).isFalse();
      }
    }
  }

  /**
   * Sends a POST with an Idempotency-Key, then again: the repeat must replay the same bytes. Adds
   * the secret to {@code secrets} and returns the key's ID.
   */
  private static String postTwice(Api api, String path, String json, String idempotencyKey,
      int status, List<String> secrets) {
    Map<String, String> headers = Map.of("Content-Type", "application/json",
        "Idempotency-Key", idempotencyKey);
    ApiResponse first = api.send("POST", path, json, headers).expect(status);
    assertThat(first.header("Idempotent-Replayed")).isNull();
    ApiResponse replay = api.send("POST", path, json, headers).expect(status);
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.body()).as("the replay of %s", path).isEqualTo(first.body());
    assertThat(replay.header("Content-Type")).isEqualTo(first.header("Content-Type"));
    String secret = first.text("key");
    assertThat(secret).startsWith("spk_");
    secrets.add(secret);
    // The same key with another body is still refused.
    assertThat(api.send("POST", path, json.replace("}", ",\"description\":\"x\"}"), headers)
        .status()).isEqualTo(422);
    return first.id();
  }

  private static String json(Map<String, Object> body) {
    try {
      return Api.JSON.writeValueAsString(body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
