package dev.spaceport.server.api;

import static dev.spaceport.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.StoreProbe;
import dev.spaceport.server.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lifetime of an {@code Idempotency-Key}, at HTTP level: while the first request runs, a
 * repeat is told so (409) instead of running or waiting; for 24 hours after it, a repeat gets its
 * response replayed; after that the key is free again. The server reads the wall clock, so time is
 * moved by ageing the stored record on a connection of the test's own, and "still running" is
 * made to last by locking the records table from that connection (PostgreSQL only: SQLite's one
 * writer fails at once, with a 503, on a write lock held outside the server, rather than wait).
 */
class IdempotencyLifetimeTest {

  static TestServer server;
  static Api admin;
  static StoreProbe probe;
  static String org;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
    probe = StoreProbe.open(server);
    org = server.fixtures().organization();
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
  void aRepeatWithin24HoursIsReplayedAndAfterThemTheKeyIsFreeAgain() throws Exception {
    String key = Fixtures.unique("idem-life");
    String name = Fixtures.unique("kept");
    String json = json(name);

    ApiResponse first = post(key, json).expect(201);

    age(key, Duration.ofHours(24).minusMinutes(1));
    ApiResponse replay = post(key, json).expect(201);
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.body()).isEqualTo(first.body());
    // still within the window, another body under the key is refused
    assertThat(post(key, json(name + "-other")).status()).isEqualTo(422);

    age(key, Duration.ofMinutes(2)); // now 24 h and a minute old: forgotten
    ApiResponse again = post(key, json);
    // The request really ran again: the name is taken, so it is the duplicate-name conflict,
    // not a replay and not "still in progress".
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.header("Idempotent-Replayed")).isNull();
    assertThat(again.text("detail")).contains(name).doesNotContain("Idempotency-Key");
    // Another body is no longer a 422 either: it runs, and its response is the one kept now.
    ApiResponse other = post(key, json(name + "-other")).expect(201);
    assertThat(other.header("Idempotent-Replayed")).isNull();
    ApiResponse otherReplay = post(key, json(name + "-other")).expect(201);
    assertThat(otherReplay.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(otherReplay.body()).isEqualTo(other.body());

    assertThat(probe.count("SELECT COUNT(*) FROM spaces WHERE name = ?", name)).isEqualTo(1);
    assertThat(probe.count("SELECT COUNT(*) FROM idempotency_responses WHERE key_hash = ?",
        StoreProbe.sha256(key)))
        .isEqualTo(1);
  }

  @Test
  void aRepeatWhileTheFirstIsStillRunningIsA409AndTheFirstStillCommitsOnce() throws Exception {
    assumeTrue(TestServer.onPostgres(), "SQLite does not wait for a lock held outside the server");
    String key = Fixtures.unique("idem-running");
    String name = Fixtures.unique("slow");
    String json = json(name);
    List<ApiResponse> both;
    try (Connection lock = connect()) {
      holdWriteLock(lock); // whichever request registers the key first now waits for the store
      CompletableFuture<ApiResponse> a = CompletableFuture.supplyAsync(() -> post(key, json));
      CompletableFuture<ApiResponse> b = CompletableFuture.supplyAsync(() -> post(key, json));

      // The other one is answered at once, while the first is still waiting.
      ApiResponse early = (ApiResponse) CompletableFuture.anyOf(a, b).get(30, TimeUnit.SECONDS);
      assertThat(early.status()).as("the repeat of a running request").isEqualTo(409);
      assertThat(early.header("Content-Type")).startsWith("application/problem+json");
      assertThat(early.text("detail")).contains("Idempotency-Key").contains("in progress");
      assertThat(early.header("Retry-After")).as("this conflict passes").isEqualTo("1");
      assertThat(a.isDone() && b.isDone()).as("the first is still waiting").isFalse();

      lock.rollback();
      both = List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS));
    }
    assertThat(both).extracting(ApiResponse::status).containsExactlyInAnyOrder(201, 409);
    ApiResponse created = both.stream().filter(r -> r.status() == 201).findFirst().orElseThrow();

    // The 409 stored nothing: the same key now replays the first request's response.
    ApiResponse replay = post(key, json).expect(201);
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.body()).isEqualTo(created.body());
    assertThat(probe.count("SELECT COUNT(*) FROM spaces WHERE name = ?", name)).isEqualTo(1);
  }

  private static String json(String name) {
    try {
      return Api.JSON.writeValueAsString(body("name", name, "organization_id", org));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ApiResponse post(String key, String json) {
    return admin.send("POST", "/v2/spaces", json,
        Map.of("Content-Type", "application/json", "Idempotency-Key", key));
  }

  /** Makes the key's record {@code by} older, as if that much time had passed. */
  private static void age(String key, Duration by) throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(
            "UPDATE idempotency_responses SET created_at = created_at - ? WHERE key_hash = ?")) {
      ps.setLong(1, by.toMillis());
      ps.setBytes(2, StoreProbe.sha256(key));
      assertThat(ps.executeUpdate()).as("records under %s", key).isEqualTo(1);
      c.commit();
    }
  }

  /**
   * Locks the records table against writes until {@code c} rolls back: a create with a key then
   * waits before it can commit its record (and so its space). Reads go on, so the server can still
   * look the key up.
   */
  private static void holdWriteLock(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("LOCK TABLE idempotency_responses IN EXCLUSIVE MODE");
    }
  }

  private static Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(server.jdbcUrl(), server.jdbcUser(), null);
    if (!TestServer.onPostgres()) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout=5000");
      }
    }
    c.setAutoCommit(false);
    return c;
  }
}
