package dev.spaceport.server.security;

import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spaceport.server.http.ApiProblem;
import dev.spaceport.server.http.ErrorMapping;
import dev.spaceport.server.http.RequestIds;
import dev.spaceport.server.keys.ApiKeySecrets;
import dev.spaceport.server.store.StoreException;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.KeepAliveHttp;
import dev.spaceport.server.testing.KeepAliveHttp.Exchange;
import dev.spaceport.server.testing.TestServer;
import io.javalin.Javalin;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * <b>OWASP API8:2023 — Security Misconfiguration.</b>
 *
 * <ul>
 *   <li>No response — success, Problem, or an error Jetty answers before routing — names the
 *       server software or its version ({@code Server}, {@code X-Powered-By}, bodies).</li>
 *   <li>No Problem shows internals: no stack trace, exception or class name, SQL; a real 500 and
 *       503 (a route that throws) answer a fixed sentence with the request ID only.</li>
 *   <li>No error echoes the caller's key, wherever the request carried it (Authorization, path,
 *       query, body, other headers).</li>
 *   <li>Responses that carry a key secret (and every other {@code /v2} response) say
 *       {@code Cache-Control: no-store}; there is no permissive CORS and no TRACE.</li>
 * </ul>
 */
class Api8SecurityMisconfigurationTest {

  private static final List<String> INTERNALS = List.of("exception", "java.", "javax.",
      "jakarta.", "dev.spaceport", "com.fasterxml", "org.eclipse", "jetty", "javalin", "sqlite",
      "sqlstate", "postgres", "select ", "insert ", "\tat ", "stack", "hikari", "jdbc", "kotlin");

  private static TestServer server;
  private static Api admin;
  private static String space;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
    space = server.fixtures().space(server.fixtures().organization());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Requests of every outcome, on one raw connection, keyed by what they are. */
  private static Map<String, Exchange> everyKindOfAnswer(String key) {
    Map<String, Exchange> answers = new LinkedHashMap<>();
    String auth = "Authorization: Bearer " + key;
    String json = "Content-Type: application/json";
    try (KeepAliveHttp http = new KeepAliveHttp(admin.baseUrl())) {
      answers.put("200 list", http.send("GET", b("/v2/spaces"), List.of(auth), null));
      answers.put("201 create", http.send("POST", b("/v2/api-keys"), List.of(auth, json),
          b("{\"name\":\"k\"}")));
      answers.put("healthz", http.send("GET", b("/healthz"), List.of(), null));
      answers.put("readyz", http.send("GET", b("/readyz"), List.of(), null));
      answers.put("openapi", http.send("GET", b("/openapi.yaml"), List.of(), null));
      answers.put("400 json", http.send("POST", b("/v2/organizations"), List.of(auth, json),
          b("{\"name\": tru")));
      answers.put("400 type", http.send("POST", b("/v2/organizations"), List.of(auth, json),
          b("{\"name\": [1]}")));
      answers.put("400 id", http.send("GET", b("/v2/spaces/not-an-id"), List.of(auth), null));
      answers.put("400 cursor", http.send("GET", b("/v2/spaces?cursor=AAAA"), List.of(auth),
          null));
      answers.put("401", http.send("GET", b("/v2/spaces"), List.of("Authorization: Bearer x"),
          null));
      answers.put("403", http.send("DELETE", b("/v2/roles/" + seg(Checks.id("Role", 1,
          "Pdf1"))), List.of(auth), null));
      answers.put("404 route", http.send("GET", b("/v2/nowhere"), List.of(auth), null));
      answers.put("404 thing", http.send("GET", b("/v2/spaces/" + seg(Checks.missing("Space"))),
          List.of(auth), null));
      answers.put("405", http.send("PUT", b("/v2/spaces"), List.of(auth, json), b("{}")));
      answers.put("405 TRACE", http.send("TRACE", b("/v2/spaces"), List.of(auth), null));
      answers.put("409", http.send("POST", b("/v2/roles"), List.of(auth, json),
          b("{\"name\":\"admin\",\"permissions\":[\"SPACE_READ\"]}")));
      answers.put("413", http.send("POST", b("/v2/organizations"), List.of(auth, json),
          new byte[70_000]));
      answers.put("415", http.send("POST", b("/v2/organizations"), List.of(auth,
          "Content-Type: text/plain"), b("{}")));
      answers.put("422", http.send("POST", b("/v2/users"), List.of(auth, json), b(
          "{\"name\":\"n\",\"email\":\"e@example.com\",\"role\":{\"type\":\"predefined\","
              + "\"name\":\"member\"},\"invite_mode\":\"email_link\"}")));
      answers.put("400 bad URI", http.send("GET", b("/v2/spaces/%ZZ"), List.of(auth), null));
      answers.put("400 bad header", http.send("GET", b("/v2/spaces"), List.of(auth,
          "Bad Header: x"), null));
      answers.put("400 request line", http.send("GET", b("/v2/spaces\nX"), List.of(auth),
          null));
      answers.put("414", http.send("GET", b("/v2/spaces?name=" + "n".repeat(20_000)),
          List.of(auth), null));
      answers.put("431", http.send("GET", b("/v2/spaces"), List.of(auth, "X-Big: "
          + "b".repeat(20_000)), null));
    }
    return answers;
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void noResponseNamesTheServerSoftware() {
    List<String> failures = new ArrayList<>();
    everyKindOfAnswer(admin.key()).forEach((what, e) -> {
      for (String header : List.of("Server", "X-Powered-By", "X-AspNet-Version",
          "X-Jetty-Version")) {
        if (e.header(header) != null) {
          failures.add(what + ": " + header + ": " + e.header(header));
        }
      }
      e.headers().map().forEach((name, values) -> values.forEach(v -> {
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.contains("jetty") || lower.contains("javalin")) {
          failures.add(what + ": header " + name + ": " + v);
        }
      }));
      String text = e.text().toLowerCase(Locale.ROOT);
      if (!what.equals("openapi") && (text.contains("jetty") || text.contains("javalin")
          || text.contains("<html"))) {
        failures.add(what + ": body " + e.text());
      }
    });
    assertThat(failures).isEmpty();
  }

