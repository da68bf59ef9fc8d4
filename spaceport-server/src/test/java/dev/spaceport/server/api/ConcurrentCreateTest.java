package dev.spaceport.server.api;

import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.StoreProbe;
import dev.spaceport.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Space names are unique per organization even when many requests race for the same name: one
 * wins with 201, every other gets a 409, and exactly one row is stored.
 */
class ConcurrentCreateTest {

  private static final int RACERS = 64;

  static TestServer server;
  static Api admin;
  static StoreProbe store;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
    store = StoreProbe.open(server);
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
  void sixtyFourRacersForOneNameYieldOneSpace() throws Exception {
    String org = server.fixtures().organization();
    String name = Fixtures.unique("contended");
    long membershipsBefore = store.rows("space_memberships");

    List<ApiResponse> responses = raceCreates(i -> body("name", name, "organization_id", org,
        "description", "racer " + i));

    Map<Integer, Long> byStatus = responses.stream()
        .collect(Collectors.groupingBy(ApiResponse::status, Collectors.counting()));
    assertThat(byStatus).as("statuses of %d racing creates", RACERS)
        .containsOnly(Map.entry(201, 1L), Map.entry(409, (long) RACERS - 1));
    for (ApiResponse r : responses) {
      if (r.status() == 409) {
        assertProblem(r, 409);
        assertThat(r.text("detail")).contains(name);
      }
    }
    ApiResponse winner = responses.stream().filter(r -> r.status() == 201).findFirst()
        .orElseThrow();
    assertThat(winner.text("name")).isEqualTo(name);

    // The API agrees: one space of that name in the organization, and it is the winner.
    JsonNode listed = admin.get("/v2/spaces?org_id=" + seg(org) + "&name=" + seg(name)).expect(200)
        .json().get("spaces");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("id").asText()).isEqualTo(winner.id());
    assertThat(listed.get(0).get("description").asText())
        .isEqualTo(winner.text("description"));

    // And so does the file: one row, and the losers left no membership behind.
    assertThat(store.count("SELECT COUNT(*) FROM spaces WHERE name = ?", name)).isEqualTo(1);
    assertThat(store.rows("space_memberships")).isEqualTo(membershipsBefore + 1);
  }

  @Test
  void racersForTheSameNameInDifferentOrganizationsEachGetOne() throws Exception {
    List<String> orgs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      orgs.add(server.fixtures().organization());
    }
    String name = Fixtures.unique("shared");

    List<ApiResponse> responses = raceCreates(i -> body("name", name,
        "organization_id", orgs.get(i % orgs.size())));

    assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(orgs.size());
    assertThat(responses).filteredOn(r -> r.status() == 409).hasSize(RACERS - orgs.size());
    for (String org : orgs) {
      assertThat(admin.get("/v2/spaces?org_id=" + seg(org) + "&name=" + seg(name)).expect(200)
          .json().get("spaces")).hasSize(1);
    }
    assertThat(store.count("SELECT COUNT(*) FROM spaces WHERE name = ?", name))
        .isEqualTo(orgs.size());
  }

  @Test
  void uniquenessIsCaseSensitiveUnderRacesToo() throws Exception {
    String org = server.fixtures().organization();
    String base = Fixtures.unique("casey");
    List<String> spellings = List.of(base, base.toUpperCase(), "C" + base.substring(1));

    List<ApiResponse> responses = raceCreates(i -> body("name", spellings.get(i % spellings.size()),
        "organization_id", org));

    assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(spellings.size());
    assertThat(responses).filteredOn(r -> r.status() == 409).hasSize(RACERS - spellings.size());
    for (String spelling : spellings) {
      assertThat(store.count("SELECT COUNT(*) FROM spaces WHERE name = ?", spelling))
          .as(spelling).isEqualTo(1);
    }
  }

  @Test
  void racersSharingAnIdempotencyKeyWriteOnce() throws Exception {
    String org = server.fixtures().organization();
    String name = Fixtures.unique("idempotent");
    String key = Fixtures.unique("idem-key");
    String json = Api.JSON.writeValueAsString(body("name", name, "organization_id", org));

    List<ApiResponse> responses = race(i -> admin.send("POST", "/v2/spaces", json,
        Map.of("Content-Type", "application/json", "Idempotency-Key", key)));

    // The first runs; the rest either replay its response or are told it is still running.
    assertThat(responses).extracting(ApiResponse::status).containsOnly(201, 409);
    List<String> ids = responses.stream().filter(r -> r.status() == 201).map(ApiResponse::id)
        .distinct().toList();
    assertThat(ids).hasSize(1);
    for (ApiResponse r : responses) {
      if (r.status() == 409) {
        assertProblem(r, 409);
      }
    }
    assertThat(store.count("SELECT COUNT(*) FROM spaces WHERE name = ?", name)).isEqualTo(1);
    assertThat(store.count("SELECT COUNT(*) FROM idempotency_responses WHERE key_hash = ?",
        StoreProbe.sha256(key)))
        .isEqualTo(1);
  }

  /** {@value #RACERS} creates on separate threads, released together, each its own request. */
  private static List<ApiResponse> raceCreates(IntFunction<Map<String, Object>> bodyFor)
      throws Exception {
    return race(i -> {
      Map<String, Object> body = bodyFor.apply(i);
      return admin.post("/v2/spaces", body);
    });
  }

  /** {@value #RACERS} requests on separate threads, released together. */
  private static List<ApiResponse> race(RequestFor requestFor) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(RACERS);
    try {
      CountDownLatch ready = new CountDownLatch(RACERS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<ApiResponse>> futures = new ArrayList<>();
      for (int i = 0; i < RACERS; i++) {
        int racer = i;
        futures.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          return requestFor.send(racer);
        }));
      }
      assertThat(ready.await(10, TimeUnit.SECONDS)).as("all racers ready").isTrue();
      go.countDown();
      List<ApiResponse> responses = new ArrayList<>();
      for (Future<ApiResponse> f : futures) {
        responses.add(f.get(60, TimeUnit.SECONDS));
      }
      return responses;
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface RequestFor {
    ApiResponse send(int racer);
  }

  private static void assertProblem(ApiResponse r, int status) {
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.json().get("status").asInt()).isEqualTo(status);
  }
}
