package dev.spaceport.server.ops;

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

  private final Metrics metrics;
  private final JavalinState javalin;

  /** @param javalin Javalin's state, to find the route of requests refused before routing */
  public AccessLog(Metrics metrics, JavalinState javalin) {
    this.metrics = metrics;
    this.javalin = javalin;
  }

  /** Javalin's request logger: runs once at the end of every request that reached Javalin. */
  public void log(Context ctx, Float millis) {
    AccessLine line;
    try {
      String route = route(ctx);
      int status = ctx.statusCode();
      double ms = millis == null ? 0 : millis;
      String method = ctx.method().name();
      metrics.request(method, route, status, (long) (ms * 1_000_000));
      String keyId = Authenticator.keyIdOrNull(ctx);
      String path = ApiKeySecrets.scrub(ctx.path(), ctx.header("Authorization"));
      line = new AccessLine(method, route, path, status, Math.round(ms * 1000) / 1000.0,
          RequestIds.of(ctx), keyId == null ? "-" : keyId);
    } finally {
      // The line's own fields leave the MDC, so JSON has each once (and, whatever happened, no
      // request's IDs linger on this pooled thread).
      RequestIds.clearMdc();
    }
    LOG.info("{}", line);
  }

  /**
   * A request Jetty answered itself before it reached a route ({@code ProblemErrorHandler}): the
   * same line and metric, with route {@value #UNMATCHED}, no path (an unparseable target is not
   * logged; it may hold anything) and no key.
   *
   * @param method null when the request could not be parsed
   */
  public void refused(String method, int status, String requestId, long nanos) {
    String m = method == null ? "-" : method;
    metrics.request(m, UNMATCHED, status, nanos);
    LOG.info("{}", new AccessLine(m, UNMATCHED, null, status,
        Math.round(nanos / 1000.0) / 1000.0, requestId, "-"));
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
