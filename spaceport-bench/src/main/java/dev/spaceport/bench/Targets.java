package dev.spaceport.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The performance targets (issue "Performance: measured, reported, and ahead of the reference
 * points"), each judged from the run's measurements. Size-dependent targets use the largest size
 * measured (the 1M when the run included it) and compare it with the smallest.
 *
 * <p>The issue sets its targets on SQLite "unless stated"; it states PostgreSQL goals only for
 * filtered lists and creates. The other targets are still measured on PostgreSQL and shown
 * against SQLite's goal, marked as not binding there.
 */
final class Targets {

  /**
   * One target: what, the goal, what was measured (with where), whether it was met, and whether
   * the issue sets that goal for this store (else it is SQLite's, shown for comparison).
   */
  record Target(String what, String goal, String measured, boolean met, boolean binding) {

    String verdict() {
      if (!binding) {
        return (met ? "met" : "not met") + " (SQLite's goal; not set for this store)";
      }
      return met ? "met" : "**missed**";
    }
  }

  private final List<Report.Row> rows;
  private final List<Report.Sdk> sdks;
  private final List<Target> targets = new ArrayList<>();

  Targets(List<Report.Row> rows, List<Report.Sdk> sdks) {
    this.rows = rows;
    this.sdks = sdks;
  }

  List<Target> evaluate() {
    for (String store : rows.stream().map(Report.Row::store).distinct().toList()) {
      int largest = rows.stream().filter(r -> r.store().equals(store))
          .mapToInt(Report.Row::size).max().orElseThrow();
      int smallest = rows.stream().filter(r -> r.store().equals(store))
          .mapToInt(Report.Row::size).min().orElseThrow();
      throughput(store, largest);
      halfRateLatency(store, largest);
      scale(store, smallest, largest);
      filteredAtScale(store, largest);
      creates(store, largest);
      cpu(store, largest);
    }
    for (Report.Sdk sdk : sdks) {
      long p50 = sdk.result().sdk().getValueAtPercentile(50);
      addSqliteGoal(sdk.store(), sdk.store() + ": SDK `get` round trip, one connection",
          "p50 ≤ 150 µs",
          String.format(Locale.ROOT, "p50 %d µs (raw bytes %d µs, bare Jetty %d µs)", p50,
              sdk.result().raw().getValueAtPercentile(50),
              sdk.result().reference().getValueAtPercentile(50)), p50 <= 150);
      add(sdk.store() + ": SDK name resolution", "1 list request",
          String.format(Locale.ROOT, "%d request(s) for a name %,d other names contain",
              sdk.result().resolveRequests(), sdk.result().substringMatches()),
          sdk.result().resolveRequests() == 1);
    }
    return targets;
  }

  private void throughput(String store, int size) {
    find(store, size, Scenario.GET).ifPresent(r -> addSqliteGoal(store, where(store, size)
        + ": get by ID throughput", "≥ 30% of bare Jetty", percent(r.ratio()),
        r.ratio() >= 0.30));
    find(store, size, Scenario.MY_SPACES_FEW).ifPresent(r -> addSqliteGoal(store,
        where(store, size) + ": list page of 50, access-filtered", "≥ 10% of bare Jetty",
        percent(r.ratio()), r.ratio() >= 0.10));
  }

  private void halfRateLatency(String store, int size) {
    find(store, size, Scenario.GET).ifPresent(r -> p99(store, size, r, 2));
    for (String name : List.of(Scenario.MY_SPACES_FEW, Scenario.ADMIN_FIRST,
        Scenario.filtered(Dataset.COMMON), Scenario.filtered(Dataset.RARE),
        Scenario.filtered(Dataset.ABSENT))) {
      find(store, size, name).ifPresent(r -> p99(store, size, r, 5));
    }
  }

  private void p99(String store, int size, Report.Row r, double goalMillis) {
    double p99 = r.millis(99);
    double floor = r.referenceMillis(99);
    String measured = Double.isNaN(floor) ? ms(p99)
        : ms(p99) + " (bare Jetty at the same rate: " + ms(floor) + "; at half its own maximum: "
            + ms(r.referenceOwnHalfMillis(99)) + ")";
    addSqliteGoal(store, where(store, size) + ": " + r.scenario().name()
        + ", p99 at half the maximum rate",
        String.format(Locale.ROOT, "≤ %.0f ms", goalMillis), measured, p99 <= goalMillis);
  }

  private void scale(String store, int smallest, int largest) {
    if (smallest != largest) {
      for (String name : List.of(Scenario.ADMIN_FIRST, Scenario.ADMIN_DEEP,
          Scenario.filtered(Dataset.COMMON), Scenario.filtered(Dataset.RARE),
          Scenario.filtered(Dataset.ABSENT))) {
        compare(store, store + ": " + name + ", " + String.format(Locale.ROOT, "%,d", largest)
            + " vs " + String.format(Locale.ROOT, "%,d", smallest) + " spaces",
            find(store, largest, name), find(store, smallest, name));
      }
    }
    compare(store, where(store, largest) + ": my spaces, 100k memberships vs 100",
        find(store, largest, Scenario.MY_SPACES_MANY), find(store, largest,
            Scenario.MY_SPACES_FEW));
    compare(store, where(store, largest) + ": my spaces (100k), page 90% deep vs first",
        find(store, largest, Scenario.MY_SPACES_MANY_DEEP), find(store, largest,
            Scenario.MY_SPACES_MANY));
  }

  /** Scale invariance at the median: p99s on a shared 2-core machine are mostly its noise. */
  private void compare(String store, String what, Optional<Report.Row> big,
      Optional<Report.Row> small) {
    if (big.isEmpty() || small.isEmpty()) {
      return;
    }
    double ratio = big.get().millis(50) / small.get().millis(50);
    addSqliteGoal(store, what, "p50 ≤ 1.5×", String.format(Locale.ROOT,
        "%.2f× (%s vs %s; p99 %s vs %s)", ratio, ms(big.get().millis(50)),
        ms(small.get().millis(50)), ms(big.get().millis(99)), ms(small.get().millis(99))),
        ratio <= 1.5);
  }

  private void filteredAtScale(String store, int size) {
    double goal = store.equals("postgres") ? 5 : 25;
    for (String term : List.of(Dataset.COMMON, Dataset.RARE, Dataset.ABSENT)) {
      find(store, size, Scenario.filtered(term)).ifPresent(r -> add(where(store, size)
          + ": filtered list '" + term + "', p99", String.format(Locale.ROOT, "≤ %.0f ms", goal),
          ms(r.millis(99)), r.millis(99) <= goal));
    }
  }

  private void creates(String store, int size) {
    double goal = store.equals("postgres") ? 5_000 : 3_000;
    find(store, size, Scenario.CREATE).ifPresent(r -> add(where(store, size)
        + ": durable creates, 64 connections", String.format(Locale.ROOT, "≥ %,.0f/s", goal),
        String.format(Locale.ROOT, "%,.0f/s", r.max().throughput()),
        r.max().throughput() >= goal));
  }

  private void cpu(String store, int size) {
    metric(store, size, Scenario.GET, "server CPU per get", 50, Report.Row::cpuMicrosPerRequest);
    metric(store, size, Scenario.MY_SPACES_FEW, "server CPU per list page", 150,
        Report.Row::cpuMicrosPerRequest);
  }

  private void metric(String store, int size, String scenario, String what, double goal,
      ToDoubleFunction<Report.Row> value) {
    find(store, size, scenario).ifPresent(r -> addSqliteGoal(store, where(store, size) + ": "
        + what,
        String.format(Locale.ROOT, "≤ %.0f µs", goal),
        String.format(Locale.ROOT, "%.0f µs", value.applyAsDouble(r)),
        value.applyAsDouble(r) <= goal));
  }

  private Optional<Report.Row> find(String store, int size, String scenario) {
    return rows.stream().filter(r -> r.store().equals(store) && r.size() == size
        && r.scenario().name().equals(scenario)).findFirst();
  }

  /** A target the issue sets for every store it names (or the one measured). */
  private void add(String what, String goal, String measured, boolean met) {
    targets.add(new Target(what, goal, measured, met, true));
  }

  /** A target the issue sets on SQLite only ("SQLite unless stated"). */
  private void addSqliteGoal(String store, String what, String goal, String measured,
      boolean met) {
    targets.add(new Target(what, goal, measured, met, store.equals("sqlite")));
  }

  private static String where(String store, int size) {
    return String.format(Locale.ROOT, "%s, %,d spaces", store, size);
  }

  private static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * ratio);
  }

  private static String ms(double millis) {
    return String.format(Locale.ROOT, "%.2f ms", millis);
  }
}
