package dev.spaceport.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures.TestUser;
import dev.spaceport.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-key throttling: bursts up to twice the rate, then 429 with Retry-After (CONTRACT §1, §8).
 * The server allows one request per second per key (bursts of two), so a handful of requests
 * exceeds it however slow a busy machine makes them. Runs on both stores: the state is in memory
 * on SQLite and in the database on PostgreSQL (cluster.SharedRateLimitTest: one bucket across
 * nodes).
 */
class RateLimitTest {

  static TestServer server;
  static TestUser first;
  static TestUser second;
  static TestUser third;
  static TestUser fourth;

  @BeforeAll
  static void start() throws InterruptedException {
    server = TestServer.start(1);
    // The admin key that builds the fixtures is throttled too: wait out its 429s.
    first = newUser();
    second = newUser();
    third = newUser();
    fourth = newUser();
  }

  private static TestUser newUser() throws InterruptedException {
    for (int attempt = 0; ; attempt++) {
      try {
        return server.fixtures().user("member");
      } catch (AssertionError e) {
        if (attempt > 20 || !String.valueOf(e.getMessage()).contains("got 429")) {
          throw e;
        }
        Thread.sleep(1_100);
      }
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aKeyOverItsLimitGets429WithRetryAfterAndAProblem() {
    ApiResponse ok = first.api().get("/v2/roles?limit=1").expect(200);
    assertThat(ok.header("RateLimit-Limit")).isEqualTo("2");
    assertThat(ok.header("RateLimit-Remaining")).isEqualTo("1");
    ApiResponse limited = untilThrottled(first.api());
    assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
    assertThat(limited.json().get("status").asInt()).isEqualTo(429);
    assertThat(limited.json().get("detail").asText()).contains("1 requests per second");
    assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 2);
    assertThat(limited.header("RateLimit-Remaining")).isEqualTo("0");
  }

  @Test
  void anotherKeyKeepsItsOwnBudget() {
    untilThrottled(second.api());
    third.api().get("/v2/roles?limit=1").expect(200);
  }

  @Test
  void requestsWithoutAValidKeyAreNotCountedAgainstAnyone() {
    for (int i = 0; i < 10; i++) {
      fourth.api().as("not-a-key-at-all-xxxxxxxx").get("/v2/spaces").expect(401);
    }
    fourth.api().get("/v2/spaces").expect(200);
  }

  /** Sends requests until one is throttled; a burst of two leaves room for at most a few more. */
  private static ApiResponse untilThrottled(Api api) {
    for (int i = 0; i < 20; i++) {
      ApiResponse r = api.get("/v2/roles?limit=1");
      if (r.status() == 429) {
        return r;
      }
      r.expect(200);
    }
    throw new AssertionError("20 requests at 1 request/s were never throttled");
  }
}
