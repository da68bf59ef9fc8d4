package dev.spaceport.server;

import dev.spaceport.server.access.Access;
import dev.spaceport.server.access.Caller;
import dev.spaceport.server.audit.AuditLogRoutes;
import dev.spaceport.server.audit.AuditLogService;
import dev.spaceport.server.bootstrap.AdminBootstrap;
import dev.spaceport.server.http.ApiProblem;
import dev.spaceport.server.http.Authenticator;
import dev.spaceport.server.http.ConcurrencyLimiter;
import dev.spaceport.server.http.ErrorMapping;
import dev.spaceport.server.http.KeyClaim;
import dev.spaceport.server.http.Limits;
import dev.spaceport.server.http.OperationsRoutes;
import dev.spaceport.server.http.ProblemErrorHandler;
import dev.spaceport.server.http.RateLimiter;
import dev.spaceport.server.http.RequestIds;
import dev.spaceport.server.http.Responses;
import dev.spaceport.server.http.SerialHttpConnectionFactory;
import dev.spaceport.server.idempotency.Idempotency;
import dev.spaceport.server.keys.ApiKeyRoutes;
import dev.spaceport.server.keys.ApiKeyService;
import dev.spaceport.server.keys.KeyUsage;
import dev.spaceport.server.ops.AccessLog;
import dev.spaceport.server.ops.Logging;
import dev.spaceport.server.ops.Metrics;
import dev.spaceport.server.organizations.OrganizationRoutes;
import dev.spaceport.server.organizations.OrganizationService;
import dev.spaceport.server.paging.Cursors;
import dev.spaceport.server.paging.PageRequests;
import dev.spaceport.server.paging.SigningKeys;
import dev.spaceport.server.roles.RoleBindingService;
import dev.spaceport.server.roles.RoleRoutes;
import dev.spaceport.server.roles.RoleService;
import dev.spaceport.server.spaces.SpaceMembers;
import dev.spaceport.server.spaces.SpaceRoutes;
import dev.spaceport.server.spaces.SpaceService;
import dev.spaceport.server.store.Database;
import dev.spaceport.server.store.Stores;
import dev.spaceport.server.users.UserRoutes;
import dev.spaceport.server.users.UserService;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A running Spaceport: the store, the services and the HTTP server, wired in one visible place.
 * Start with {@link #start(ServerConfig)}; {@link #close()} shuts down gracefully: readiness goes
 * false, the listener closes, in-flight requests finish (up to the configured shutdown timeout),
 * then the store closes.
 */
public final class SpaceportServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SpaceportServer.class);
  /** How stale {@code last_used_at} may get. */
  static final long KEY_USAGE_FLUSH_SECONDS = 10;
  /**
   * Store upkeep ({@link Database#maintain}): soon after start, so a freshly loaded store is tidied
   * before it is busy, then every minute.
   */
  static final long STORE_UPKEEP_FIRST_SECONDS = 5;
  static final long STORE_UPKEEP_SECONDS = 60;
  /** Every API route's path starts with this. */
  private static final String API_PREFIX = "/v2/";

  private final ServerConfig config;
  private final Database db;
  private final Javalin http;
  private final Metrics metrics;
  private final AtomicBoolean ready;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Optional<String> generatedAdminKey;
  private final ScheduledExecutorService housekeeping;
  private final KeyUsage keyUsage;

  private SpaceportServer(ServerConfig config, Database db, Javalin http, Metrics metrics,
      AtomicBoolean ready, Optional<String> generatedAdminKey,
      ScheduledExecutorService housekeeping, KeyUsage keyUsage) {
    this.config = config;
    this.db = db;
    this.http = http;
    this.metrics = metrics;
    this.ready = ready;
    this.generatedAdminKey = generatedAdminKey;
    this.housekeeping = housekeeping;
    this.keyUsage = keyUsage;
  }

  public static SpaceportServer start(ServerConfig config) {
    if (config.logFormat() != null) {
      Logging.configure(config.logFormat());
    }
    try {
      return startConfigured(config);
    } finally {
      // What starting logged (after a failure, what explains it) goes out before the caller
      // prints anything of its own.
      Logging.flush();
    }
  }

  private static SpaceportServer startConfigured(ServerConfig config) {
    Clock clock = Clock.systemUTC();
    Metrics metrics = new Metrics();
    Database db;
    try {
      db = Stores.open(config.dataDir(), config.databaseUrl(), config.databaseUser(),
          config.databasePassword(), metrics.registry());
    } catch (RuntimeException e) {
      metrics.close();
      throw e;
    }
    try {
      Optional<String> adminKey = AdminBootstrap.ensureAdmin(db, config.dataDir(),
          config.adminApiKey(), clock);
      Idempotency idempotency = new Idempotency(db, clock);
      AtomicBoolean ready = new AtomicBoolean(true);
      KeyUsage keyUsage = new KeyUsage(db, clock::millis);
      RateLimiter rateLimiter = RateLimiter.forStore(config.rateLimit(), db,
          metrics::rateLimited);
      ConcurrencyLimiter concurrency = new ConcurrencyLimiter(
          config.maxConcurrentRequestsPerKey(), metrics::concurrencyLimited);
      Javalin http = Javalin.create(c -> configure(c, config, db, clock, idempotency, metrics,
          ready, keyUsage, rateLimiter, concurrency));
      http.start();
      // Two threads: a long store upkeep (a name index merge at 1M spaces takes seconds) must
      // not hold up the key usage flush, which promises staleness of at most ~10 s.
      ScheduledExecutorService housekeeping = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "spaceport-housekeeping");
        t.setDaemon(true);
        return t;
      });
      housekeeping.scheduleWithFixedDelay(() -> quietly("idempotency purge",
          idempotency::purgeExpired), 1, 60, TimeUnit.MINUTES);
      housekeeping.scheduleWithFixedDelay(() -> quietly("rate limit state purge",
          rateLimiter::forgetIdle), 60, 60, TimeUnit.MINUTES);
      housekeeping.scheduleWithFixedDelay(() -> quietly("concurrency state purge",
          concurrency::forgetIdle), 60, 60, TimeUnit.MINUTES);
      housekeeping.scheduleWithFixedDelay(() -> quietly("store upkeep", db::maintain),
          STORE_UPKEEP_FIRST_SECONDS, STORE_UPKEEP_SECONDS, TimeUnit.SECONDS);
      housekeeping.scheduleWithFixedDelay(() -> quietly("key usage flush", keyUsage::flush),
          KEY_USAGE_FLUSH_SECONDS, KEY_USAGE_FLUSH_SECONDS, TimeUnit.SECONDS);
      return new SpaceportServer(config, db, http, metrics, ready, adminKey, housekeeping,
          keyUsage);
    } catch (RuntimeException e) {
      db.close();
      metrics.close();
      throw e;
    }
  }

  private static void quietly(String task, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.warn("{} failed", task, e);
    }
  }

  /**
   * Javalin and Jetty's HTTP settings as {@code serve} runs them, listening on {@code host} and
   * {@code port}: limits, no compression, exact routes, the connector and the URI rules. (The
   * benchmark's framework-cost server uses them too, so it measures the same HTTP stack.)
   */
  public static void configureHttp(JavalinConfig c, String host, int port) {
    c.startup.showJavalinBanner = false;
    c.startup.showOldJavalinVersionWarning = false;
    c.jetty.host = host;
    c.jetty.port = port;
    c.http.maxRequestSize = Limits.MAX_BODY_BYTES;
    c.http.prefer405over404 = true;
    // Answers are small JSON documents; deciding per response whether to gzip cost more CPU than
    // a get's own work. A reverse proxy in front can compress for slow links (deployment docs).
    c.http.compressionStrategy = CompressionStrategy.NONE;
    // Bodies are written by Responses.writeSettledBody; Javalin then copies an empty stream, with a
    // buffer of this size allocated per request (Jetty's own output buffer is unaffected).
    c.http.responseBufferSize = 1024;
    // "/v2/spaces/" is not "/v2/spaces": the server answers only the routes openapi.yaml lists.
    c.router.ignoreTrailingSlashes = false;
    c.jetty.addConnector((server, http) -> {
      // Jetty's HTTP/1.1 factory, but a connection's read loop never runs on two threads at once
      // (SerialHttpConnectionFactory says why: a refused request could get a fresh connection's
      // request handled twice).
      ServerConnector connector = new ServerConnector(server,
          new SerialHttpConnectionFactory(http));
      connector.setHost(host);
      connector.setPort(port);
      connector.setIdleTimeout(Limits.idleTimeoutMillis());
      return connector;
    });
    c.jetty.modifyHttpConfiguration(h -> {
      h.setSendServerVersion(false);
      h.setRequestHeaderSize(Limits.MAX_HEADER_BYTES);
      // Jetty reuses header values it has seen on a connection (Authorization among them) and by
      // default matches them case-insensitively, so "Bearer ABC" would arrive as "Bearer abc".
      h.setHeaderCacheCaseSensitive(true);
      // Clients percent-encode '/' and '=' in IDs; the ID parser decides what is valid.
      h.setUriCompliance(UriCompliance.DEFAULT.with("spaceport",
          UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
          UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
    });
  }

  private static void configure(JavalinConfig c, ServerConfig config, Database db, Clock clock,
      Idempotency idempotency, Metrics metrics, AtomicBoolean ready, KeyUsage keyUsage,
      RateLimiter rateLimiter, ConcurrencyLimiter concurrency) {
    configureHttp(c, config.host(), config.port());
    AccessLog accessLog = new AccessLog(metrics, c.unsafe);
    c.jetty.modifyServer(server -> {
      server.setErrorHandler(new ProblemErrorHandler(accessLog::refused));
      // Graceful stop: on close the connector stops accepting and Jetty waits (up to the stop
      // timeout) for the requests in flight, which the GracefulHandler counts.
      server.setStopTimeout(config.shutdownTimeout().toMillis());
      server.setHandler(new GracefulHandler());
    });
    c.requestLogger.http(accessLog::log);
    c.jetty.modifyServletContextHandler(h -> {
      h.getServletHandler().setDecodeAmbiguousURIs(true);
      // Whatever way a request ends, the concurrency slot it took is given back.
      h.addFilter(concurrency.releasingFilter(), "/*",
          EnumSet.of(DispatcherType.REQUEST));
    });

    Access access = new Access();
    Cursors cursors = new Cursors(SigningKeys.cursorKey(db));
    PageRequests pages = new PageRequests(cursors);
    Authenticator authenticator = new Authenticator(db, clock, keyUsage);
    SpaceService spaces = new SpaceService(db, access, clock, cursors);

    // Every POST under /v2 honours Idempotency-Key; the wrapper runs after authentication.
    c.router.handlerWrapper(endpoint ->
        endpoint.method == HandlerType.POST && endpoint.path.startsWith(API_PREFIX)
            ? idempotency.wrap(endpoint.handler) : endpoint.handler);
    c.routes.before(RequestIds::assign);
    // Javalin answers HEAD on any GET route with an empty 200 without running the route (so even
    // for an invalid ID); HEAD is not part of the API.
    c.routes.before(ctx -> {
      if (ctx.method() == HandlerType.HEAD) {
        throw ApiProblem.of(405, "Method Not Allowed", "method HEAD is not allowed");
      }
    });
    // The API's handlers test the path's prefix themselves rather than being registered for
    // "/v2/*": Javalin matches a path pattern with a regular expression (and a new Matcher) for
    // every handler on every request, and these two run on every request.
    c.routes.before(ctx -> {
      if (!isApi(ctx)) {
        return;
      }
      ctx.header("Cache-Control", "no-store"); // responses may carry key secrets
      // On PostgreSQL a key this node remembers is looked up again at once, so that one no
      // longer good is a 401 before anything else is said, except on the one route that confirms
      // it with its own write (SpaceRoutes, KeyClaim).
      KeyClaim claim = authenticator.authenticate(ctx, SpaceRoutes.confirmsTheKeyItself(ctx));
      // The local, free check first: a request refused for concurrency costs no rate budget (nor,
      // unless its key is a claim, which a refusal confirms first, a store round trip). The slot
      // is held from here, before the body is read. Both go by the key alone.
      if (claim == null) {
        throttle(ctx, concurrency, rateLimiter);
      } else {
        claim.confirmedIfItThrows(() -> throttle(ctx, concurrency, rateLimiter));
      }
    });
    // Given back before the response goes out; the releasing filter is the safety net.
    c.routes.after(ctx -> {
      if (isApi(ctx)) {
        concurrency.release(ctx);
      }
    });
    // Javalin tries a method's routes in the order they were registered, each with a regular
    // expression until one matches: the spaces routes, the busiest, go first.
    new SpaceRoutes(spaces, new SpaceMembers(db, spaces, clock, cursors), pages)
        .register(c.routes);
    new OrganizationRoutes(new OrganizationService(db, access, clock, cursors), pages)
        .register(c.routes);
    new UserRoutes(new UserService(db, access, clock, cursors), pages).register(c.routes);
    new RoleRoutes(new RoleService(db, access, clock, cursors),
        new RoleBindingService(db, access, clock, cursors), pages).register(c.routes);
    new ApiKeyRoutes(new ApiKeyService(db, access, clock, cursors), pages).register(c.routes);
    new AuditLogRoutes(new AuditLogService(db, access, cursors), pages).register(c.routes);
    new OperationsRoutes(db, ready::get).register(c.routes);
    metrics.register(c.routes);
    ErrorMapping.register(c.routes);
    c.routes.after(Responses::writeSettledBody); // last: every body is settled by now
  }

  /** The per-key limits, by the request's key (claimed or confirmed); returns nothing. */
  private static Void throttle(Context ctx, ConcurrencyLimiter concurrency,
      RateLimiter rateLimiter) {
    Caller caller = Authenticator.claimedCaller(ctx);
    concurrency.acquire(ctx, caller);
    rateLimiter.admit(ctx, caller);
    return null;
  }

  /**
   * What Javalin's "/v2/*" matches: the API, as opposed to health, metrics and the document.
   * (Public for the benchmark's framework-cost server, which mirrors these handlers.)
   */
  public static boolean isApi(Context ctx) {
    return ctx.path().startsWith(API_PREFIX);
  }

  public int port() {
    return http.port();
  }

  /** The admin key created on this start, if the store was empty and no key was configured. */
  public Optional<String> generatedAdminKey() {
    return generatedAdminKey;
  }

  /** This server's metrics registry (what {@code GET /metrics} serves). */
  public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
    return metrics.registry();
  }

  /** False from the moment {@link #close()} starts: {@code /readyz} then answers 503. */
  public boolean isReady() {
    return ready.get();
  }

  /**
   * Graceful shutdown, safe to call more than once and from a shutdown hook (SIGTERM): readiness
   * goes false first, then the listener stops accepting, requests in flight get up to the
   * configured shutdown timeout to finish, and then the store is closed cleanly.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ready.set(false);
    LOG.info("shutting down: not ready; finishing requests in flight (up to {} ms)",
        config.shutdownTimeout().toMillis());
    housekeeping.shutdownNow();
    try {
      http.stop();
      quietly("key usage flush", keyUsage::flush);
    } finally {
      try {
        awaitHousekeeping();
        db.close();
      } finally {
        try {
          metrics.close();
          LOG.info("stopped");
        } finally {
          // Lines logged while closing go out now, not with the next batch: from a shutdown hook
          // (SIGTERM) the process may be about to end.
          Logging.flush();
        }
      }
    }
  }

  /** Lets a running housekeeping task (a merge step, a flush) end before the store closes. */
  private void awaitHousekeeping() {
    try {
      if (!housekeeping.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("housekeeping still running after 5 s; closing the store anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