  @Test
  void problemsShowNoInternalsAndNeverEchoTheKey() {
    String key = admin.key();
    List<String> failures = new ArrayList<>();
    everyKindOfAnswer(key).forEach((what, e) -> {
      if (e.status() < 400) {
        return;
      }
      if (!String.valueOf(e.header("Content-Type")).startsWith("application/problem+json")) {
        failures.add(what + ": not a Problem: " + e.header("Content-Type"));
      }
      String detail = e.text().toLowerCase(Locale.ROOT);
      for (String internal : INTERNALS) {
        if (detail.contains(internal)) {
          failures.add(what + ": shows '" + internal + "': " + e.text());
        }
      }
      if (e.text().contains(key)) {
        failures.add(what + ": echoes the key: " + e.text());
      }
    });
    assertThat(failures).isEmpty();
  }

  @Test
  void errorsNeverEchoAKeyWhereverTheRequestCarriedIt() {
    // A minted key, and the bootstrap key, each carried everywhere a request can carry text.
    String minted = admin.post("/v2/api-keys", body("name", "echo")).expect(201).text("key");
    List<String> failures = new ArrayList<>();
    for (String key : List.of(minted, admin.key())) {
      Api as = admin.as(key);
      String encoded = seg(key);
      List<ApiResponse> errors = List.of(
          as.get("/v2/spaces/" + encoded),
          as.get("/v2/" + encoded),
          as.get("/v2/spaces/" + seg(space) + "/" + encoded),
          as.delete("/v2/api-keys/" + encoded),
          as.get("/v2/spaces?cursor=" + encoded),
          as.get("/v2/spaces?org_id=" + encoded),
          as.get("/v2/spaces?limit=" + encoded),
          as.get("/v2/users?status=" + encoded),
          as.get("/v2/api-keys?key_type=" + encoded),
          as.get("/v2/roles?is_predefined=" + encoded),
          as.get("/v2/role-bindings?resource_type=" + encoded),
          as.post("/v2/organizations", body("name", 1, key, "x")),
          as.post("/v2/organizations", "{\"" + key + "\": 1}"),
          as.post("/v2/organizations", "{\"name\": " + key + "}"),
          as.post("/v2/organizations", key),
          as.post("/v2/spaces", body("name", "n", "organization_id", key)),
          as.post("/v2/users", body("name", "n", "email", key, "role",
              Map.of("type", "predefined", "name", key), "invite_mode", key)),
          as.post("/v2/roles", body("name", "r", "permissions", List.of(key))),
          as.post("/v2/role-bindings", body("role_id", key, "user_id", key,
              "resource_type", key, "resource_id", key)),
          as.post("/v2/api-keys", body("name", "n", "expires_at", key)),
          as.send("POST", "/v2/organizations", "{", Map.of("Content-Type",
              "application/json", "Idempotency-Key", key, "X-Request-Id", key)),
          as.send("POST", "/v2/organizations", "{}", Map.of("Content-Type", key)));
      for (ApiResponse r : errors) {
        if (r.status() < 400) {
          failures.add("not refused: " + r);
        } else if (r.body().contains(key)) {
          failures.add("echoes the key: " + r);
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void aRealServerFaultAnswersAFixedSentence() {
    String secret = ApiKeySecrets.generate();
    Javalin app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      c.jetty.host = "127.0.0.1";
      c.routes.before(RequestIds::assign);
      c.routes.get("/boom", ctx -> {
        throw new IllegalStateException("SELECT key_hash FROM api_keys WHERE key = '" + secret
            + "' at dev.spaceport.server.Secret");
      });
      c.routes.get("/store", ctx -> {
        throw new StoreException("database error: [SQLITE_BUSY] " + secret, null);
      });
      c.routes.get("/problem", ctx -> {
        throw ApiProblem.badRequest("fine");
      });
      ErrorMapping.register(c.routes);
    }).start(0);
    try (KeepAliveHttp http = new KeepAliveHttp("http://127.0.0.1:" + app.port())) {
      for (String path : List.of("/boom", "/store")) {
        Exchange e = http.send("GET", b(path), List.of(), null);
        assertThat(e.status()).isEqualTo(path.equals("/boom") ? 500 : 503);
        assertThat(e.header("Content-Type")).startsWith("application/problem+json");
        String text = e.text();
        assertThat(text).doesNotContain(secret).doesNotContain("SELECT").doesNotContain("SQLITE")
            .doesNotContain("Exception").doesNotContain("dev.spaceport").doesNotContain("\tat ");
        if (path.equals("/boom")) {
          assertThat(text).contains(e.header("X-Request-Id"));
        }
      }
    } finally {
      app.stop();
    }
  }

  @Test
  void secretsAreNotCacheableAndThereIsNoPermissiveCors() {
    ApiResponse created = admin.send("POST", "/v2/api-keys", Checks.json(body("name", "c")),
        Map.of("Content-Type", "application/json", "Origin", "https://evil.example"));
    created.expect(201);
    assertThat(created.header("Cache-Control")).as("Cache-Control of a key").contains("no-store");
    for (ApiResponse r : List.of(created,
        admin.send("GET", "/v2/spaces", null, Map.of("Origin", "https://evil.example")),
        admin.send("OPTIONS", "/v2/spaces", null, Map.of("Origin", "https://evil.example",
            "Access-Control-Request-Method", "DELETE")))) {
      assertThat(r.header("Access-Control-Allow-Origin")).as("ACAO of %s", r).isNull();
      assertThat(r.header("Access-Control-Allow-Credentials")).as("ACAC of %s", r).isNull();
    }
    assertThat(admin.get("/v2/spaces").header("Cache-Control")).contains("no-store");
    assertThat(admin.as(null).get("/v2/spaces").header("Cache-Control")).contains("no-store");
  }
}
