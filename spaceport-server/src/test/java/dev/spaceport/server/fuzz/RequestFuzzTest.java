package dev.spaceport.server.fuzz;

import static dev.spaceport.server.fuzz.RequestGenerator.abbreviate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spaceport.server.fuzz.RequestGenerator.Case;
import dev.spaceport.server.testing.ApiResponse;
import dev.spaceport.server.testing.KeepAliveHttp;
import dev.spaceport.server.testing.KeepAliveHttp.Exchange;
import dev.spaceport.server.testing.OpenApiContract;
import dev.spaceport.server.testing.StoreProbe;
import dev.spaceport.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Fuzzes every request surface at once — JSON bodies, query parameters, path IDs, cursors,
 * headers, Authorization values, methods — with {@value #DEFAULT_CASES} near-valid requests
 * ({@link RequestGenerator}) against one server over one keep-alive connection, and checks each
 * answer:
 *
 * <ul>
 *   <li>never a 5xx;</li>
 *   <li>every answer is a documented success or an RFC 9457 Problem that openapi.yaml documents
 *       for the route (or, for what Jetty refuses before routing — 414, 431, … — a Problem), so no
 *       exception reaches a generic error page;</li>
 *   <li>no Problem names an API key, a Java class, a stack frame or an SQL error;</li>
 *   <li>a rejected request — and any GET — writes nothing. Each request is bracketed by
 *       {@link StoreProbe#writeMark()} (SQLite's {@code data_version}, one cheap query); when the
 *       mark moved only because key usage was flushed in between, the request is replayed between
 *       two full {@link StoreProbe#fingerprint() fingerprints}.</li>
 * </ul>
 *
 * <p>The full count runs on SQLite; the PostgreSQL pass (same HTTP surface) runs
 * {@value #POSTGRES_CASES}. {@code -Dspaceport.fuzz.cases=N} and {@code -Dspaceport.fuzz.seed=S}
 * override both. A failure report prints each failing request byte for byte.
 */
class RequestFuzzTest {

  static final int DEFAULT_CASES = 100_000;
  static final int POSTGRES_CASES = 3_000;
  private static final int MAX_REPORTED = 25;
  /** Answers Jetty gives before any route runs: documented in README's Limits, not per route. */
  private static final Set<Integer> TRANSPORT_STATUSES = Set.of(400, 408, 411, 413, 414, 417,
      431, 505);
  private static final List<String> INTERNALS = List.of("exception", "java.", "javax.",
      "dev.spaceport", "com.fasterxml", "org.eclipse", "jetty", "javalin", "sqlite", "sqlstate",
      "postgres", "\tat ", "stack", "hikari", "jdbc");

  @Test
  void nearValidRequestsOnEverySurfaceGetProblemsNever5xxAndRejectionsWriteNothing(
      TestReporter reporter) {
    int cases = Integer.getInteger("spaceport.fuzz.cases",
        TestServer.onPostgres() ? POSTGRES_CASES : DEFAULT_CASES);
    long seed = Long.getLong("spaceport.fuzz.seed", System.nanoTime());
    try (TestServer server = TestServer.start();
        StoreProbe store = StoreProbe.open(server);
        KeepAliveHttp http = new KeepAliveHttp(server.baseUrl())) {
      FuzzWorld world = new FuzzWorld(server);
      RequestGenerator generator = new RequestGenerator(world, seed);
      System.out.println("fuzz: seed " + seed + " (-Dspaceport.fuzz.seed=" + seed
          + " repeats the cases)");
      Run run = new Run(world, store, http);
      long start = System.nanoTime();
      for (int i = 1; i <= cases && run.failures.size() < 200; i++) {
        run.one(i, generator.next());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      String summary = String.format(Locale.ROOT,
          "fuzz (%s): %,d cases in %.1f s (%,.0f requests/s) on %d connection(s); seed %d; "
              + "statuses %s; %,d successful writes; %d ambiguous marks settled by replay; "
              + "%d extra answers; %d failures", TestServer.onPostgres() ? "PostgreSQL" : "SQLite",
          run.count, seconds, run.count / seconds, http.connections(), seed, run.statuses,
          run.writes, run.replays, run.extraAnswers.size(), run.failures.size());
      System.out.println(summary);
      System.out.printf("timing: send %.1f s, marks %.1f s, checks %.1f s%n", run.sendNanos / 1e9,
          run.markNanos / 1e9, run.checkNanos / 1e9);
      run.perOp.forEach((op, statuses) -> System.out.println("  " + op + " " + statuses));

      reporter.publishEntry("fuzz", summary);
      if (!run.failures.isEmpty()) {
        throw new AssertionError(summary + "\n\n" + String.join("\n\n",
            run.failures.subList(0, Math.min(MAX_REPORTED, run.failures.size()))));
      }
    }
  }

  /** The state of one fuzzing run. */
  private static final class Run {
    final FuzzWorld world;
    final StoreProbe store;
    final KeepAliveHttp http;
    final List<String> failures = new ArrayList<>();
    final Map<Integer, Integer> statuses = new TreeMap<>();
    final Map<String, Map<Integer, Integer>> perOp = new TreeMap<>();
    int count;
    int writes;
    int replays;
    Case previous;
    long sent;
    final java.util.ArrayDeque<String> recent = new java.util.ArrayDeque<>();
    final List<String> extraAnswers = new ArrayList<>();
    String previousAnswer;
    long markNanos;
    long sendNanos;
    long checkNanos;

    Run(FuzzWorld world, StoreProbe store, KeepAliveHttp http) {
      this.world = world;
      this.store = store;
      this.http = http;
    }

    void one(int n, Case c) {
      count++;
      long t0 = System.nanoTime();
      // Usage before the mark: a flush landing between the two reads then leaves the mark
      // unmoved by the request or shows up as a usage change — never as a write of the request.
      String usage = store.keyUsage();
      String before = store.writeMark();
      long t1 = System.nanoTime();
      Exchange e = send(c);
      long t2 = System.nanoTime();
      String after = store.writeMark();
      boolean usageFlushed = false;
      if (!after.equals(before)) {
        usageFlushed = !store.keyUsage().equals(usage);
      }
      long t3 = System.nanoTime();
      markNanos += (t1 - t0) + (t3 - t2);
      sendNanos += t2 - t1;
      statuses.merge(e.status(), 1, Integer::sum);
      perOp.computeIfAbsent(c.op(), k -> new TreeMap<>()).merge(e.status(), 1, Integer::sum);
      try {
        long t4 = System.nanoTime();
        checkAnswer(c, e);
        checkNanos += System.nanoTime() - t4;
        boolean refused = e.status() >= 400;
        boolean mustNotWrite = refused || c.method().equals("GET") || c.method().equals("HEAD");
        if (c.spoiledDelete() && e.status() < 300) {
          throw new AssertionError("a delete with a spoiled path ID succeeded");
        }
        if (!mustNotWrite) {
          if (!before.equals(after)) {
            writes++;
          }
        } else if (!before.equals(after)) {
          if (!usageFlushed && !TestServer.onPostgres()) {
            // Seen once in 100,000+ cases with no write of the request's own to show for it (a
            // background commit we could not attribute): the replay between two full
            // fingerprints decides, and the case is reported either way.
            System.out.println("fuzz: unexplained data_version move " + before + " → " + after
                + " around " + describe(c));
          }
          replay(c);
        }
      } catch (AssertionError | RuntimeException ex) {
        failures.add("#" + n + " [" + c.op() + ": " + c.label() + "] " + ex.getMessage()
            + "\n  request: " + describe(c) + "\n  answer:  " + e.status() + " "
            + abbreviate(e.text()) + (previous == null ? ""
            : "\n  (the request before: " + describe(previous) + ")"));
      }
      previous = c;
    }

    private Exchange send(Case c) {
      // Our own request ID on every request (unless the case fuzzes it): the answer must echo
      // it, which proves that request and answer still pair up on the kept-alive connection.
      boolean own = c.headers().stream().noneMatch(h -> h.regionMatches(true, 0,
          "X-Request-Id:", 0, 13));
      String id = "fuzz-" + (++sent);
      List<String> headers = c.headers();
      if (own) {
        headers = new ArrayList<>(headers);
        headers.add("X-Request-Id: " + id);
      }
      Exchange e = http.send(c.method(), c.target().getBytes(StandardCharsets.ISO_8859_1),
          headers, c.body());
      String echoed = e.header("X-Request-Id");
      if (http.lastRoute().contains(" failed ")) {
        // A retry on a fresh connection (rare): reported, since it is how a request goes out twice.
        System.out.println("fuzz: " + id + " " + c.method() + " " + abbreviate(c.target())
            + " sent again: " + http.lastRoute());
      }
      String lastAnswer = previousAnswer;
      previousAnswer = e.status() + " " + e.headers().map() + " " + abbreviate(e.text());
      recent.addLast(id + " " + describe(c) + "\n    answered " + e.status() + " X-Request-Id "
          + echoed + (e.closed() ? " (connection closed)" : "") + " on " + http.lastRoute());
      if (recent.size() > 12) {
        recent.removeFirst();
      }
      // A request Jetty could not parse (400, 431) is answered with a fresh ID (its X-Request-Id
      // was never read) and the connection closed: that answer is this request's own.
      boolean unparsed = e.closed() && e.status() >= 400 && e.status() < 500;
      if (own && echoed != null && !echoed.equals(id) && !unparsed) {
        // A second answer to an earlier request: report it, take the next answer as ours. Seen
        // about once per 1,000,000 requests under CPU contention, the request handled twice on a
        // fresh connection opened right after Jetty refused a malformed request itself: two
        // threads in the refused connection's read loop shared its pooled request buffer
        // (SerialHttpConnectionFactory; RefusedRequestConnectionTest hammers that shape).
        String seen = "an extra answer for " + echoed + " before the answer to " + id
            + " (" + e.status() + " " + e.headers().map() + " " + abbreviate(e.text())
            + "; the answer taken before it: " + lastAnswer
            + "); the last requests sent:\n  " + String.join("\n  ", recent);
        extraAnswers.add(seen);
        System.out.println("fuzz: " + seen);
        if (e.status() < 300 && previous != null && !previous.method().equals("GET")) {
          failures.add("a write answered twice (" + e.status() + "): " + seen);
        }
        e = http.readAnother(c.method());
        echoed = e.header("X-Request-Id");
        if (echoed != null && !echoed.equals(id)) {
          throw new IllegalStateException("request and answer out of step on the connection: "
              + "sent " + id + ", answer is for " + echoed);
        }
      }
      return e;
    }

    /**
     * The mark moved for a reason other than this request (a key-usage flush; on PostgreSQL also
     * a rolled-back transaction): send it again between two full fingerprints.
     */
    private void replay(Case c) {
      replays++;
      String before = store.fingerprint();
      Exchange again = send(c);
      if (again.status() >= 400 || c.method().equals("GET")) {
        String after = store.fingerprint();
        if (!after.equals(before)) {
          throw new AssertionError("a refused request changed the store: " + before + " → "
              + after + " (replayed: " + again.status() + ")");
        }
      }
    }

    private void checkAnswer(Case c, Exchange e) {
      if (e.status() >= 500) {
        throw new AssertionError("a 5xx for client input");
      }
      boolean problem = e.status() >= 400;
      if (c.method().equals("HEAD")) {
        // No body to check; HEAD is not part of the API, so it must be refused.
        if (!problem || !String.valueOf(e.header("Content-Type"))
            .startsWith("application/problem+json")) {
          throw new AssertionError("HEAD answered " + e.status() + " " + e.header("Content-Type"));
        }
        return;
      }
      // Jetty's own refusals (ProblemErrorHandler) close the connection; routes never do.
      boolean transport = problem && TRANSPORT_STATUSES.contains(e.status())
          && (e.header("X-Request-Id") == null || "close".equalsIgnoreCase(e.header("Connection")));
      // Routed answers are checked against their operation in openapi.yaml; what Jetty refuses
      // before routing must still be a Problem.
      ApiResponse r = KeepAliveHttp.toApiResponse(c.method(), c.target(), e, !transport);
      if (!problem) {
        return;
      }
      String contentType = e.header("Content-Type");
      if (contentType == null || !contentType.startsWith("application/problem+json")) {
        throw new AssertionError("a refusal that is not a Problem: Content-Type " + contentType);
      }
      JsonNode json = r.json();
      if (transport) {
        OpenApiContract.get().checkProblem(json, c.method() + " " + abbreviate(c.target()));
      }
      if (json == null || !json.path("status").isInt() || json.get("status").asInt()
          != e.status()) {
        throw new AssertionError("the Problem's status is not the HTTP status");
      }
      if (json.path("title").asText("").isBlank() || json.path("detail").asText("").isBlank()) {
        throw new AssertionError("a Problem without title or detail");
      }
      String body = e.text();
      for (String key : world.liveKeys()) {
        if (body.contains(key)) {
          throw new AssertionError("a Problem contains an API key");
        }
      }
      if (c.authorization() != null && c.authorization().length() > 12
          && body.contains(c.authorization())) {
        throw new AssertionError("a Problem echoes the Authorization header");
      }
      String lower = json.path("detail").asText().toLowerCase(Locale.ROOT);
      for (String internal : INTERNALS) {
        if (lower.contains(internal)) {
          throw new AssertionError("a Problem detail shows internals ('" + internal + "')");
        }
      }
    }
  }

  private static String describe(Case c) {
    StringBuilder out = new StringBuilder(c.method()).append(' ')
        .append(abbreviate(c.target()));
    for (String header : c.headers()) {
      out.append("\n    ").append(abbreviate(header));
    }
    if (c.body() != null) {
      out.append("\n    body (").append(c.body().length).append(" bytes): ")
          .append(abbreviate(new String(c.body(), StandardCharsets.UTF_8)));
    }
    return out.toString();
  }
}
