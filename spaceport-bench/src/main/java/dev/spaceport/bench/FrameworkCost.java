package dev.spaceport.bench;

import dev.spaceport.server.store.Stores;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits a get's server CPU into the framework's share and ours: the bare-Jetty reference, the
 * Javalin app of {@link FrameworkServer} with Spaceport's per-request layers added one at a time,
 * and Spaceport's real get (SQLite, 1,000 spaces), all sent the very same request bytes, measured
 * in rounds that alternate them (the order rotating each round), so every variant sees the same
 * moments of a shared machine. Prints server CPU µs per request per round, and the medians.
 *
 * <p>Arguments: {@code --rounds 5 --seconds 5 --warmup 30} (seconds of load per server before
 * the first round); {@code --layers "a,b;a,b,c"} (the Javalin variants, instead of the cumulative
 * list below); {@code --only jetty,javalin,spaceport} (which
 * of the three to run); {@code --server-jvm "..."} (extra JVM options for Spaceport, e.g. to
 * profile it); {@code --classpath-b CP} (a second Spaceport from another build's classpath, for
 * an A/B comparison of two versions in the same rounds; both serve the same database);
 * {@code --list true} (send the "my spaces" page of a member of 100 spaces instead of the get:
 * meaningful for Spaceport only, so pair it with {@code --only spaceport}).
 */
public final class FrameworkCost {

  /** Cumulative: each variant adds its layer to the ones before. */
  private static final String[] LAYERS = {"none", "settled", "settled,ids",
      "settled,ids,v2", "settled,ids,v2,rate", "settled,ids,v2,rate,routes",
      "settled,ids,v2,rate,routes,metrics", "settled,ids,v2,rate,routes,access"};
  private static final int CONNECTIONS = 4;
  private static final int SPACES = 1000;

  private FrameworkCost() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
    double seconds = Double.parseDouble(options.getOrDefault("seconds", "5"));
    // Long: on a busy 2-core machine the JIT keeps compiling for a minute or more, and code not
    // yet compiled costs several times its steady CPU per request.
    double warmup = Double.parseDouble(options.getOrDefault("warmup", "30"));
    List<String> jvm = List.of("-Xms1g", "-Xmx1g");

    Path dir = Files.createTempDirectory("spaceport-framework-");
    Path file = dir.resolve(Stores.SQLITE_FILE_NAME);
    Stores.openSqlite(file).close();
    Dataset.load("jdbc:sqlite:" + file, null, SPACES);
    String id = java.util.Base64.getEncoder().encodeToString(("Space:" + SPACES / 2 + ":"
        + Dataset.suffix(SPACES / 2)).getBytes(StandardCharsets.UTF_8));
    // --list: the "my spaces" page of a member of 100 spaces instead (Spaceport variants only).
    byte[] request = Boolean.parseBoolean(options.getOrDefault("list", "false"))
        ? RawHttpConnection.request("GET", "/v2/spaces?limit=50", Dataset.FEW_KEY, null)
        : RawHttpConnection.request("GET",
            "/v2/spaces/" + URLEncoder.encode(id, StandardCharsets.UTF_8), Dataset.ADMIN_KEY, null);

    List<String> spaceportJvm = new ArrayList<>(jvm);
    if (options.containsKey("server-jvm")) {
      spaceportJvm.addAll(List.of(options.get("server-jvm").trim().split("\\s+")));
    }
    List<String> only = List.of(options.getOrDefault("only", "jetty,javalin,spaceport")
        .split(","));
    Map<String, ChildProcess> servers = new LinkedHashMap<>();
    try {
      if (only.contains("jetty")) {
        servers.put("jetty reference", ChildProcess.start(ReferenceServer.class, jvm));
      }
      String[] layerSets = options.containsKey("layers") ? options.get("layers").split(";")
          : LAYERS;
      for (String layers : only.contains("javalin") ? layerSets : new String[0]) {
        servers.put("javalin +" + layers, ChildProcess.start(FrameworkServer.class, jvm, layers));
      }
      if (only.contains("spaceport")) {
        servers.put("spaceport get", ChildProcess.start(ServerNode.class, spaceportJvm,
            dir.toString(), Dataset.ADMIN_KEY));
      }
      if (options.containsKey("classpath-b")) {
        servers.put("spaceport get (B)", ChildProcess.start(options.get("classpath-b"),
            ServerNode.class, spaceportJvm, dir.toString(), Dataset.ADMIN_KEY));
      }
      List<String> names = new ArrayList<>(servers.keySet());
      for (String name : names) { // JIT and caches, before any measurement
        Load.maxRate(servers.get(name).port(), CONNECTIONS, warmup, n -> request);
      }
      Map<String, double[]> cpu = new LinkedHashMap<>();
      names.forEach(n -> cpu.put(n, new double[rounds]));
      for (int r = 0; r < rounds; r++) {
        System.err.printf("round %d, load %s%n", r + 1, Machine.loadAverage());
        for (int i = 0; i < names.size(); i++) {
          String name = names.get((i + r) % names.size());
          ChildProcess server = servers.get(name);
          Load.maxRate(server.port(), CONNECTIONS, 1, n -> request);
          long cpu0 = server.cpuNanos();
          Load.Result result = Load.maxRate(server.port(), CONNECTIONS, seconds, n -> request);
          cpu.get(name)[r] = (server.cpuNanos() - cpu0) / 1e3 / Math.max(1, result.requests());
          if (result.errors() > 0) {
            System.err.printf("  %s: %d errors%n", name, result.errors());
          }
        }
      }
      System.out.printf("load average at the end: %s%n", Machine.loadAverage());
      System.out.println("| variant | server CPU µs/req per round | median |");
      System.out.println("|---|---|---|");
      for (String name : names) {
        double[] v = cpu.get(name);
        StringBuilder runs = new StringBuilder();
        for (double x : v) {
          runs.append(runs.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", x));
        }
        System.out.printf(Locale.ROOT, "| %s | %s | %.1f |%n", name, runs, median(v));
      }
    } finally {
      servers.values().forEach(ChildProcess::close);
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
