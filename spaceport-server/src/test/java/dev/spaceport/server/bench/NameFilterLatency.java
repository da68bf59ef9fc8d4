package dev.spaceport.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spaceport.server.ServerConfig;
import dev.spaceport.server.SpaceportServer;
import dev.spaceport.server.paging.Cursors;
import dev.spaceport.server.paging.NameFilter;
import dev.spaceport.server.paging.SortKey;
import dev.spaceport.server.testing.BulkLoad;
import dev.spaceport.server.testing.BulkLoad.Row;
import dev.spaceport.server.testing.PostgresFixture;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Latency of {@code GET /v2/spaces} — unfiltered and with the {@code name} filter — on SQLite and
 * PostgreSQL, with 1k and 1M spaces in one organization, through the real HTTP server on
 * loopback. Spaces are bulk-inserted straight into the store ({@link BulkLoad}), as the server
 * would write them. For each list: the first page and a page 90% deep (a cursor signed with the
 * store's own key, pointing after the row at 90%), one request at a time, p50/p99.
 *
 * <p>Arguments: {@code --sizes 1000,1000000 --stores sqlite,postgres --requests 300
 * --out docs/benchmarks/list-latency.md}.
 */
public final class NameFilterLatency {

  static final String ADMIN_KEY = "bench-admin-key-0123456789";
  static final int LIMIT = 100;
  static final String[] TEAMS = {"payments", "search", "ads", "growth", "infra", "ml", "data"};

  /** A list to time: a label and its {@code name} term (null: no filter). */
  record Query(String label, String term) {}

  static final List<Query> QUERIES = List.of(
      new Query("no filter", null),
      new Query("common `prod` (50% of names)", "prod"),
      new Query("rare `quasar` (10 names)", "quasar"),
      new Query("absent `xyzzy`", "xyzzy"),
      new Query("absent, 2 chars: `zq`", "zq"));

  record Result(String store, int size, Query query, String depth, int items, boolean hasMore,
      double p50, double p99) {}

  /**
   * Names: half "prod-…", half "staging-…", a team, the row number; about ten (evenly spread)
   * carry "quasar". Nothing contains "xyzzy" or "zq".
   */
  static String name(int i, int size) {
    int every = Math.max(1, size / 10);
    return (i % 2 == 0 ? "prod-" : "staging-") + TEAMS[i % TEAMS.length] + "-" + i
        + (i % every == every / 2 ? "-quasar" : "");
  }

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = List.of(1_000, 1_000_000);
    List<String> stores = List.of("sqlite", "postgres");
    int requests = 500;
    Path out = null;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--sizes" -> sizes = Stream.of(args[i + 1].split(",")).map(Integer::parseInt)
            .toList();
        case "--stores" -> stores = List.of(args[i + 1].split(","));
        case "--requests" -> requests = Integer.parseInt(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    List<Result> results = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (String store : stores) {
      for (int size : sizes) {
        results.addAll(run(store, size, requests, notes));
      }
    }
    String report = report(results, notes, requests);
    System.out.println(report);
    if (out != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, report);
      System.err.println("wrote " + out);
    }
    System.exit(0); // the PostgreSQL fixture stops in a shutdown hook
  }

  static List<Result> run(String store, int size, int requests, List<String> notes)
      throws Exception {
    Path dir = Files.createTempDirectory("spaceport-bench-");
    ServerConfig config = store.equals("postgres")
        ? new ServerConfig(ServerConfig.DEFAULT_HOST, 0, dir, PostgresFixture.get().newDatabase(),
            "postgres", null, ADMIN_KEY, 0)
        : ServerConfig.embedded(dir, 0, ADMIN_KEY).withRateLimit(0);
    String jdbcUrl = config.databaseUrl() != null ? config.databaseUrl()
        : "jdbc:sqlite:" + dir.resolve("spaceport.db").toAbsolutePath();
    try (SpaceportServer server = SpaceportServer.start(config)) {
      Client client = new Client("http://127.0.0.1:" + server.port());
      String org = client.post("/v2/organizations", "{\"name\":\"bench\"}").get("id").asText();
      List<Row> rows;
      Cursors cursors;
      long started = System.nanoTime();
      try (BulkLoad load = BulkLoad.open(jdbcUrl, config.databaseUser())) {
        load.spaces(org, size, i -> name(i, size), System.currentTimeMillis() - size - 1_000, 1);
        double loadSeconds = (System.nanoTime() - started) / 1e9;
        load.settle();
        rows = load.spacesOf(org);
        if (size >= 100_000) {
          notes.addAll(plans(load, store, org, rows.get((int) (rows.size() * 0.9))));
        }
        cursors = new Cursors(signingKey(load));
        notes.add(String.format(Locale.ROOT, "%s, %,d spaces: bulk load %.1f s (%,.0f rows/s)%s",
            store, size, loadSeconds, size / loadSeconds, dbSize(load, store)));
        System.err.println(notes.get(notes.size() - 1));
      }
      System.err.printf("%s %,d: loaded%n", store, size);
      List<Result> results = new ArrayList<>();
      notes.add(store + ", " + String.format(Locale.ROOT, "%,d", size)
          + " spaces: load average before measuring " + loadAverage());
      Row deepRow = rows.get((int) (rows.size() * 0.9));
      for (Query query : QUERIES) {
        String scope = "spaces|org=" + org + "|name=" + (query.term() == null ? "" : query.term());
        String base = "/v2/spaces?org_id=" + enc(org) + "&limit=" + LIMIT
            + (query.term() == null ? "" : "&name=" + enc(query.term()));
        String deepCursor = cursors.issue(scope,
            new SortKey(deepRow.createdAt(), deepRow.rowId()));
        results.add(measure(client, store, size, query, "first page", base, requests));
        results.add(measure(client, store, size, query, "90% deep",
            base + "&cursor=" + enc(deepCursor), requests));
      }
      return results;
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static Result measure(Client client, String store, int size, Query query, String depth,
      String path, int requests) throws Exception {
    JsonNode first = client.get(path);
    for (int i = 0; i < Math.max(50, requests / 2); i++) {
      client.get(path);
    }
    long[] nanos = new long[requests];
    for (int i = 0; i < requests; i++) {
      long t0 = System.nanoTime();
      client.get(path);
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    Result r = new Result(store, size, query, depth, first.get("spaces").size(),
        first.get("pagination").get("has_more").asBoolean(), percentile(nanos, 0.50),
        percentile(nanos, 0.99));
    System.err.printf(Locale.ROOT, "%-8s %,9d %-45s %-10s items=%3d more=%-5s p50=%7.2f ms"
        + " p99=%7.2f ms%n", store, size, query.label(), depth, r.items(), r.hasMore(), r.p50(),
        r.p99());
    return r;
  }

  static double percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  static byte[] signingKey(BulkLoad load) throws Exception {
    try (Statement s = load.connection().createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT value FROM server_settings WHERE name = 'cursor_signing_key'")) {
      rs.next();
      byte[] key = HexFormat.of().parseHex(rs.getString(1));
      load.connection().commit();
      return key;
    }
  }

  /**
   * The store's plans for the statements a rare-term page runs (NameFilter: the window's end, the
   * window, then the name index), 90% deep, as EXPLAIN shows them.
   */
  static List<String> plans(BulkLoad load, String store, String org, Row deep) throws Exception {
    long orgRow = dev.spaceport.server.ids.PublicId.parse(org,
        dev.spaceport.server.ids.IdType.Organization, "org").number();
    String keyset = "(s.created_at, s.id) > (" + deep.createdAt() + ", " + deep.rowId() + ")";
    String order = " ORDER BY s.created_at, s.id";
    boolean pg = store.equals("postgres");
    List<String[]> statements = List.of(
        new String[] {"window end", "SELECT e.created_at, e.id FROM (SELECT k.created_at, k.id"
            + " FROM (SELECT s.created_at, s.id FROM spaces s WHERE " + keyset
            + " AND s.organization_id = " + orgRow + order + " LIMIT " + NameFilter.SCAN_WINDOW
            + ") k ORDER BY k.created_at DESC, k.id DESC LIMIT 1) e WHERE EXISTS (SELECT 1"
            + " FROM spaces s WHERE (s.created_at, s.id) > (e.created_at, e.id)"
            + " AND s.organization_id = " + orgRow + ")"},
        new String[] {"name index (rare term)", pg
            ? "SELECT s.* FROM spaces s WHERE " + keyset + " AND s.organization_id = " + orgRow
                + " AND s.name_key LIKE '%quasar%' ESCAPE '\\'" + order + " LIMIT 101"
            : "SELECT s.* FROM spaces_name_fts nf CROSS JOIN spaces s ON s.id = nf.rowid WHERE "
                + "nf.name_key MATCH '\"quasar\"' AND " + keyset + " AND s.organization_id = "
                + orgRow + " AND s.name_key LIKE '%quasar%' ESCAPE '\\'" + order + " LIMIT 101"});
    List<String> notes = new ArrayList<>();
    for (String[] statement : statements) {
      List<String> lines = new ArrayList<>();
      try (Statement s = load.connection().createStatement();
          ResultSet rs = s.executeQuery((pg ? "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) "
              : "EXPLAIN QUERY PLAN ") + statement[1])) {
        while (rs.next()) {
          lines.add(rs.getString(pg ? 1 : 4).strip());
        }
      }
      load.connection().commit();
      notes.add(store + " plan, " + statement[0] + ": `" + String.join(" / ", lines) + "`");
    }
    return notes;
  }

  /** The machine's 1/5/15-minute load averages: other work on it skews the tail. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " / " + parts[1] + " / " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  static String dbSize(BulkLoad load, String store) {
    try (Statement s = load.connection().createStatement();
        ResultSet rs = s.executeQuery(store.equals("postgres")
            ? "SELECT pg_database_size(current_database())"
            : "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")) {
      rs.next();
      long bytes = rs.getLong(1);
      load.connection().commit();
      return String.format(Locale.ROOT, ", database %,.1f MB", bytes / 1e6);
    } catch (Exception e) {
      return "";
    }
  }

  static String report(List<Result> results, List<String> notes, int requests) {
    StringBuilder md = new StringBuilder();
    md.append("# List latency: `GET /v2/spaces` with and without the `name` filter\n\n")
        .append("Measured ").append(Instant.now().toString(), 0, 16).append("Z by `bench/name-filter-latency` ")
        .append("(`dev.spaceport.server.bench.NameFilterLatency`): the real server on loopback, ")
        .append("one organization, `limit=").append(LIMIT).append("`, as the account admin, ")
        .append(requests).append(" sequential requests per row after a warm-up, over one ")
        .append("keep-alive connection (client-observed time: HTTP, JSON and the store).\n")
        .append("Machine: ").append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs, Java ").append(System.getProperty("java.version"))
        .append("; PostgreSQL 15 is the test fixture's throwaway instance (default settings, ")
        .append("`shared_buffers=128MB`, fsync on).\n\n")
        .append("\"90% deep\" is a page whose cursor points after the space at 90% of the list. ")
        .append("`items` and `more` describe that page. A 1–2-character term is served by a ")
        .append("bounded scan of ").append(String.format(Locale.ROOT, "%,d", NameFilter.SCAN_WINDOW))
        .append(" rows per request, so its page can be short (even empty) with `has_more` true; ")
        .append("see ARCHITECTURE.md, \"Name filters\".\n\n");
    md.append("| store | spaces | list | page | items | more | p50 ms | p99 ms |\n")
        .append("|---|---:|---|---|---:|---|---:|---:|\n");
    for (Result r : results) {
      md.append(String.format(Locale.ROOT, "| %s | %,d | %s | %s | %d | %s | %.2f | %.2f |%n",
          r.store(), r.size(), r.query().label(), r.depth(), r.items(), r.hasMore(), r.p50(),
          r.p99()));
    }
    md.append("\nLoad:\n\n");
    notes.forEach(n -> md.append("- ").append(n).append('\n'));
    return md.toString();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A bare HTTP client holding the admin key. */
  static final class Client {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    Client(String base) {
      this.base = base;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
      return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), 200);
    }

    JsonNode post(String path, String json) throws IOException, InterruptedException {
      return send(HttpRequest.newBuilder(URI.create(base + path))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)), 201);
    }

    private JsonNode send(HttpRequest.Builder request, int expected)
        throws IOException, InterruptedException {
      HttpResponse<String> response = http.send(request
          .header("Authorization", "Bearer " + ADMIN_KEY).timeout(Duration.ofSeconds(60))
          .build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expected) {
        throw new IllegalStateException(response.statusCode() + " " + response.body());
      }
      return JSON.readTree(response.body());
    }
  }
}
