package dev.spaceport.server.ops;

import static net.logstash.logback.argument.StructuredArguments.keyValue;

import dev.spaceport.server.http.Authenticator;
import dev.spaceport.server.http.RequestIds;
import dev.spaceport.server.keys.ApiKeySecrets;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the logger {@value #LOGGER}, with the method, route template, path
 * (without any key a client put into it: {@link ApiKeySecrets#scrub}), status, duration, request
 * ID and the public ID of the API key (never the key). In JSON logs each is a field of its own;
 * in text logs the message reads {@code method=GET route=… status=200 …}.
 * Also feeds the request metrics, and clears the request's MDC afterwards.
 */
public final class AccessLog {

  public static final String LOGGER = "spaceport.access";
  public static final String UNMATCHED = "unmatched";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  static {
    keyValue("warm-up", 0); // load the structured-argument classes before the first request
  }

  private final Metrics metrics;
  private final JavalinState javalin;

  /** @param javalin Javalin's state, to find the route of requests refused before routing */
  public AccessLog(Metrics metrics, JavalinState javalin) {
    this.metrics = metrics;
    this.javalin = javalin;
  }

  /** Javalin's request logger: runs once at the end of every request that reached Javalin. */
  public void log(Context ctx, Float millis) {
    try {
      String route = route(ctx);
      int status = ctx.statusCode();
      double ms = millis == null ? 0 : millis;
      metrics.request(ctx.method().name(), route, status, (long) (ms * 1_000_000));
      String keyId = Authenticator.keyIdOrNull(ctx);
      // The fields below are the line's own; take them out of the MDC so JSON has each once.
      RequestIds.clearMdc();
      LOG.info("{} {} {} {} {} {} {}", keyValue("method", ctx.method().name()),
          keyValue("route", route), keyValue("path", ApiKeySecrets.scrub(ctx.path(),
              ctx.header("Authorization"))), keyValue("status", status),
          keyValue("duration_ms", Math.round(ms * 1000) / 1000.0),
          keyValue("request_id", RequestIds.of(ctx)), keyValue("key_id", keyId == null ? "-" : keyId));
    } finally {
      RequestIds.clearMdc();
    }
  }

  /** The matched route's template, so metrics have one series per route rather than per ID. */
  String route(Context ctx) {
    try {
      Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
      if (endpoint != null && endpoint.path != null) {
        return endpoint.path;
      }
      // Refused before routing (401, 429): the route the request would have reached.
      ParsedEndpoint route = javalin.internalRouter.findFirstHttpHandlerEntry(ctx.method(),
          ctx.path());
      return route == null ? UNMATCHED : route.endpoint.path;
    } catch (RuntimeException e) {
      return UNMATCHED;
    }
  }
}
