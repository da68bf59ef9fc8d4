package dev.spaceport.server.security;

import static dev.spaceport.server.security.Checks.assertProblem;
import static dev.spaceport.server.testing.Api.body;
import static dev.spaceport.server.testing.Api.seg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spaceport.server.http.Limits;
import dev.spaceport.server.store.PostgresDatabase;
import dev.spaceport.server.store.SqliteDatabase;
import dev.spaceport.server.store.StoreException;
import dev.spaceport.server.store.Stores;
import dev.spaceport.server.testing.Api;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.Fixtures;
import dev.spaceport.server.testing.KeepAliveHttp;
import dev.spaceport.server.testing.OpenApiContract;
import dev.spaceport.server.testing.RawHttp;
import dev.spaceport.server.testing.StoreProbe;
import dev.spaceport.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * <b>OWASP API4:2023 — Unrestricted Resource Consumption.</b> Each limit of README's Limits table
 * is exercised at its edge:
 *
 * <ul>
 *   <li>request body 64 KiB → 413 (a body that is only announced is not waited for beyond the
 *       idle timeout);</li>
 *   <li>request line + headers 16 KiB → 431 (a huge header, many headers) and 414 (a huge URL);</li>
 *   <li>JSON nesting 32 levels, query values 1024 characters, names 255 code points → 400;</li>
 *   <li>page size ({@code limit}) at most 100 on every list;</li>
 *   <li>per-key rate limit → 429 with {@code Retry-After}, other keys unaffected;</li>
 *   <li>idle timeout (30 s by default; 1 s here through {@value Limits#IDLE_TIMEOUT_PROPERTY}): a
 *       client that stalls before, inside the headers or inside the body is cut off — a stalled
 *       body with a 408 Problem — writes nothing, and stalled clients don't starve others;</li>
 *   <li>query time: SQLite work running longer than its bound (5 s by default; shorter here
 *       through {@value SqliteDatabase#QUERY_TIMEOUT_PROPERTY}) is interrupted; PostgreSQL runs
 *       with {@code statement_timeout} 5 s.</li>
 * </ul>
 */
class Api4ResourceConsumptionTest {

  private static final int IDLE_TIMEOUT_MS = 1000;

  private static TestServer server;
  private static Api admin;
  private static StoreProbe store;
  private static String org;

  @BeforeAll
  static void start() {
    System.setProperty(Limits.IDLE_TIMEOUT_PROPERTY, String.valueOf(IDLE_TIMEOUT_MS));
    try {
      server = TestServer.start();
    } finally {
      System.clearProperty(Limits.IDLE_TIMEOUT_PROPERTY);
    }
    admin = server.admin();
    store = StoreProbe.open(server);
    org = server.fixtures().organization();
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

  /** A Problem Jetty answered before routing (no operation documents these statuses). */
  private static ApiResponse transportProblem(KeepAliveHttp.Exchange e, int status,
      String where) {
    ApiResponse r = KeepAliveHttp.toApiResponse("GET", where, e, false);
    assertProblem(r, status);
    OpenApiContract.get().checkProblem(r.json(), where);
    return r;
  }

  // ----------------------------------------------------------------------------------- sizes

  @Test
  void bodiesOverTheLimitAre413AndAnAnnouncedBodyIsNotAwaited() {
    String before = store.fingerprint();
    byte[] big = ("{\"name\":\"" + "x".repeat(Limits.MAX_BODY_BYTES) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    assertProblem(admin.sendBytes("POST", "/v2/organizations", big,
        Map.of("Content-Type", "application/json")), 413);
    assertProblem(admin.sendChunked("POST", "/v2/organizations", big,
        Map.of("Content-Type", "application/json")), 413);
    // 1 GiB announced, nothing sent: the server reads at most 64 KiB of any body and does not
    // wait for the rest beyond the idle timeout (a 408 Problem).
    try (KeepAliveHttp http = new KeepAliveHttp(admin.baseUrl())) {
      long start = System.nanoTime();
      KeepAliveHttp.Exchange e = http.send("POST", "/v2/organizations".getBytes(
          StandardCharsets.US_ASCII), List.of("Authorization: Bearer " + admin.key(),
          "Content-Type: application/json", "Content-Length: 1073741824"), null);
      assertThat(e.status()).isIn(408, 413);
      transportProblem(e, e.status(), "1 GiB announced");
      assertThat((System.nanoTime() - start) / 1_000_000).as("ms to refuse")
          .isLessThan(IDLE_TIMEOUT_MS * 8L);
    }
    assertThat(store.fingerprint()).isEqualTo(before);
  }

  @Test
  void headersAndUrlsOverTheLimitAreProblems() {
    try (KeepAliveHttp http = new KeepAliveHttp(admin.baseUrl())) {
      String auth = "Authorization: Bearer " + admin.key();
      byte[] spaces = "/v2/spaces".getBytes(StandardCharsets.US_ASCII);
      // One huge header; a huge Authorization header; many small headers.
      transportProblem(http.send("GET", spaces, List.of(auth, "X-Big: "
          + "b".repeat(Limits.MAX_HEADER_BYTES)), null), 431, "huge header");
      transportProblem(http.send("GET", spaces, List.of("Authorization: Bearer "
          + "k".repeat(Limits.MAX_HEADER_BYTES)), null), 431, "huge Authorization");
      List<String> many = new ArrayList<>(List.of(auth));
      for (int i = 0; i < 2000; i++) {
        many.add("X-H" + i + ": v");
      }
      transportProblem(http.send("GET", spaces, many, null), 431, "2000 headers");
      // A URL over the limit: in the path and in the query.
      transportProblem(http.send("GET", ("/v2/spaces/" + "A".repeat(Limits.MAX_HEADER_BYTES))
          .getBytes(StandardCharsets.US_ASCII), List.of(auth), null), 414, "huge path");
      transportProblem(http.send("GET", ("/v2/spaces?name=" + "n".repeat(
          Limits.MAX_HEADER_BYTES)).getBytes(StandardCharsets.US_ASCII), List.of(auth), null),
          414, "huge query");
      // Just under the limits, the server answers normally.
      assertThat(http.send("GET", spaces, List.of(auth, "X-Big: " + "b".repeat(8 * 1024)), null)
          .status()).isEqualTo(200);
    }
  }

  @Test
  void deepJsonLongValuesAndLongNamesAre400() {
    String before = store.fingerprint();
    for (int depth : List.of(33, 1000, 20_000)) {
      String deep = "{\"name\":\"n\",\"description\":" + "[".repeat(depth) + "]".repeat(depth)
          + "}";
      assertProblem(admin.send("POST", "/v2/organizations", deep,
          Map.of("Content-Type", "application/json")), 400);
    }
    String deepObject = "{\"name\":" + "{\"a\":".repeat(5000) + "1" + "}".repeat(5001);
    assertProblem(admin.send("POST", "/v2/organizations", deepObject,
        Map.of("Content-Type", "application/json")), 400);
    assertProblem(admin.get("/v2/spaces?name=" + "n".repeat(256)), 400);
    assertProblem(admin.get("/v2/users?email=" + "e".repeat(1025)), 400);
    assertProblem(admin.get("/v2/spaces?cursor=" + "c".repeat(1025)), 400);
    assertProblem(admin.post("/v2/organizations", body("name", "n".repeat(256))), 400);
    // Timestamps beyond year 9999 (they once overflowed epoch milliseconds into a 500).
    for (String far : List.of("+999999999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
        "-0001-01-01T00:00:00Z")) {
      assertProblem(admin.post("/v2/api-keys", body("name", "far", "expires_at", far)), 400);
    }
    assertProblem(admin.post("/v2/organizations", body("name", "n", "description",
        "d".repeat(1001))), 400);
    // Thousands of repeated permissions in one body: refused or collapsed, never a 5xx.
    ApiResponse many = admin.post("/v2/roles", body("name", Fixtures.unique("many"),
        "permissions", java.util.Collections.nCopies(4000, "SPACE_READ")));
    assertThat(many.status()).as("%s", many).isIn(201, 400);
    if (many.status() == 400) {
      assertThat(store.fingerprint()).isEqualTo(before);
    }
  }

  @Test
  void pageSizeIsCappedOnEveryList() {
    String space = server.fixtures().space(org);
    for (String list : List.of("/v2/spaces?", "/v2/organizations?", "/v2/users?", "/v2/roles?",
        "/v2/role-bindings?resource_type=SPACE&", "/v2/api-keys?",
        "/v2/spaces/" + seg(space) + "/users?")) {
      for (String limit : List.of("101", "1000", "2147483648", "0", "-1")) {
        assertThat(assertProblem(admin.get(list + "limit=" + limit), 400).text("detail"))
            .contains("limit");
      }
      assertThat(admin.get(list + "limit=100").expect(200).json().fields().next().getValue()
          .size()).isLessThanOrEqualTo(100);
    }
  }

  // ------------------------------------------------------------------------------ rate limit

  @Test
  void eachKeyIsThrottledOnItsOwn() {
    try (TestServer limited = TestServer.start(5)) {
      Api a = limited.admin();
      Api b = limited.fixtures().user("member").api();
      ApiResponse throttled = null;
      for (int i = 0; i < 60 && throttled == null; i++) {
        ApiResponse r = a.get("/v2/spaces");
        if (r.status() == 429) {
          throttled = r;
        }
      }
      assertThat(throttled).as("a 429 within 60 rapid requests at 5/s").isNotNull();
      assertProblem(throttled, 429);
      assertThat(Integer.parseInt(throttled.header("Retry-After"))).isPositive();
      b.get("/v2/spaces").expect(200);
      // Unauthenticated floods are refused before any bucket is touched.
      for (int i = 0; i < 30; i++) {
        assertProblem(a.as(null).get("/v2/spaces"), 401);
      }
    }
  }

  // --------------------------------------------------------------------------- slow clients

  @Test
  void aClientThatStallsIsCutOffByTheIdleTimeoutAndWritesNothing() throws Exception {
    String before = store.fingerprint();
    String auth = "Authorization: Bearer " + admin.key() + "\r\n";
    String body = "Content-Type: application/json\r\n";
    Map<String, Integer> stalls = new java.util.LinkedHashMap<>();
    // Connects and says nothing; stops inside the request line; inside the headers.
    stalls.put("", null);
    stalls.put("POST /v2/organizati", null);
    stalls.put("POST /v2/organizations HTTP/1.1\r\nHost: x\r\n" + auth, null);
    // Stops inside the body: a 408 Problem, then the connection closes.
    stalls.put("POST /v2/organizations HTTP/1.1\r\nHost: x\r\n" + auth + body
        + "Content-Length: 100\r\n\r\n{\"name\":\"stalled\"", 408);
    stalls.put("POST /v2/organizations HTTP/1.1\r\nHost: x\r\n" + auth + body
        + "Transfer-Encoding: chunked\r\n\r\n8\r\n{\"name\":", 408);
    // Idle between two requests of a keep-alive connection.
    stalls.put("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 200);
    // All at once: each waits for the same timeout.
    List<java.util.concurrent.CompletableFuture<Void>> all = new ArrayList<>();
    stalls.forEach((sent, status) -> all.add(java.util.concurrent.CompletableFuture.runAsync(
        () -> {
          try {
            assertCutOff(sent, status);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        })));
    for (var f : all) {
      try {
        f.join();
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof AssertionError a) {
          throw a;
        }
        throw e;
      }
    }
    assertThat(store.fingerprint()).as("store after stalled writes").isEqualTo(before);
  }

  @Test
  void stalledClientsDoNotStarveOthers() throws Exception {
    // A server of its own, with the default idle timeout (30 s): the normal request must be
    // answered while the stalled ones still hold their threads, not once the timeout frees them.
    try (TestServer patient = TestServer.start()) {
      Api patientAdmin = patient.admin();
      // Closed before the server, whose graceful stop would otherwise wait for their bodies.
      List<Socket> stalled = new ArrayList<>();
      try {
        for (int i = 0; i < 40; i++) {
          Socket s = new Socket("127.0.0.1", patient.port());
          stalled.add(s);
          s.getOutputStream().write(("POST /v2/organizations HTTP/1.1\r\nHost: x\r\n"
              + "Authorization: Bearer " + patientAdmin.key() + "\r\n"
              + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
              .getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
        }
        patientAdmin.get("/v2/organizations").expect(200);
        for (Socket s : stalled) {
          assertThat(unanswered(s)).as("a stalled request, still waiting for its body").isTrue();
        }
      } finally {
        for (Socket s : stalled) {
          s.close();
        }
      }
    }
  }

  /** True when nothing has come back on {@code socket}: no answer, no close. */
  private static boolean unanswered(Socket socket) throws IOException {
    socket.setSoTimeout(1);
    try {
      socket.getInputStream().read();
      return false;
    } catch (java.net.SocketTimeoutException e) {
      return true;
    }
  }

  /**
   * Sends {@code sent}, then nothing: the server must close the connection after about the idle
   * timeout, having answered {@code status} (null: nothing, or a Problem at most).
   */
  private static void assertCutOff(String sent, Integer status) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(IDLE_TIMEOUT_MS * 10);
      OutputStream out = socket.getOutputStream();
      out.write(sent.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      long start = System.nanoTime();
      byte[] answer;
      try (InputStream in = socket.getInputStream()) {
        answer = in.readAllBytes(); // returns when the server closes the connection
      } catch (SocketTimeoutException e) {
        throw new AssertionError("still open after " + IDLE_TIMEOUT_MS * 10 + " ms: '" + sent
            + "'", e);
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(millis).as("ms until '%s' was cut off", sent)
          .isBetween(IDLE_TIMEOUT_MS / 2L, IDLE_TIMEOUT_MS * 8L);
      String text = new String(answer, StandardCharsets.ISO_8859_1);
      if (text.startsWith("HTTP/1.1 4")) {
        RawHttp.parseProblem("answer to '" + sent + "'", answer);
      }
      if (status == null) {
        if (!text.isEmpty()) {
          assertThat(text).startsWith("HTTP/1.1 4").contains("application/problem+json");
        }
      } else {
        assertThat(text).as("answer to '%s'", sent).startsWith("HTTP/1.1 " + status);
        if (status >= 400) {
          assertThat(text).contains("application/problem+json")
              .contains("\"status\":" + status);
        }
      }
    }
  }

  // ------------------------------------------------------------------------------ query time

  @Test
  void aRunawaySqliteQueryIsInterrupted() throws Exception {
    assumeFalse(TestServer.onPostgres(), "the SQLite progress-handler bound");
    Path dir = Files.createTempDirectory("query-timeout");
    System.setProperty(SqliteDatabase.QUERY_TIMEOUT_PROPERTY, "300");
    try (SqliteDatabase db = Stores.openSqlite(dir.resolve("spaceport.db"))) {
      String forever = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
          + "SELECT COUNT(*) FROM n";
      for (boolean write : List.of(false, true)) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> {
          if (write) {
            db.write(tx -> tx.query(forever, rs -> rs.getLong(1)));
          } else {
            db.read(tx -> tx.query(forever, rs -> rs.getLong(1)));
          }
        }).isInstanceOf(StoreException.class).hasMessageContaining("interrupt");
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms until interrupted")
            .isBetween(250L, 5_000L);
        // The connection is fine afterwards, and ordinary work is not affected.
        List<Long> read = db.read(tx -> tx.query("SELECT COUNT(*) FROM spaces",
            rs -> rs.getLong(1)));
        assertThat(read).containsExactly(0L);
        List<Long> written = db.write(tx -> tx.query("SELECT 1", rs -> rs.getLong(1)));
        assertThat(written).containsExactly(1L);
      }
    } finally {
      System.clearProperty(SqliteDatabase.QUERY_TIMEOUT_PROPERTY);
    }
  }

  @Test
  void postgresRunsWithAStatementTimeout() {
    assumeTrue(TestServer.onPostgres(), "PostgreSQL's statement_timeout");
    PostgresDatabase db = new PostgresDatabase(server.jdbcUrl(), server.jdbcUser(), null);
    try {
      List<String> timeout = db.read(tx -> tx.query("SHOW statement_timeout",
          rs -> rs.getString(1)));
      assertThat(timeout).containsExactly("5s");
    } finally {
      db.close();
    }
  }
}
