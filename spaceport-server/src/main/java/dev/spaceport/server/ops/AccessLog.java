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
      String method = ctx.method().name();
      String path = ApiKeySecrets.scrub(ctx.path(), ctx.header("Authorization"));
      double duration = Math.round(ms * 1000) / 1000.0;
      String requestId = RequestIds.of(ctx);
      String key = keyId == null ? "-" : keyId;
      // The text line is built here, once: a structured argument renders itself through
      // java.text.MessageFormat, which cost more than the rest of the line. JSON output takes
      // the fields from the structured arguments, which text output ignores (one placeholder).
      String line = "method=" + method + " route=" + route + " path=" + path + " status="
          + status + " duration_ms=" + duration + " request_id=" + requestId + " key_id=" + key;
      LOG.info("{}", line, keyValue("method", method), keyValue("route", route),
          keyValue("path", path), keyValue("status", status), keyValue("duration_ms", duration),
          keyValue("request_id", requestId), keyValue("key_id", key));
    } finally {
      RequestIds.clearMdc();
    }
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
    LOG.info("{} {} {} {} {} {}", keyValue("method", m), keyValue("route", UNMATCHED),
        keyValue("status", status), keyValue("duration_ms", Math.round(nanos / 1000.0) / 1000.0),
        keyValue("request_id", requestId), keyValue("key_id", "-"));
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
