package dev.spaceport.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL the rate limit's state is in the database: two nodes give a key one bucket, not
 * one each (a burst of twice the rate in all, not twice that). PostgreSQL pass only.
 */
class SharedRateLimitTest {

  private static final String PROBE = "/v2/roles?limit=1";

  @Test
  void requestsAlternatingOverTwoNodesDrawOnOneBucket() {
    assumeTrue(TestServer.onPostgres(), "several nodes need PostgreSQL");
    // One request per second, bursts of two: however slow the machine, a handful of requests
    // exceeds it, and a second node that kept its own bucket would admit two more.
    try (TestServer nodeA = TestServer.start(1); TestServer nodeB = nodeA.anotherNode()) {
      String key = userKey(nodeA);
      Api a = nodeA.admin().as(key);
      Api b = nodeB.admin().as(key);
      long start = System.nanoTime();
      ApiResponse first = a.get(PROBE).expect(200);
      ApiResponse second = b.get(PROBE).expect(200);
      List<ApiResponse> more = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        more.add((i % 2 == 0 ? a : b).get(PROBE));
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      assertThat(first.header("RateLimit-Limit")).isEqualTo("2");
      assertThat(first.header("RateLimit-Remaining")).isEqualTo("1");
      if (elapsed < 1) {
        // B saw what A spent.
        assertThat(second.header("RateLimit-Remaining")).isEqualTo("0");
      }
      long admitted = 2 + more.stream().filter(r -> r.status() == 200).count();
      assertThat(admitted).as("admitted in %.2f s at 1/s with bursts of 2", elapsed)
          .isLessThanOrEqualTo(2 + (long) Math.floor(elapsed));
      ApiResponse refusedOnA = more.stream().filter(r -> r.status() == 429).findFirst()
          .orElseThrow();
      assertThat(refusedOnA.json().get("detail").asText()).contains("1 requests per second");
      assertThat(refusedOnA.header("Retry-After")).isEqualTo("1");
      assertThat(more).filteredOn(r -> r.status() == 429).isNotEmpty()
          .allSatisfy(r -> assertThat(r.header("RateLimit-Remaining")).isEqualTo("0"));
    }
  }

  @Test
  void concurrentRequestsOnBothNodesAreAdmittedAsOneBucket() throws Exception {
    assumeTrue(TestServer.onPostgres(), "several nodes need PostgreSQL");
    int rate = 5;
    int threadsPerNode = 4;
    int requestsPerThread = 10;
    try (TestServer nodeA = TestServer.start(rate); TestServer nodeB = nodeA.anotherNode()) {
      String key = userKey(nodeA);
      Api a = nodeA.admin().as(key);
      Api b = nodeB.admin().as(key);
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerNode);
      List<Future<int[]>> results = new ArrayList<>();
      try {
        for (int t = 0; t < 2 * threadsPerNode; t++) {
          Api node = t % 2 == 0 ? a : b;
          results.add(pool.submit(() -> {
            go.await();
            int[] counts = new int[2]; // admitted, refused
            for (int i = 0; i < requestsPerThread; i++) {
              int status = node.get(PROBE).status();
              assertThat(status).isIn(200, 429);
              counts[status == 200 ? 0 : 1]++;
            }
            return counts;
          }));
        }
        long start = System.nanoTime();
        // One request on each node first, from a full bucket: both nodes take part, however the
        // threads below happen to be scheduled (on a busy machine one node's threads can find
        // the bucket empty every time).
        a.get(PROBE).expect(200);
        b.get(PROBE).expect(200);
        go.countDown();
        int admittedA = 1;
        int admittedB = 1;
        int refused = 0;
        for (int t = 0; t < results.size(); t++) {
          int[] counts = results.get(t).get();
          if (t % 2 == 0) {
            admittedA += counts[0];
          } else {
            admittedB += counts[0];
          }
          refused += counts[1];
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        int admitted = admittedA + admittedB;
        // One bucket: the burst (2 × rate) plus what refilled meanwhile. Two buckets would
        // admit twice that.
        assertThat(admitted)
            .as("admitted %d (A %d, B %d) of %d in %.2f s at %d/s with bursts of %d", admitted,
                admittedA, admittedB, admitted + refused, elapsed, rate, 2 * rate)
            .isBetween(2 * rate, 2 * rate + (int) Math.ceil(rate * elapsed));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void theStateIsOneUnloggedRowPerKey() throws Exception {
    assumeTrue(TestServer.onPostgres(), "PostgreSQL only");
    try (TestServer node = TestServer.start(100)) {
      node.admin().get(PROBE).expect(200);
      try (Connection c = DriverManager.getConnection(node.jdbcUrl(), node.jdbcUser(), null);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT relpersistence, (SELECT count(*) FROM rate_limits)"
              + " FROM pg_class WHERE relname = 'rate_limits'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).as("u: unlogged").isEqualTo("u");
        assertThat(rs.getLong(2)).isEqualTo(1);
      }
    }
  }

  private static String userKey(TestServer node) {
    return node.fixtures().user("member").api().key();
  }
}
