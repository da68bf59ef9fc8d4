package dev.spaceport.server.ops;

import static dev.spaceport.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.RawHttp;
import dev.spaceport.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * One request ID everywhere: the {@code X-Request-Id} response header, the Problem's
 * {@code instance}, the access log line (with route, status, duration and the key's public ID —
 * never the key), and every application log line written while the request runs (MDC) — also
 * for the requests Jetty refuses itself before they reach a route.
 */
class RequestIdLoggingTest {

  static TestServer server;
  static Api admin;
  static String adminKeyId;
  static ListAppender<ILoggingEvent> captured = new ListAppender<>();
  static LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  static Logger access = context.getLogger(AccessLog.LOGGER);
  static Logger audit = context.getLogger("dev.spaceport.server.audit");
  static Level auditLevel;

  @BeforeAll
  static void start() {
    captured.setContext(context);
    captured.start();
    access.addAppender(captured);
    auditLevel = audit.getLevel();
    audit.setLevel(Level.DEBUG);
    audit.addAppender(captured);
    server = TestServer.start();
    admin = server.admin();
    adminKeyId = admin.get("/v2/api-keys").expect(200).json().get("api_keys").get(0).get("id")
        .asText();
  }

  @AfterAll
  static void stop() {
    server.close();
    access.detachAppender(captured);
    audit.detachAppender(captured);
    audit.setLevel(auditLevel);
  }

