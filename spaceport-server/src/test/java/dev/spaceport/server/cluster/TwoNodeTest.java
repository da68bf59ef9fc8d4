package dev.spaceport.server.cluster;

import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static dev.spaceport.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures.TestUser;
import dev.spaceport.server.testing.TestServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two stateless server nodes on one PostgreSQL: nothing that matters lives in one node's memory.
 * Runs in the PostgreSQL pass of the suite only.
 */
class TwoNodeTest {

  static TestServer nodeA;
  static TestServer nodeB;
  static Api a;
  static Api b;

  @BeforeAll
  static void start() {
    assumeTrue(TestServer.onPostgres(), "several nodes need PostgreSQL");
    nodeA = TestServer.start();
    nodeB = nodeA.anotherNode();
    a = nodeA.admin();
    b = nodeB.admin();
  }

  @AfterAll
  static void stop() {
    if (nodeB != null) {
      nodeB.close();
    }
    if (nodeA != null) {
      nodeA.close();
    }
  }

  @Test
  void concurrentCreatesOfOneNameAcrossBothNodesGiveExactlyOne201() throws Exception {
    String org = nodeA.fixtures().organization();
    int requests = 64;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(requests);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        Api node = i % 2 == 0 ? a : b;
        results.add(pool.submit(() -> {
          go.await();
          return node.post("/v2/spaces", body("name", "contended", "organization_id", org))
              .status();
        }));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : results) {
        statuses.add(f.get());
      }
      assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
      assertThat(statuses).filteredOn(s -> s == 409).hasSize(requests - 1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(b.get("/v2/spaces?org_id=" + seg(org) + "&name=contended").expect(200)
        .json().get("spaces")).hasSize(1);
  }

  @Test
  void aCursorIssuedByOneNodeWorksOnTheOther() {
    String org = nodeA.fixtures().organization();
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      created.add(nodeA.fixtures().space(org, "walk-" + i));
    }
    Set<String> seen = new HashSet<>();
    String cursor = null;
    int page = 0;
    do {
      Api node = page++ % 2 == 0 ? a : b;
      ApiResponse r = node.get("/v2/spaces?org_id=" + seg(org) + "&limit=2"
          + (cursor == null ? "" : "&cursor=" + seg(cursor))).expect(200);
      r.json().get("spaces").forEach(s -> assertThat(seen.add(s.get("id").asText())).isTrue());
      cursor = r.json().get("pagination").path("next_cursor").asText(null);
    } while (cursor != null);
    assertThat(seen).isEqualTo(created);
  }

  @Test
  void aKeyDeletedThroughOneNodeIsRefusedByTheOtherAtOnce() {
    TestUser user = nodeA.fixtures().user("member");
    Api onB = b.as(user.api().key());
    onB.get("/v2/spaces").expect(200);
    String keyId = onB.get("/v2/api-keys").expect(200).json().get("api_keys").get(0)
        .get("id").asText();
    a.as(user.api().key()).delete("/v2/api-keys/" + seg(keyId)).expect(204);
    onB.get("/v2/spaces").expect(401);
  }

  /**
   * Node B remembers the key from a create, and creates next without looking it up or reading
   * the organization first (SpaceService): what changed through node A must still stop it.
   */
  @Test
  void whatChangedThroughOneNodeStopsTheOthersNextCreate() {
    TestUser user = nodeA.fixtures().user("member");
    String org = nodeA.fixtures().organization();
    nodeA.fixtures().addToOrganization(org, user.id(), "member");
    Api onB = b.as(user.api().key());
    onB.post("/v2/spaces", body("name", unique("first"), "organization_id", org)).expect(201);

    nodeA.fixtures().addToOrganization(org, user.id(), "read-only");
    onB.post("/v2/spaces", body("name", unique("read-only"), "organization_id", org))
        .expect(403);
    nodeA.fixtures().addToOrganization(org, user.id(), "member");
    onB.post("/v2/spaces", body("name", unique("member-again"), "organization_id", org))
        .expect(201);

    String keyId = onB.get("/v2/api-keys").expect(200).json().get("api_keys").get(0)
        .get("id").asText();
    a.as(user.api().key()).delete("/v2/api-keys/" + seg(keyId)).expect(204);
    String name = unique("after-delete");
    onB.post("/v2/spaces", body("name", name, "organization_id", org)).expect(401);
    assertThat(a.get("/v2/spaces?name_match=exact&name=" + seg(name)).expect(200).json()
        .get("spaces")).isEmpty();
  }

  @Test
  void anIdempotencyKeyUsedOnOneNodeReplaysOnTheOther() {
    String org = nodeA.fixtures().organization();
    String json = "{\"name\":\"replayed\",\"organization_id\":\"" + org + "\"}";
    Map<String, String> headers = Map.of("Content-Type", "application/json",
        "Idempotency-Key", "cross-node-1");
    ApiResponse first = a.send("POST", "/v2/spaces", json, headers).expect(201);
    ApiResponse replay = b.send("POST", "/v2/spaces", json, headers).expect(201);
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(b.get("/v2/spaces?org_id=" + seg(org)).json().get("spaces")).hasSize(1);
  }

  @Test
  void theSameIdempotencyKeyRacingOnBothNodesWritesOnce() throws Exception {
    String org = nodeA.fixtures().organization();
    String json = "{\"name\":\"raced\",\"organization_id\":\"" + org + "\"}";
    Map<String, String> headers = Map.of("Content-Type", "application/json",
        "Idempotency-Key", "cross-node-race");
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<ApiResponse> onA = pool.submit(() -> {
        go.await();
        return a.send("POST", "/v2/spaces", json, headers);
      });
      Future<ApiResponse> onB = pool.submit(() -> {
        go.await();
        return b.send("POST", "/v2/spaces", json, headers);
      });
      go.countDown();
      ApiResponse ra = onA.get();
      ApiResponse rb = onB.get();
      assertThat(List.of(ra.status(), rb.status())).containsOnly(201);
      assertThat(ra.body()).isEqualTo(rb.body());
    } finally {
      pool.shutdownNow();
    }
    assertThat(a.get("/v2/spaces?org_id=" + seg(org)).json().get("spaces")).hasSize(1);
  }
}
