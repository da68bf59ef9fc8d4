package dev.spaceport.server.ops;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The server's metrics, one registry per server, scraped as Prometheus text at {@code GET /metrics}
 * (no key: it names no resource and no caller; bind the server to a private address if the numbers
 * themselves are sensitive). What is measured:
 *
 * <ul>
 *   <li>{@code http_server_requests_seconds} — every request by method, route template
 *       ({@code /v2/spaces/{space_id}}; {@code unmatched} for unknown paths and for requests
 *       Jetty refuses before routing) and status, a histogram;
 *   <li>{@code spaceport_ratelimit_rejections_total} — requests refused with 429 by the rate
 *       limit; {@code spaceport_concurrency_rejections_total} — by the per-key cap on requests in
 *       progress;
 *   <li>{@code spaceport_store_transactions_seconds} — store transactions by kind (read, write) and
 *       outcome (commit, rollback); {@code spaceport_store_write_lock_wait_seconds} — SQLite's
 *       single-writer queue; {@code hikaricp_*} — the connection pools;
 *   <li>JVM memory, GC, threads, class loading, CPU, uptime and file descriptors.
 * </ul>
 */
public final class Metrics implements AutoCloseable {

  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  /** Histogram buckets for request and transaction latency. */
  static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
      Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Counter rateLimitRejections;
  private final Counter concurrencyRejections;
  private final java.util.concurrent.ConcurrentHashMap<TimerKey, Timer> requestTimers =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * What one request timer is kept under. A record rather than a joined string: the method and
   * route are the same String objects on every request (their hashes cached, equal by identity),
   * where a joined string is built, hashed and compared character by character each time.
   */
  private record TimerKey(String method, String route, int status) {}

  public Metrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    rateLimitRejections = Counter.builder("spaceport.ratelimit.rejections")
        .description("Requests refused with 429 by the per-key rate limit")
        .register(registry);
    concurrencyRejections = Counter.builder("spaceport.concurrency.rejections")
        .description("Requests refused with 429 because their API key had the most requests "
            + "in progress allowed at once")
        .register(registry);
    // Load the request-timer classes now, not during the first request.
    request("GET", "warm-up", 0, 0);
    registry.find("http.server.requests").tag("route", "warm-up").meters()
        .forEach(registry::remove);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Counts one request refused by the rate limiter. */
  public void rateLimited() {
    rateLimitRejections.increment();
  }

  /** Counts one request refused by the per-key concurrency cap. */
  public void concurrencyLimited() {
    concurrencyRejections.increment();
  }

  /** Records one finished request. */
  public void request(String method, String route, int status, long nanos) {
    // One timer per (method, route, status), looked up here rather than rebuilt per request.
    requestTimers.computeIfAbsent(new TimerKey(method, route, status),
        k -> Timer.builder("http.server.requests")
            .description("HTTP requests by method, route template and status")
            .tags("method", method, "route", route, "status", Integer.toString(status))
            .serviceLevelObjectives(LATENCY_BUCKETS)
            .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** {@code GET /metrics}: the Prometheus text exposition format. */
  public void register(RoutesConfig routes) {
    routes.get("/metrics", this::scrape);
  }

  private void scrape(Context ctx) {
    ctx.contentType(CONTENT_TYPE).result(registry.scrape());
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
