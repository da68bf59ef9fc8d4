package dev.spaceport.server.http;

import dev.spaceport.api.Problem;
import dev.spaceport.server.keys.ApiKeySecrets;
import dev.spaceport.server.store.StoreException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns everything a route can throw into a Problem response. Client mistakes arrive as
 * {@link ApiProblem}; anything else is our fault, logged with the request ID and answered without
 * internals.
 */
public final class ErrorMapping {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
  private static final String WRITTEN = "spaceport.problem-written";

  private ErrorMapping() {}

  public static void register(RoutesConfig routes) {
    routes.exception(ApiProblem.class, (e, ctx) -> write(ctx, e));
    routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx,
        ApiProblem.of(e.getStatus(), HttpStatus.getMessage(e.getStatus()), detail(e))));
    routes.exception(StoreException.class, (e, ctx) -> {
      LOG.error("store failure on {} {} (request {})", ctx.method(), loggable(ctx),
          RequestIds.of(ctx), e);
      write(ctx, ApiProblem.of(503, "Service Unavailable",
          "the store is unavailable; try again shortly"));
    });
    routes.exception(Exception.class, (e, ctx) -> {
      LOG.error("unexpected failure on {} {} (request {})", ctx.method(), loggable(ctx),
          RequestIds.of(ctx), e);
      write(ctx, ApiProblem.of(500, "Internal Server Error",
          "an unexpected error occurred; request ID " + RequestIds.of(ctx)));
    });
    routes.error(404, "*", ctx -> fallback(ctx, "no such route: " + ctx.method() + " "
        + ctx.path()));
    routes.error(405, "*", ctx -> fallback(ctx, "method " + ctx.method()
        + " is not allowed on " + ctx.path()));
    // A body that stops arriving (the connection's idle timeout): Javalin answers 408 itself.
    routes.error(408, "*", ctx -> fallback(ctx, "the request body did not arrive in time"));
  }

  public static void write(Context ctx, ApiProblem problem) {
    ctx.attribute(WRITTEN, Boolean.TRUE);
    Problem p = problem.toProblem(RequestIds.instance(ctx));
    // Details quote what the client sent; never a key (see ApiKeySecrets.scrub).
    Responses.problem(ctx, new Problem(p.type(), p.title(), p.status(),
        ApiKeySecrets.scrub(p.detail(), ctx.header("Authorization")), p.instance()));
  }

  /** The path, fit for a log line: without any key a client may have put into it. */
  private static String loggable(Context ctx) {
    return ApiKeySecrets.scrub(ctx.path(), ctx.header("Authorization"));
  }

  /** Javalin's own 404/405 (no route matched) — unless a route already wrote its own problem. */
  private static void fallback(Context ctx, String detail) {
    if (ctx.attribute(WRITTEN) != null) {
      return;
    }
    int status = ctx.statusCode();
    write(ctx, ApiProblem.of(status, HttpStatus.getMessage(status), detail));
  }

  private static String detail(HttpResponseException e) {
    if (e.getStatus() == 413) {
      return "the request body is larger than " + (Limits.MAX_BODY_BYTES / 1024) + " KiB";
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? HttpStatus.getMessage(e.getStatus()) : message;
  }
}
