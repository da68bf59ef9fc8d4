package dev.spaceport.server.security;

import static dev.spaceport.server.security.Checks.assertProblem;
import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spaceport.server.SpaceportServer;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.Fixtures.TestUser;
import dev.spaceport.server.testing.OpenApiContract;
import dev.spaceport.server.testing.KeepAliveHttp;
import dev.spaceport.server.testing.TestServer;
import io.javalin.Javalin;
import io.javalin.router.ParsedEndpoint;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * <b>OWASP API9:2023 — Improper Inventory Management.</b>
 *
 * <p>openapi.yaml is the inventory, and it is complete in both directions: every operation it
 * lists is served (probed with real IDs, it never answers "no such route" or 405), and every
 * route the server has registered is listed (read from the running router itself, so a route
 * added without documentation fails here). Around the inventory nothing else answers: old or
 * guessed API versions, admin/debug/metrics-style paths, static files, trailing-slash and case
 * variants are 404 Problems; methods an operation doesn't document (HEAD, OPTIONS, TRACE, PUT,
 * QUERY, …) are 405 Problems.
 */
class Api9InventoryTest {

  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE",
      "HEAD", "OPTIONS", "TRACE", "QUERY");

  private static TestServer server;
  private static Api admin;
  private static Fixtures fx;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.admin();
    fx = server.fixtures();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** The documented operations as "METHOD /template". */
  private static Set<String> documented() {
    return new TreeSet<>(OpenApiContract.get().operationKeys());
  }

  @Test
  void everyRouteTheServerRegisteredIsDocumentedAndViceVersa() throws Exception {
    Field inner = TestServer.class.getDeclaredField("server");
    inner.setAccessible(true);
    Field http = SpaceportServer.class.getDeclaredField("http");
    http.setAccessible(true);
    Javalin javalin = (Javalin) http.get(inner.get(server));
    Set<String> registered = new TreeSet<>();
    for (ParsedEndpoint e : javalin.unsafe.internalRouter.allHttpHandlers()) {
      if (e.endpoint.method.isHttpMethod()) {
        registered.add(e.endpoint.method.name() + " " + e.endpoint.path);
      }
    }
    assertThat(registered).as("routes the server registered, against openapi.yaml")
        .containsExactlyInAnyOrderElementsOf(documented());
  }

  @Test
  void everyDocumentedOperationIsServed() {
    String org = fx.organization();
    String space = fx.space(org);
    TestUser user = fx.user("member");
    fx.addToOrganization(org, user.id(), "member");
    String role = fx.role(List.of("SPACE_READ"));
    String binding = admin.post("/v2/role-bindings", body("role_id", role, "user_id", user.id(),
        "resource_type", "SPACE", "resource_id", space)).expect(201).id();
    String key = admin.post("/v2/api-keys", body("name", "inventory")).expect(201).id();
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("{space_id}", space);
    ids.put("{org_id}", org);
    ids.put("{user_id}", user.id());
    ids.put("{role_id}", role);
    ids.put("{binding_id}", binding);
    ids.put("{api_key_id}", key);
    List<String> failures = new ArrayList<>();
    // Reads and writes first, deletes last (a delete would take a later probe's target).
    List<String> operations = documented().stream()
        .sorted((a, b) -> Boolean.compare(a.startsWith("DELETE"), b.startsWith("DELETE")))
        .toList();
    for (String operation : operations) {
      String method = operation.split(" ")[0];
      String path = operation.split(" ")[1];
      for (Map.Entry<String, String> id : ids.entrySet()) {
        path = path.replace(id.getKey(), seg(id.getValue()));
      }
      if (path.equals("/v2/role-bindings") && method.equals("GET")) {
        path += "?resource_type=SPACE";
      }
      String json = method.equals("POST") || method.equals("PATCH") ? "{}" : null;
      ApiResponse r = admin.send(method, path, json, Map.of("Content-Type", "application/json"));
      boolean routeMissing = r.status() == 405 || r.status() == 404
          && r.json() != null && r.text("detail").contains(path.split("\\?")[0]);
      if (routeMissing || r.status() >= 500) {
        failures.add(operation + " -> " + r);
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void nothingOutsideTheInventoryAnswers() {
    String space = fx.space(fx.organization());
    List<String> paths = new ArrayList<>(List.of("/", "/v1/spaces", "/v3/spaces", "/api/v2/spaces",
        "/v2", "/v2/", "/V2/spaces", "/v2/Spaces", "/v2/SPACES", "/v2/space", "/v2/spaces.json",
        "/v2/projects", "/v2/service-keys", "/v2/admin", "/v2/debug", "/v2/metrics",
        "/v2/organizations/x/spaces", "/admin", "/debug", "/metrics", "/actuator",
        "/actuator/health", "/health", "/status", "/version", "/info", "/env", "/console",
        "/swagger-ui", "/swagger-ui.html", "/docs", "/openapi.json", "/openapi.yml",
        "/openapi.yaml/", "/healthz/", "/readyz/", "/.env", "/.git/config", "/WEB-INF/web.xml",
        "/META-INF/MANIFEST.MF", "/logback.xml", "/db/migration/V1__identity_and_spaces.sql",
        "/favicon.ico", "/robots.txt", "/server-status", "/jmx", "/heapdump", "/threaddump"));
    // Trailing-slash and case variants of every documented path.
    for (String operation : documented()) {
      String template = operation.split(" ")[1].replace("{space_id}", seg(space))
          .replaceAll("\\{[a-z_]+}", "x");
      if (template.startsWith("/v2/")) {
        paths.add(template + "/");
        paths.add(template.toUpperCase());
      }
    }
    Set<String> documented = documented();
    paths.removeIf(path -> documented.contains("GET " + path));
    List<String> failures = new ArrayList<>();
    for (String path : paths.stream().distinct().collect(Collectors.toList())) {
      ApiResponse r = admin.get(path);
      if (r.status() != 404 && !(path.startsWith("/v2/") && r.status() == 400)) {
        failures.add("GET " + path + " -> " + r);
      } else {
        assertProblem(r, r.status());
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void undocumentedMethodsOnDocumentedPathsAre405() {
    Set<String> documented = documented();
    Map<String, List<String>> byPath = new LinkedHashMap<>();
    for (String operation : documented) {
      byPath.computeIfAbsent(operation.split(" ")[1], k -> new ArrayList<>())
          .add(operation.split(" ")[0]);
    }
    String space = fx.space(fx.organization());
    List<String> failures = new ArrayList<>();
    try (KeepAliveHttp http = new KeepAliveHttp(admin.baseUrl())) {
      byPath.forEach((template, methods) -> {
        String path = template.replace("{space_id}", seg(space))
            .replaceAll("\\{[a-z_]+}", seg(Checks.missing("Space")));
        for (String method : METHODS) {
          if (methods.contains(method)) {
            continue;
          }
          // Raw, because java.net.http refuses some of these methods.
          boolean bodiless = method.equals("HEAD") || method.equals("GET")
              || method.equals("TRACE");
          KeepAliveHttp.Exchange e = http.send(method, path.getBytes(StandardCharsets.US_ASCII),
              List.of("Authorization: Bearer " + admin.key(), "Content-Type: application/json"),
              bodiless ? null : "{}".getBytes(StandardCharsets.US_ASCII));
          if (e.status() != 405) {
            failures.add(method + " " + template + " -> " + e.status() + " " + e.text());
          } else if (!method.equals("HEAD")) {
            ApiResponse r = KeepAliveHttp.toApiResponse(method, path, e, true);
            assertProblem(r, 405);
          }
        }
      });
    }
    assertThat(failures).isEmpty();
  }
}
