package dev.spaceport.server.security;

import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import dev.spaceport.server.ServerConfig;
import dev.spaceport.server.SpaceportServer;
import dev.spaceport.server.http.ErrorMapping;
import dev.spaceport.server.http.RequestIds;
import dev.spaceport.server.keys.ApiKeySecrets;
import dev.spaceport.server.store.StoreException;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.Fixtures.TestUser;
import dev.spaceport.server.testing.KeepAliveHttp;
import dev.spaceport.server.testing.TestServer;
import io.javalin.Javalin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * <b>No key material in logs or errors</b> (OWASP API2 and API8: credentials must not leak
 * through logs or error messages).
 *
 * <p>A representative run — a first start that generates the admin key, keys minted, created,
 * refreshed with and without grace, deleted and then used; authentication failures of every kind;
 * errors of every kind, each with keys carried in the Authorization header, other headers, the
 * path, the query and the body; throttling; Jetty's own refusals; and a real server fault (which
 * is logged, with its path) on a path holding a key — runs with an appender on the root logger (and Spaceport's own
 * loggers at TRACE, so a key logged at any level is caught). Then: no log line (message, stack
 * trace, logger, thread) contains any secret of the run or anything shaped like a key, and no
 * Problem contains a secret or the request's Authorization value.
 */
class KeyMaterialInLogsTest {

  private static final Pattern KEY_SHAPE = Pattern.compile("spk_[0-9A-Za-z]{20,}");

