package dev.spaceport.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.spaceport.server.SpaceportServer;
import dev.spaceport.server.access.Caller;
import dev.spaceport.server.audit.Actor;
import dev.spaceport.server.http.ConcurrencyLimiter;
import dev.spaceport.server.http.RateLimiter;
import dev.spaceport.server.http.RequestIds;
import dev.spaceport.server.http.Responses;
import dev.spaceport.server.ops.AccessLog;
import dev.spaceport.server.ops.LogFormat;
import dev.spaceport.server.ops.Logging;
import dev.spaceport.server.ops.Metrics;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import jakarta.servlet.DispatcherType;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The framework's own cost: a Javalin app on the same Jetty, configured as {@code SpaceportServer}
 * configures it, whose one route ({@code GET /v2/spaces/{space_id}}) answers the reference's canned
 * JSON. Compared with {@link ReferenceServer} (bare Jetty) it shows what Javalin's servlet costs;
 * compared with Spaceport's real get, what our own work costs. Run as its own process: prints
 * {@code PORT <n>}.
 *
 * <p>Arguments: the layers of Spaceport's per-request machinery to add, comma-separated (or
 * {@code none}): {@code settled} (bodies written by {@code Responses.writeSettledBody}),
 * {@code ids} (request IDs and the HEAD check), {@code v2} (the /v2 before/after handlers and the
 * concurrency filter, with a fixed caller in place of authentication), {@code rate} (the rate
 * limiter, on, with a limit no load here reaches), {@code routes} (the GET routes Spaceport
 * registers before the get's, which routing tries first), {@code metrics} (the request timer alone),
 * {@code access} (the access line, which records the timer too), and with it {@code json} (logs
 * as JSON lines, {@code serve}'s default, instead of text) or {@code unwritten} (the access
 * logger switched off: the line's cost without logback's part) or {@code unbatched} (text lines
 * written one {@code write} per line, as before they went out in batches). Logging is set up as
 * {@code serve} sets it up ({@code Logging.configure}) in every case.
 */
public final class FrameworkServer {

  private static final byte[] BODY = ReferenceServer.SPACE_JSON.getBytes(StandardCharsets.UTF_8);
  private static final Actor ACTOR = new Actor(new Caller(1, "admin", 1),
      "VXNlcjoxOmJGdUw=", "QXBpS2V5OjE6YkZ1TA==", null);

  private FrameworkServer() {}

  public static void main(String[] args) throws Exception {
    Set<String> layers = Set.of(args.length == 0 ? new String[0] : args[0].split(","));
    Javalin app = Javalin.create(c -> configure(c, layers));
    app.start();
    System.out.println("PORT " + app.port());
    System.out.flush();
    Thread.currentThread().join();
  }

  /**
   * Text lines through logback's console appender, one {@code write} per line: how Spaceport
   * logged before its lines went out in batches ({@code BatchedStderr}).
   */
  private static void unbatchedStderr() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.core.ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
        new ch.qos.logback.core.ConsoleAppender<>();
    appender.setContext(context);
    appender.setTarget("System.err");
    appender.setEncoder(Logging.encoder(LogFormat.TEXT, context));
    appender.start();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
  }

  private static void configure(JavalinConfig c, Set<String> layers) {
    // Jetty and Javalin exactly as SpaceportServer sets them up (thread pool: Javalin's default).
    SpaceportServer.configureHttp(c, "127.0.0.1", 0);
    c.jetty.modifyServer(server -> server.setHandler(new GracefulHandler()));
    c.jetty.modifyServletContextHandler(h -> h.getServletHandler().setDecodeAmbiguousURIs(true));

    Metrics metrics = new Metrics();
    // Logging as serve sets it up (text, as the benchmark's server logs, unless asked for JSON).
    Logging.configure(layers.contains("json") ? LogFormat.JSON : LogFormat.TEXT);
    if (layers.contains("unbatched")) {
      unbatchedStderr();
    }
    if (layers.contains("unwritten")) {
      // Everything the access line costs but logback's part: the call is made, and dropped.
      ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(AccessLog.LOGGER)
          .setLevel(Level.OFF);
    }
    if (layers.contains("access")) {
      c.requestLogger.http(new AccessLog(metrics, c.unsafe)::log);
    } else if (layers.contains("metrics")) {
      c.requestLogger.http((ctx, ms) -> metrics.request(ctx.method().name(),
          ctx.endpoints().matchedHttpEndpoint().path, ctx.statusCode(),
          (long) (ms * 1_000_000)));
    }
    if (layers.contains("ids")) {
      c.routes.before(RequestIds::assign);
      c.routes.before(ctx -> {
        if (ctx.method() == io.javalin.http.HandlerType.HEAD) {
          throw new IllegalStateException("HEAD");
        }
      });
    }
    if (layers.contains("v2")) {
      ConcurrencyLimiter concurrency = new ConcurrencyLimiter(0, () -> { });
      RateLimiter rate = new RateLimiter(layers.contains("rate") ? 1_000_000_000 : 0,
          System::nanoTime);
      c.jetty.modifyServletContextHandler(h -> h.addFilter(concurrency.releasingFilter(), "/*",
          EnumSet.of(DispatcherType.REQUEST)));
      // As SpaceportServer: a prefix test in handlers for every path, not a "/v2/*" pattern.
      c.routes.before(ctx -> {
        if (!SpaceportServer.isApi(ctx)) {
          return;
        }
        ctx.header("Cache-Control", "no-store");
        // Authentication's visible effects, without the key lookup (a store read).
        ctx.attribute("spaceport.caller", ACTOR.caller());
        ctx.attribute("spaceport.actor", ACTOR);
        MDC.put(RequestIds.MDC_KEY_ID, ACTOR.keyId());
        MDC.put(RequestIds.MDC_USER_ID, ACTOR.userId());
        concurrency.acquire(ctx, ACTOR.caller());
        rate.admit(ctx, ACTOR.caller());
      });
      c.routes.after(ctx -> {
        if (SpaceportServer.isApi(ctx)) {
          concurrency.release(ctx);
        }
      });
    }
    if (layers.contains("routes")) {
      // The GET route Spaceport registers before this one, a pattern tried first.
      c.routes.get("/v2/spaces", ctx -> ctx.status(200).result(BODY));
    }
    c.routes.get("/v2/spaces/{space_id}", ctx -> ctx.status(200)
        .contentType("application/json").result(BODY));
    if (layers.contains("settled")) {
      c.routes.after(Responses::writeSettledBody);
    }
  }
}
