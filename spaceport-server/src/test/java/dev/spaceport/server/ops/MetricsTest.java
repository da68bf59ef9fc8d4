package dev.spaceport.server.ops;

import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.TestServer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics}: Prometheus text that parses, whose counters move with the traffic. */
class MetricsTest {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern SAMPLE = Pattern.compile(
      "(" + NAME + ")(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:\\\\.|[^\"\\\\])*\",?)*)})?"
          + " ([-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|NaN|Inf))( -?[0-9]+)?");
  private static final Pattern COMMENT =
      Pattern.compile("# (HELP|TYPE) (" + NAME + ")( .*)?");

  /** Every sample of a scrape, keyed {@code name{labels}} as written; fails on any bad line. */
  static Map<String, Double> parse(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        Matcher m = COMMENT.matcher(line);
        assertThat(m.matches()).as("comment line: %s", line).isTrue();
        if (m.group(1).equals("TYPE")) {
          assertThat(m.group(3).trim()).isIn("counter", "gauge", "histogram", "summary",
              "untyped");
          types.put(m.group(2), m.group(3).trim());
        }
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      assertThat(m.matches()).as("sample line: %s", line).isTrue();
      String name = m.group(1);
      assertThat(types.keySet()).as("a TYPE line precedes %s", name)
          .anyMatch(family -> name.equals(family) || name.startsWith(family + "_"));
      String key = name + (m.group(3) == null ? "" : "{" + m.group(3) + "}");
      samples.put(key, Double.parseDouble(m.group(4).replace("Inf", "Infinity")));
    }
    return samples;
  }

  /** The sum of every sample of {@code name} whose labels include all of {@code labels}. */
  static double value(Map<String, Double> samples, String name, String... labels) {
    double total = 0;
    for (Map.Entry<String, Double> e : samples.entrySet()) {
      String key = e.getKey();
      boolean match = key.equals(name) || key.startsWith(name + "{");
      for (String label : labels) {
        match &= key.contains(label);
      }
      if (match) {
        total += e.getValue();
      }
    }
    return total;
  }

  static Map<String, Double> scrape(TestServer server) {
    ApiResponse response = server.admin().as(null).get("/metrics").expect(200);
    assertThat(response.header("Content-Type")).startsWith("text/plain");
    return parse(response.body());
  }

  /** Request metrics are recorded as the response completes; give them a moment. */
  static Map<String, Double> scrapeUntil(TestServer server, String name, double atLeast,
      String... labels) throws InterruptedException {
    Map<String, Double> samples = scrape(server);
    for (int i = 0; i < 50 && value(samples, name, labels) < atLeast; i++) {
      Thread.sleep(20);
      samples = scrape(server);
    }
    return samples;
  }

  @Test
  void needsNoKeyAndParsesAsPrometheusText() {
    try (TestServer server = TestServer.start()) {
      Map<String, Double> samples = scrape(server);
      assertThat(samples).isNotEmpty();
      assertThat(value(samples, "jvm_memory_used_bytes")).isPositive();
      assertThat(value(samples, "process_uptime_seconds")).isPositive();
      assertThat(samples.keySet()).anyMatch(k -> k.startsWith("jvm_gc_"));
      assertThat(samples.keySet()).anyMatch(k -> k.startsWith("jvm_threads_"));
      assertThat(samples.keySet()).anyMatch(k -> k.startsWith("hikaricp_connections"));
      assertThat(samples.keySet()).anyMatch(k -> k.startsWith("spaceport_store_transactions_seconds"));
    }
  }

  @Test
  void requestCountersMoveByRouteTemplateAndStatus() throws Exception {
    try (TestServer server = TestServer.start()) {
      Api admin = server.admin();
      String org = server.fixtures().organization();
      String space = server.fixtures().space(org);
      String list = "route=\"/v2/spaces\"";
      String get = "route=\"/v2/spaces/{space_id}\"";
      Map<String, Double> before = scrape(server);
      for (int i = 0; i < 3; i++) {
        admin.get("/v2/spaces?limit=1").expect(200);
      }
      admin.get("/v2/spaces/" + seg(space)).expect(200);
      admin.get("/v2/spaces/bm90LWEtc3BhY2U6MTp4eHh4").expect(400);
      admin.get("/no/such/route").expect(404);
      double listBefore = value(before, "http_server_requests_seconds_count", list,
          "method=\"GET\"", "status=\"200\"");
      Map<String, Double> after = scrapeUntil(server, "http_server_requests_seconds_count",
          1, "route=\"unmatched\"", "status=\"404\"");
      assertThat(value(after, "http_server_requests_seconds_count", list, "method=\"GET\"",
          "status=\"200\"")).isEqualTo(listBefore + 3);
      assertThat(value(after, "http_server_requests_seconds_count", get, "status=\"200\""))
          .isEqualTo(1);
      assertThat(value(after, "http_server_requests_seconds_count", get, "status=\"400\""))
          .isEqualTo(1);
      assertThat(value(after, "http_server_requests_seconds_count", "route=\"unmatched\"",
          "status=\"404\"")).isEqualTo(1);
      // A histogram: buckets, a sum and a count, per series; no raw IDs in labels.
      assertThat(value(after, "http_server_requests_seconds_bucket", list, "method=\"GET\"",
          "status=\"200\"", "le=\"+Inf\"")).isEqualTo(listBefore + 3);
      assertThat(value(after, "http_server_requests_seconds_sum", list)).isPositive();
      assertThat(after.keySet()).noneMatch(k -> k.contains(space));

      double writes = value(after, "spaceport_store_transactions_seconds_count",
          "kind=\"write\"", "outcome=\"commit\"");
      admin.post("/v2/spaces", body("name", "metered", "organization_id", org)).expect(201);
      admin.post("/v2/spaces", body("name", "metered", "organization_id", org)).expect(409);
      admin.get("/v2/spaces/" + seg(space)).expect(200); // a read transaction
      Map<String, Double> later = scrape(server);
      assertThat(value(later, "spaceport_store_transactions_seconds_count", "kind=\"write\"",
          "outcome=\"commit\"")).isEqualTo(writes + 1);
      assertThat(value(later, "spaceport_store_transactions_seconds_count", "kind=\"write\"",
          "outcome=\"rollback\"")).isGreaterThanOrEqualTo(1);
      assertThat(value(later, "spaceport_store_transactions_seconds_count", "kind=\"read\""))
          .isGreaterThan(value(after, "spaceport_store_transactions_seconds_count",
              "kind=\"read\""));
    }
  }

  @Test
  void rateLimitRejectionsAreCounted() throws Exception {
    try (TestServer server = TestServer.start(2)) {
      int limited = 0;
      for (int i = 0; i < 8; i++) {
        if (server.admin().get("/v2/roles?limit=1").status() == 429) {
          limited++;
        }
      }
      assertThat(limited).isPositive();
      Map<String, Double> samples = scrapeUntil(server, "http_server_requests_seconds_count",
          limited, "status=\"429\"");
      assertThat(value(samples, "spaceport_ratelimit_rejections_total")).isEqualTo(limited);
      assertThat(value(samples, "http_server_requests_seconds_count", "status=\"429\""))
          .isEqualTo(limited);
    }
  }
}
