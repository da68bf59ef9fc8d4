package dev.spaceport.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures.TestUser;
import dev.spaceport.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-key throttling: bursts up to twice the rate, then 429 with Retry-After (CONTRACT §1, §8). */
class RateLimitTest {

  @Test
  void aKeyOverItsLimitGets429WithRetryAfterWhileOtherKeysAreUnaffected() {
    try (TestServer server = TestServer.start(5)) {
      Api admin = server.admin();
      List<ApiResponse> burst = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        burst.add(admin.get("/v2/roles?limit=1"));
      }
      long ok = burst.stream().filter(r -> r.status() == 200).count();
      assertThat(ok).as("a burst of up to 2 × 5 requests passes").isBetween(10L, 11L);
      ApiResponse limited = burst.get(burst.size() - 1).expect(429);
      assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
      assertThat(limited.json().get("status").asInt()).isEqualTo(429);
      assertThat(limited.json().get("detail").asText()).contains("5 requests per second");
      assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 2);
      assertThat(burst.get(0).header("RateLimit-Limit")).isEqualTo("10");
      assertThat(burst.get(0).header("RateLimit-Remaining")).isEqualTo("9");

    }
  }

  @Test
  void anotherKeyKeepsItsOwnBudget() {
    try (TestServer server = TestServer.start(5)) {
      TestUser member = server.fixtures().user("member");
      for (int i = 0; i < 12; i++) {
        server.admin().get("/v2/roles?limit=1");
      }
      server.admin().get("/v2/roles?limit=1").expect(429);
      member.api().get("/v2/roles?limit=1").expect(200);
    }
  }

  @Test
  void requestsWithoutAValidKeyAreNotCountedAgainstAnyone() {
    try (TestServer server = TestServer.start(5)) {
      for (int i = 0; i < 20; i++) {
        server.admin().as("not-a-key-at-all-xxxxxxxx").get("/v2/spaces").expect(401);
      }
      server.admin().get("/v2/spaces").expect(200);
    }
  }
}