  /** Everything logged, formatted as an operator would see it. */
  private static final class Capture extends AppenderBase<ILoggingEvent> {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
      StringBuilder line = new StringBuilder().append(event.getLevel()).append(' ')
          .append(event.getThreadName()).append(' ').append(event.getLoggerName()).append(" - ")
          .append(event.getFormattedMessage());
      event.getMDCPropertyMap().forEach((k, v) -> line.append(' ').append(k).append('=')
          .append(v));
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        line.append("\n").append(t.getClassName()).append(": ").append(t.getMessage());
        for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
          line.append("\n\t").append(frame.getSTEAsString());
        }
      }
      lines.add(line.toString());
    }
  }

  /** A response, and the Authorization header it was sent with. */
  private record Exchange(ApiResponse response, String authorization) {}

  private final Set<String> secrets = new LinkedHashSet<>();
  private final List<Exchange> exchanges = new ArrayList<>();

  @Test
  void noSecretInAnyLogLineAndNoSecretOrAuthorizationValueInAnyProblem() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    Logger ours = context.getLogger("dev.spaceport");
    Level oursBefore = ours.getLevel();
    Capture capture = new Capture();
    capture.setContext(context);
    capture.start();
    root.addAppender(capture);
    ours.setLevel(Level.TRACE);
    try {
      firstStartWithAGeneratedKey();
      try (TestServer server = TestServer.start()) {
        secrets.add(TestServer.ADMIN_KEY);
        representativeRun(server);
      }
      try (TestServer throttled = TestServer.start(2)) {
        Api admin = throttled.admin();
        for (int i = 0; i < 12; i++) {
          record(admin.get("/v2/spaces"), admin.key());
        }
        assertThat(exchanges).extracting(e -> e.response().status()).contains(429);
      }
      aServerFaultOnAPathThatHoldsAKey();
    } finally {
      root.detachAppender(capture);
      ours.setLevel(oursBefore);
      capture.stop();
    }

    assertThat(secrets).hasSizeGreaterThan(10);
    assertThat(capture.lines).as("something was logged at all").isNotEmpty();
    List<String> leaks = new ArrayList<>();
    for (String line : capture.lines) {
      for (String secret : secrets) {
        if (line.contains(secret)) {
          leaks.add("log line holds a secret: " + line);
        }
      }
      if (KEY_SHAPE.matcher(line).find()) {
        leaks.add("log line holds something shaped like a key: " + line);
      }
    }
    for (Exchange e : exchanges) {
      ApiResponse r = e.response();
      if (r.status() < 400) {
        continue;
      }
      for (String secret : secrets) {
        if (r.body().contains(secret)) {
          leaks.add("Problem holds a secret: " + r);
        }
      }
      String credential = e.authorization() == null ? null
          : e.authorization().substring(e.authorization().indexOf(' ') + 1).trim();
      if (credential != null && credential.length() >= 8 && r.body().contains(credential)) {
        leaks.add("Problem holds the Authorization value: " + r);
      }
    }
    assertThat(leaks).isEmpty();
  }

  /** The bootstrap with no configured key: the server generates one (and must not log it). */
  private void firstStartWithAGeneratedKey() throws Exception {
    Path dir = Files.createTempDirectory("spaceport-logs-");
    try (SpaceportServer server = SpaceportServer.start(ServerConfig.embedded(dir, 0, null))) {
      String key = server.generatedAdminKey().orElseThrow();
      secrets.add(key);
      Api api = new Api("http://127.0.0.1:" + server.port(), key);
      record(api.get("/v2/users"), key);
      record(api.as(key + "x").get("/v2/users"), key + "x");
    }
  }

  private void representativeRun(TestServer server) {
    Api admin = server.admin();
    Fixtures fx = server.fixtures();
    String org = fx.organization();
    String space = fx.space(org);
    TestUser member = fx.user("member");
    secrets.add(member.api().key());
    fx.addToOrganization(org, member.id(), "member");

    // Keys minted, created, refreshed (with and without grace), deleted, then used.
    for (int i = 0; i < 3; i++) {
      ApiResponse minted = admin.post("/v2/users/" + seg(member.id()) + "/api-keys",
          body("name", "minted " + i));
      secrets.add(minted.text("key"));
    }
    ApiResponse own = member.api().post("/v2/api-keys", body("name", "own")).expect(201);
    secrets.add(own.text("key"));
    ApiResponse graced = member.api().post("/v2/api-keys/" + seg(own.id()) + "/refresh",
        body("grace_period_seconds", 60)).expect(200);
    secrets.add(graced.text("key"));
    record(admin.as(own.text("key")).get("/v2/spaces"), own.text("key")); // in its grace
    ApiResponse rotated = member.api().post("/v2/api-keys/" + seg(own.id()) + "/refresh", "{}")
        .expect(200);
    secrets.add(rotated.text("key"));
    record(admin.as(graced.text("key")).get("/v2/spaces"), graced.text("key"));
    member.api().delete("/v2/api-keys/" + seg(own.id())).expect(204);
    for (String dead : List.of(own.text("key"), graced.text("key"), rotated.text("key"))) {
      record(admin.as(dead).get("/v2/spaces"), dead);
      record(admin.as(dead).post("/v2/spaces", body("name", "x", "organization_id", org)), dead);
    }
    String forged = ApiKeySecrets.generate();
    secrets.add(forged);

    // Authentication failures of every kind, with real keys garbled.
    String key = member.api().key();
    for (String header : List.of(key, "Bearer " + key + "x", "Bearer x" + key, "Basic " + key,
        "Bearer " + key.toUpperCase(), "Bearer " + forged, "Bearer " + key + " " + key,
        "Token " + key)) {
      record(admin.as(null).send("GET", "/v2/spaces", null, Map.of("Authorization", header)),
          header);
    }

    // Errors of every kind, with the caller's own key (and another's) carried everywhere.
    Api api = member.api();
    String other = secrets.stream().filter(s -> s.startsWith("spk_") && !s.equals(key))
        .findFirst().orElseThrow();
    for (String carried : List.of(key, other)) {
      String e = seg(carried);
      Map<String, String> json = Map.of("Content-Type", "application/json");
      record(api.get("/v2/spaces/" + e), key);
      record(api.get("/v2/" + e), key);
      record(api.get("/v2/spaces?cursor=" + e + "&name=" + e), key);
      record(api.get("/v2/spaces?org_id=" + e), key);
      record(api.get("/v2/spaces?limit=" + e), key);
      record(api.delete("/v2/api-keys/" + e), key);
      record(api.post("/v2/organizations", body("name", carried)), key);
      record(api.post("/v2/spaces", body("name", carried, "organization_id", "garbage")), key);
      record(api.post("/v2/spaces", body("name", "n", "organization_id", carried)), key);
      record(api.post("/v2/organizations", "{\"" + carried + "\": 1}"), key);
      record(api.post("/v2/organizations", "{\"name\": " + carried + "}"), key);
      record(api.post("/v2/roles", body("name", "r", "permissions", List.of(carried))), key);
      record(api.post("/v2/users", body("name", "n", "email", carried, "role",
          Map.of("type", "predefined", "name", "member"), "invite_mode", "none")), key);
      record(api.send("POST", "/v2/spaces", "{", Map.of("Content-Type", "application/json",
          "Idempotency-Key", carried, "X-Request-Id", carried, "X-Api-Key", carried)), key);
      record(api.send("POST", "/v2/spaces", Checks.json(body("name", "idem",
          "organization_id", org)), Map.of("Content-Type", "application/json",
          "Idempotency-Key", carried)), key);
      record(api.send("POST", "/v2/spaces", Checks.json(body("name", "idem2",
          "organization_id", org)), Map.of("Content-Type", "application/json",
          "Idempotency-Key", carried)), key);
      record(api.sendBytes("POST", "/v2/organizations", ("{\"name\":\"" + carried + "\"}"
          + " ".repeat(70_000)).getBytes(StandardCharsets.UTF_8), json), key);
      record(api.send("PUT", "/v2/spaces/" + e, "{}", json), key);
      record(api.send("GET", "/v2/spaces", null, Map.of("X-Request-Id", carried)), key);
    }
    // Jetty's own refusals, with the key in the URL and in headers.
    try (KeepAliveHttp http = new KeepAliveHttp(admin.baseUrl())) {
      String auth = "Authorization: Bearer " + key;
      List<KeepAliveHttp.Exchange> raw = List.of(
          http.send("GET", ("/v2/spaces/%ZZ" + key).getBytes(StandardCharsets.US_ASCII),
              List.of(auth), null),
          http.send("GET", ("/v2/spaces?name=" + key + "n".repeat(20_000))
              .getBytes(StandardCharsets.US_ASCII), List.of(auth), null),
          http.send("GET", "/v2/spaces".getBytes(StandardCharsets.US_ASCII),
              List.of(auth, "X-Big: " + key + "b".repeat(20_000)), null),
          http.send("GET", "/v2/spaces".getBytes(StandardCharsets.US_ASCII),
              List.of(auth + "\u0001"), null),
          http.send("GET", "/v2/spaces".getBytes(StandardCharsets.US_ASCII),
              List.of(auth, "Host: " + key), null),
          http.send("GET", ("/v2/spaces\n" + key).getBytes(StandardCharsets.US_ASCII),
              List.of(auth), null));
      for (KeepAliveHttp.Exchange x : raw) {
        record(KeepAliveHttp.toApiResponse("GET", "/v2/spaces", x, false), "Bearer " + key);
      }
    }
  }

  /** A store failure behind the server's own error mapping, on a path that holds a key. */
  private void aServerFaultOnAPathThatHoldsAKey() {
    String key = ApiKeySecrets.generate();
    secrets.add(key);
    Javalin app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      c.jetty.host = "127.0.0.1";
      c.routes.before(RequestIds::assign);
      c.routes.get("/v2/spaces/{id}", ctx -> {
        throw new StoreException("database error: [SQLITE_BUSY] the database is locked", null);
      });
      ErrorMapping.register(c.routes);
    }).start(0);
    try {
      Api api = new Api("http://127.0.0.1:" + app.port(), key);
      ApiResponse r = api.send("GET", "/v2/spaces/" + key, null, Map.of());
      assertThat(r.status()).isEqualTo(503);
      record(r, "Bearer " + key);
    } finally {
      app.stop();
    }
  }

  private void record(ApiResponse response, String authorization) {
    exchanges.add(new Exchange(response, authorization));
  }
}