  /** The captured events matching {@code test}, waiting briefly for the access line. */
  static List<ILoggingEvent> events(Predicate<ILoggingEvent> test) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      List<ILoggingEvent> found;
      synchronized (captured) {
        found = List.copyOf(captured.list).stream().filter(test).toList();
      }
      if (!found.isEmpty()) {
        return found;
      }
      Thread.sleep(20);
    }
    return List.of();
  }

  /** Strict: a duplicate key (a field both in the MDC and the line) would fail here. */
  static final com.fasterxml.jackson.databind.ObjectMapper STRICT =
      new com.fasterxml.jackson.databind.ObjectMapper()
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  static JsonNode asJson(ILoggingEvent event) throws Exception {
    byte[] line = Logging.encoder(LogFormat.JSON, context).encode(event);
    return STRICT.readTree(new String(line, StandardCharsets.UTF_8));
  }

  static String asText(ILoggingEvent event) {
    return new String(Logging.encoder(LogFormat.TEXT, context).encode(event),
        StandardCharsets.UTF_8);
  }

  static Predicate<ILoggingEvent> accessLineOf(String requestId) {
    return e -> e.getLoggerName().equals(AccessLog.LOGGER)
        && e.getFormattedMessage().contains("request_id=" + requestId);
  }

  @Test
  void theRequestIdIsInTheHeaderTheProblemAndTheAccessLogLine() throws Exception {
    ApiResponse response = admin.send("GET", "/v2/spaces/bm90LWEtc3BhY2U6MTp4eHh4", null,
        Map.of("X-Request-Id", "trace-me-123")).expect(400);
    assertThat(response.header("X-Request-Id")).isEqualTo("trace-me-123");
    assertThat(response.json().get("instance").asText()).isEqualTo("urn:request:trace-me-123");

    List<ILoggingEvent> lines = events(accessLineOf("trace-me-123"));
    assertThat(lines).hasSize(1);
    JsonNode json = asJson(lines.get(0));
    assertThat(json.get("request_id").asText()).isEqualTo("trace-me-123");
    assertThat(json.get("method").asText()).isEqualTo("GET");
    assertThat(json.get("route").asText()).isEqualTo("/v2/spaces/{space_id}");
    assertThat(json.get("path").asText()).isEqualTo("/v2/spaces/bm90LWEtc3BhY2U6MTp4eHh4");
    assertThat(json.get("status").asInt()).isEqualTo(400);
    assertThat(json.get("duration_ms").isNumber()).isTrue();
    assertThat(json.get("key_id").asText()).isEqualTo(adminKeyId);
    assertThat(json.get("level").asText()).isEqualTo("INFO");
    assertThat(json.has("@timestamp")).isTrue();
    String text = asText(lines.get(0));
    assertThat(text).contains("request_id=trace-me-123", "status=400",
        "route=/v2/spaces/{space_id}", "key_id=" + adminKeyId);
    for (String rendered : List.of(json.toString(), text)) {
      assertThat(rendered).doesNotContain(TestServer.ADMIN_KEY);
    }
  }

  @Test
  void aRequestWithoutAnIdGetsOneAndUnauthenticatedLinesHaveNoKey() throws Exception {
    ApiResponse response = admin.as(null).get("/v2/spaces").expect(401);
    String id = response.header("X-Request-Id");
    assertThat(id).isNotBlank();
    assertThat(response.json().get("instance").asText()).isEqualTo("urn:request:" + id);
    JsonNode json = asJson(events(accessLineOf(id)).get(0));
    assertThat(json.get("status").asInt()).isEqualTo(401);
    assertThat(json.get("route").asText()).isEqualTo("/v2/spaces");
    assertThat(json.get("key_id").asText()).isEqualTo("-");
  }

  @Test
  void applicationLogLinesDuringARequestCarryItsIds() throws Exception {
    admin.send("POST", "/v2/organizations", Api.JSON.writeValueAsString(body("name", "mdc-org")),
        Map.of("X-Request-Id", "mdc-456", "Content-Type", "application/json")).expect(201);
    List<ILoggingEvent> auditLines = events(e -> e.getLoggerName().startsWith(
        "dev.spaceport.server.audit") && "mdc-456".equals(e.getMDCPropertyMap().get("request_id")));
    assertThat(auditLines).hasSize(1);
    ILoggingEvent line = auditLines.get(0);
    assertThat(line.getMDCPropertyMap()).containsEntry("key_id", adminKeyId);
    JsonNode json = asJson(line);
    assertThat(json.get("request_id").asText()).isEqualTo("mdc-456");
    assertThat(json.get("message").asText()).contains("organization.create");
    assertThat(asText(line)).contains("[mdc-456]");
    // The access line of that request has each field once (valid JSON, no duplicate keys).
    JsonNode accessLine = asJson(events(accessLineOf("mdc-456")).get(0));
    assertThat(accessLine.get("status").asInt()).isEqualTo(201);
    assertThat(accessLine.get("route").asText()).isEqualTo("/v2/organizations");
  }

  @Test
  void requestsJettyRefusesBeforeRoutingCarryAnIdToo() throws Exception {
    // A path Jetty rejects once parsed: refused before any route, with the client's ID kept.
    ApiResponse badPath = RawHttp.send(admin.baseUrl(), "GET",
        "/v2/spaces/a%5Cb".getBytes(StandardCharsets.US_ASCII),
        List.of("Authorization: Bearer " + admin.key(), "X-Request-Id: jetty-refused-1"), null)
        .expect(400);
    assertThat(badPath.header("X-Request-Id")).isEqualTo("jetty-refused-1");
    assertThat(badPath.json().get("instance").asText()).isEqualTo("urn:request:jetty-refused-1");
    JsonNode line = asJson(events(accessLineOf("jetty-refused-1")).get(0));
    assertThat(line.get("status").asInt()).isEqualTo(400);
    assertThat(line.get("method").asText()).isEqualTo("GET");
    assertThat(line.get("route").asText()).isEqualTo(AccessLog.UNMATCHED);
    assertThat(line.get("key_id").asText()).isEqualTo("-");
    assertThat(line.toString()).doesNotContain(TestServer.ADMIN_KEY);

    // A target Jetty cannot even parse: the client's ID is unknown, so it gets a fresh one.
    ApiResponse badUri = RawHttp.send(admin.baseUrl(), "GET",
        "/v2/spaces/%ZZ".getBytes(StandardCharsets.US_ASCII),
        List.of("X-Request-Id: never-read"), null).expect(400);
    String fresh = badUri.header("X-Request-Id");
    assertThat(fresh).isNotBlank().isNotEqualTo("never-read");
    assertThat(badUri.json().get("instance").asText()).isEqualTo("urn:request:" + fresh);
    assertThat(asJson(events(accessLineOf(fresh)).get(0)).get("status").asInt()).isEqualTo(400);
  }
}
