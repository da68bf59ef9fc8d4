package dev.spaceport.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/** The benchmark report: a markdown table per store and size, and a latency-vs-size chart. */
final class Report {

  /** One measured scenario. {@code reference} and {@code halfRate} may be null. */
  record Row(String store, int size, Scenario scenario, Load.Result max, Load.Result reference,
      Load.Result halfRate, double cpuMicrosPerRequest) {

    String ratio() {
      return reference == null ? "–" : String.format(Locale.ROOT, "%.0f%%",
          100 * max.throughput() / reference.throughput());
    }

    String latency(double percentile) {
      return halfRate == null ? "–" : String.format(Locale.ROOT, "%.2f",
          halfRate.latencyMicros().getValueAtPercentile(percentile) / 1000.0);
    }
  }

  private final List<Row> rows = new ArrayList<>();

  void add(Row row) {
    rows.add(row);
  }

  void write(Path dir, String arguments) throws IOException {
    Files.createDirectories(dir);
    StringBuilder md = new StringBuilder();
    md.append("## Server benchmarks\n\n")
        .append(String.format(Locale.ROOT, "Run %s on %s (%d cores, %s, Java %s) with `bench/run.sh %s`.%n%n",
            Instant.now().toString().substring(0, 16).replace('T', ' '), host(),
            Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
            System.getProperty("java.version"), arguments))
        .append("Max throughput is closed-loop over keep-alive connections from a separate process; ")
        .append("*ratio* is Spaceport's throughput over the bare-Jetty reference serving the same ")
        .append("JSON from memory, measured in the same run. Latency is open-loop at half the ")
        .append("measured maximum (HdrHistogram, measured from each request's scheduled time). ")
        .append("CPU is the server process's user+system time per request at maximum rate.\n\n");
    Map<String, List<Row>> groups = new LinkedHashMap<>();
    for (Row row : rows) {
      groups.computeIfAbsent(row.store() + "|" + row.size(), k -> new ArrayList<>()).add(row);
    }
    for (List<Row> group : groups.values()) {
      Row first = group.get(0);
      md.append(String.format(Locale.ROOT, "### %s, %,d spaces%n%n", first.store(), first.size()))
          .append("| scenario | max req/s | ratio to reference | p50 ms | p99 ms | server CPU µs/req | target |\n")
          .append("|---|---|---|---|---|---|---|\n");
      for (Row r : group) {
        md.append(String.format(Locale.ROOT, "| %s | %.0f%s | %s | %s | %s | %.0f | %s |%n",
            r.scenario().name(), r.max().throughput(),
            r.max().errors() > 0 ? " (" + r.max().errors() + " errors)" : "", r.ratio(),
            r.latency(50), r.latency(99), r.cpuMicrosPerRequest(), r.scenario().target()));
      }
      md.append('\n');
    }
    Path chart = dir.resolve("latency-vs-size.png");
    if (chart(chart)) {
      md.append("![p99 latency at half of maximum rate against dataset size](")
          .append(chart.getFileName()).append(")\n");
    }
    Files.writeString(dir.resolve("server.md"), md.toString());
    System.out.println(md);
  }

  /** p99 against dataset size, one series per store and scenario; false when only one size. */
  private boolean chart(Path file) throws IOException {
    Map<String, TreeMap<Integer, Double>> series = new TreeMap<>();
    for (Row r : rows) {
      if (r.halfRate() != null) {
        series.computeIfAbsent(r.store() + ": " + r.scenario().name(), k -> new TreeMap<>())
            .put(r.size(), r.halfRate().latencyMicros().getValueAtPercentile(99) / 1000.0);
      }
    }
    if (series.values().stream().allMatch(points -> points.size() < 2)) {
      return false;
    }
    XYChart chart = new XYChartBuilder().width(1100).height(650)
        .title("p99 latency at half of maximum rate").xAxisTitle("spaces in the organization")
        .yAxisTitle("p99 ms").build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    for (Map.Entry<String, TreeMap<Integer, Double>> s : series.entrySet()) {
      XYSeries line = chart.addSeries(s.getKey(), new ArrayList<>(s.getValue().keySet()),
          new ArrayList<>(s.getValue().values()));
      line.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    return true;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "this machine";
    }
  }
}
