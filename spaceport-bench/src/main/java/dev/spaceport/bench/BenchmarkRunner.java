package dev.spaceport.bench;

import dev.spaceport.server.paging.Cursors;
import dev.spaceport.server.paging.SortKey;
import dev.spaceport.server.store.Stores;
import dev.spaceport.server.testing.PostgresFixture;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the benchmark suite and writes the report: for each store and dataset size, Spaceport and
 * the bare-Jetty reference are measured in the same run, so throughput is a ratio to the reference
 * rather than a number that depends on how busy the machine was.
 *
 * <p>Arguments: {@code --sizes 1000,100000 --stores sqlite,postgres --seconds 5 --out DIR}.
 */
public final class BenchmarkRunner {

  private static final List<String> SERVER_JVM = List.of("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC");

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    List<Integer> sizes = new ArrayList<>();
    for (String s : options.getOrDefault("sizes", "1000,100000").split(",")) {
      sizes.add(Integer.parseInt(s.trim()));
    }
    List<String> stores = List.of(options.getOrDefault("stores", "sqlite").split(","));
    double seconds = Double.parseDouble(options.getOrDefault("seconds", "5"));
    Path out = Path.of(options.getOrDefault("out", "."));
    Report report = new Report();

    try (ChildProcess reference = ChildProcess.start(ReferenceServer.class, SERVER_JVM)) {
      for (String store : stores) {
        for (int size : sizes) {
          System.err.printf("== %s, %,d spaces%n", store, size);
          measure(report, reference, store, size, seconds);
        }
      }
    }
    report.write(out, String.join(" ", args));
  }

  private static void measure(Report report, ChildProcess reference, String store, int size,
      double seconds) throws Exception {
    Path dir = Files.createTempDirectory("spaceport-bench-");
    String url;
    String user;
    if (store.equals("postgres")) {
      url = PostgresFixture.get().newDatabase();
      user = "postgres";
      Stores.open(dir, url, user, null).close();
    } else {
      url = "jdbc:sqlite:" + dir.resolve(Stores.SQLITE_FILE_NAME);
      user = null;
      Stores.openSqlite(dir.resolve(Stores.SQLITE_FILE_NAME)).close();
    }
    long loadStart = System.nanoTime();
    Dataset.load(url, user, size);
    System.err.printf("   loaded in %.1f s%n", (System.nanoTime() - loadStart) / 1e9);
    List<String> nodeArgs = new ArrayList<>(List.of(dir.toString(), Dataset.ADMIN_KEY));
    if (user != null) {
      nodeArgs.add(url);
      nodeArgs.add(user);
    }
    try (ChildProcess server = ChildProcess.start(ServerNode.class, SERVER_JVM,
        nodeArgs.toArray(String[]::new))) {
      Cursors cursors = new Cursors(cursorKey(url, user));
      for (Scenario scenario : scenarios(size, cursors)) {
        // Warm up the route (JIT, caches) before measuring it.
        Load.maxRate(server.port(), scenario.connections(), Math.min(2, seconds / 2),
            scenario.request());
        long cpu0 = server.cpuNanos();
        Load.Result max = Load.maxRate(server.port(), scenario.connections(), seconds,
            scenario.request());
        double cpuMicrosPerRequest = (server.cpuNanos() - cpu0) / 1e3 / Math.max(1, max.requests());
        Load.Result ref = null;
        if (scenario.referencePath() != null) {
          byte[] refRequest = RawHttpConnection.request("GET", scenario.referencePath(), null,
              null);
          ref = Load.maxRate(reference.port(), scenario.connections(), seconds, n -> refRequest);
        }
        Load.Result half = scenario.latencyAtHalfRate()
            ? Load.fixedRate(server.port(), scenario.connections(), seconds,
                max.throughput() / 2, scenario.request())
            : null;
        report.add(new Report.Row(store, size, scenario, max, ref, half,
            cpuMicrosPerRequest));
        System.err.printf("   %-28s %8.0f req/s%s%n", scenario.name(), max.throughput(),
            max.errors() > 0 ? "  (" + max.errors() + " errors)" : "");
      }
    }
  }

  private static List<Scenario> scenarios(int size, Cursors cursors) {
    String spaceId = publicId("Space", size / 2, Dataset.suffix(size / 2));
    int manySpaces = Math.min(size, 100_000);
    int deepMany = (int) (manySpaces * 0.9) * Math.max(1, size / 100_000);
    int deepAll = (int) (size * 0.9);
    String all = "spaces|org=|name=";
    List<Scenario> list = new ArrayList<>();
    list.add(Scenario.get("get by ID", "≥ 30% of reference; p99 ≤ 2 ms",
        "/v2/spaces/" + enc(spaceId), Dataset.ADMIN_KEY, "/v2/spaces/x"));
    list.add(Scenario.get("list page (my spaces, 100)", "≥ 10% of reference; p99 ≤ 5 ms",
        "/v2/spaces?limit=50", Dataset.FEW_KEY, "/v2/spaces"));
    list.add(Scenario.get("list page (my spaces, 100k)", "≤ 1.5× the 100-membership user",
        "/v2/spaces?limit=50", Dataset.MANY_KEY, "/v2/spaces"));
    list.add(Scenario.get("list page 90% deep (100k)", "≤ 1.5× first page",
        "/v2/spaces?limit=50&cursor=" + enc(cursors.issue(all,
            new SortKey(Dataset.EPOCH + deepMany, deepMany))), Dataset.MANY_KEY, "/v2/spaces"));
    list.add(Scenario.get("admin list page 90% deep", "≤ 1.5× at 1k",
        "/v2/spaces?limit=50&cursor=" + enc(cursors.issue(all,
            new SortKey(Dataset.EPOCH + deepAll, deepAll))), Dataset.ADMIN_KEY, "/v2/spaces"));
    for (String term : List.of(Dataset.COMMON, Dataset.RARE, Dataset.ABSENT)) {
      list.add(Scenario.get("filtered list '" + term + "'", "p99 ≤ 25 ms SQLite, 5 ms PG",
          "/v2/spaces?limit=50&name=" + term, Dataset.ADMIN_KEY, "/v2/spaces"));
    }
    list.add(new Scenario("durable create", "≥ 3,000/s SQLite, 5,000/s PG", n ->
        RawHttpConnection.request("POST", "/v2/spaces", Dataset.ADMIN_KEY,
            "{\"name\":\"created-" + n + "-" + System.nanoTime() + "\",\"organization_id\":\""
                + publicId("Organization", 1, "Bnch") + "\"}"), null, false, 16));
    return list;
  }

  private static byte[] cursorKey(String url, String user) throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, null);
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT value FROM server_settings WHERE name = 'cursor_signing_key'")) {
      rs.next();
      return HexFormat.of().parseHex(rs.getString(1));
    }
  }

  private static String publicId(String type, long n, String suffix) {
    return java.util.Base64.getEncoder().encodeToString(
        (type + ":" + n + ":" + suffix).getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    return options;
  }
}
