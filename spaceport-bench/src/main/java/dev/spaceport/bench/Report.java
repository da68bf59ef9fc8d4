package dev.spaceport.bench;

import java.io.IOException;
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
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The benchmark report, BENCHMARKS.md: every target with its measured value and verdict
 * ({@link Targets}), the machine and command, a table per store and size, latency-against-size
 * charts, and the hand-written notes on misses ({@code bench/NOTES.md}) appended as they are.
 */
final class Report {

  /** One measured scenario. {@code reference} and {@code halfRate} may be null. */
  record Row(String store, int size, Scenario scenario, Load.Result max, Load.Result reference,
      Load.Result halfRate, Load.Result referenceAtHalfRate,
      Load.Result referenceAtItsOwnHalfRate, double cpuMicrosPerRequest) {

    /** Throughput as a fraction of the reference's, or NaN without one. */
    double ratio() {
      return reference == null ? Double.NaN : max.throughput() / reference.throughput();
    }

    /** Latency at half the maximum rate in ms, or NaN when not measured. */
    double millis(double percentile) {
      return millis(halfRate, percentile);
    }

    /**
     * The reference's latency at the same fixed rate in ms (the machine's own noise floor for
     * that rate), or NaN when not measured.
     */
    double referenceMillis(double percentile) {
      return millis(referenceAtHalfRate, percentile);
    }

    /**
     * The reference's latency at half its own maximum rate in ms (what the goal's "half the
     * maximum rate" gives bare Jetty itself on this machine), or NaN when not measured.
     */
    double referenceOwnHalfMillis(double percentile) {
      return millis(referenceAtItsOwnHalfRate, percentile);
    }

    private static double millis(Load.Result result, double percentile) {
      return result == null ? Double.NaN
          : result.latencyMicros().getValueAtPercentile(percentile) / 1000.0;
    }
  }

  /** The SDK measurements of one store. */
  record Sdk(String store, int size, SdkRoundTrip.Result result) {}

  private final List<Row> rows = new ArrayList<>();
  private final List<Sdk> sdks = new ArrayList<>();
  private final String loadAtStart = Machine.loadAverage();

  void add(Row row) {
    rows.add(row);
  }

  void add(Sdk sdk) {
    sdks.add(sdk);
  }

  void write(Path markdown, Path chartDir, String arguments, Path notes) throws IOException {
    Files.createDirectories(chartDir);
    StringBuilder md = new StringBuilder("# Benchmarks\n\n");
    md.append(String.format(Locale.ROOT, "Generated %s by `bench/run.sh %s` on %s. Load average "
            + "(1, 5, 15 min) at the start: %s; at the end: %s.%n%n",
        Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC", arguments,
        Machine.describe(), loadAtStart, Machine.loadAverage()));
    md.append("Throughput is closed-loop over keep-alive connections from a separate process; "
        + "*ratio* is Spaceport's throughput over a bare Jetty handler serving the same JSON from "
        + "memory, measured in the same run, because this machine is shared and absolute numbers "
        + "move with its load. Latency is open-loop at half the measured maximum (HdrHistogram, "
        + "from each request's scheduled time, so stalls count against every request they "
        + "delay). Every read route is loaded in turn before anything is measured (`--warmup`, "
        + "40 s by default), so the JIT has compiled what a request runs. CPU is the server "
        + "process's user+system time per request at maximum rate, without its JIT compiler "
        + "threads' (start-up work, not serving).\n\n");
    md.append("## Targets\n\n| target | goal | measured | verdict |\n|---|---|---|---|\n");
    for (Targets.Target t : new Targets(rows, sdks).evaluate()) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", t.what(), t.goal(),
          t.measured(), t.verdict()));
    }
    md.append('\n');
    for (String percentile : List.of("50", "99")) {
      Path chart = chartDir.resolve("latency-p" + percentile + "-vs-size.png");
      if (chart(chart, Double.parseDouble(percentile))) {
        md.append("![p").append(percentile).append(" latency at half of maximum rate against "
            + "dataset size](").append(relative(markdown, chart)).append(")\n\n");
      }
    }
    details(md);
    if (notes != null && Files.exists(notes)) {
      md.append(Files.readString(notes));
    }
    Files.writeString(markdown, md.toString());
    System.out.println(md);
  }

  private void details(StringBuilder md) {
    md.append("## All measurements\n\n");
    Map<String, List<Row>> groups = new LinkedHashMap<>();
    for (Row row : rows) {
      groups.computeIfAbsent(row.store() + "|" + row.size(), k -> new ArrayList<>()).add(row);
    }
    for (List<Row> group : groups.values()) {
      Row first = group.get(0);
      md.append(String.format(Locale.ROOT, "### %s, %,d spaces%n%n", first.store(), first.size()))
          .append("| scenario | max req/s | ratio to reference | p50 ms | p99 ms "
              + "| server CPU µs/req |\n|---|---|---|---|---|---|\n");
      for (Row r : group) {
        md.append(String.format(Locale.ROOT, "| %s | %.0f%s | %s | %s | %s | %.0f |%n",
            r.scenario().name(), r.max().throughput(),
            r.max().errors() > 0 ? " (" + r.max().errors() + " errors)" : "",
            Double.isNaN(r.ratio()) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * r.ratio()),
            ms(r.millis(50)), ms(r.millis(99)), r.cpuMicrosPerRequest()));
      }
      md.append('\n');
    }
    if (!sdks.isEmpty()) {
      md.append("### SDK, one connection, sequential (µs)\n\n| store | client | p50 | p90 | p99 |"
          + "\n|---|---|---|---|---|\n");
      for (Sdk s : sdks) {
        sdkRow(md, s.store(), "SpaceportClient.spaces().get", s.result().sdk());
        sdkRow(md, s.store(), "raw bytes, same GET", s.result().raw());
        sdkRow(md, s.store(), "raw bytes to the bare-Jetty reference", s.result().reference());
      }
      md.append('\n');
    }
  }

  private static void sdkRow(StringBuilder md, String store, String client,
      org.HdrHistogram.Histogram h) {
    md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d |%n", store, client,
        h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99)));
  }

  private static String ms(double value) {
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value);
  }

  /** One line per store and scenario against dataset size; false when only one size. */
  private boolean chart(Path file, double percentile) throws IOException {
    Map<String, TreeMap<Integer, Double>> series = new TreeMap<>();
    for (Row r : rows) {
      if (r.halfRate() != null) {
        series.computeIfAbsent(r.store() + ": " + r.scenario().name(), k -> new TreeMap<>())
            .put(r.size(), r.millis(percentile));
      }
    }
    if (series.values().stream().allMatch(points -> points.size() < 2)) {
      return false;
    }
    XYChart chart = new XYChartBuilder().width(1100).height(650)
        .title("p" + (int) percentile + " latency at half of maximum rate")
        .xAxisTitle("spaces in the organization").yAxisTitle("ms").build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true); // one stall must not flatten every other line
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    for (Map.Entry<String, TreeMap<Integer, Double>> s : series.entrySet()) {
      XYSeries line = chart.addSeries(s.getKey(), new ArrayList<>(s.getValue().keySet()),
          new ArrayList<>(s.getValue().values()));
      line.setMarker(SeriesMarkers.CIRCLE);
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    return true;
  }

  private static String relative(Path markdown, Path target) {
    Path base = markdown.toAbsolutePath().getParent();
    return base.relativize(target.toAbsolutePath()).toString();
  }
}
