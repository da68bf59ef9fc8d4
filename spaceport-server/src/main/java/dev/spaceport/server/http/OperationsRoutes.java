package dev.spaceport.server.http;

import dev.spaceport.server.store.Database;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** The routes that need no key: liveness, readiness, and the OpenAPI document. */
public final class OperationsRoutes {

  /** The contract document, shipped at the classpath root of {@code spaceport-api}. */
  public static final String OPENAPI_RESOURCE = "/openapi.yaml";

  private final Database db;
  private final BooleanSupplier accepting;
  private final byte[] openapi;

  public OperationsRoutes(Database db) {
    this(db, () -> true);
  }

  /** @param accepting false once the server is shutting down: then {@code /readyz} is a 503 */
  public OperationsRoutes(Database db, BooleanSupplier accepting) {
    this.db = db;
    this.accepting = accepting;
    this.openapi = loadOpenApi();
  }

  public void register(RoutesConfig routes) {
    routes.get("/healthz", ctx -> Responses.ok(ctx, Map.of("status", "ok")));
    routes.get("/readyz", ctx -> {
      if (!accepting.getAsBoolean()) {
        ErrorMapping.write(ctx, ApiProblem.of(503, "Service Unavailable",
            "the server is shutting down"));
      } else if (db.isReachable()) {
        Responses.ok(ctx, Map.of("status", "ok"));
      } else {
        ErrorMapping.write(ctx, ApiProblem.of(503, "Service Unavailable",
            "the store is not reachable"));
      }
    });
    routes.get("/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(openapi));
  }

  private static byte[] loadOpenApi() {
    try (InputStream in = OperationsRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
