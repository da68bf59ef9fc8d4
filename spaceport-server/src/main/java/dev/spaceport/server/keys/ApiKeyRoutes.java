package dev.spaceport.server.keys;

import static dev.spaceport.server.http.Authenticator.caller;

import dev.spaceport.api.ApiKeyCreateRequest;
import dev.spaceport.server.http.PathIds;
import dev.spaceport.server.http.RequestBodies;
import dev.spaceport.server.http.Responses;
import dev.spaceport.server.ids.IdType;
import io.javalin.config.RoutesConfig;

/** API key routes. */
public final class ApiKeyRoutes {

  private final ApiKeyService keys;

  public ApiKeyRoutes(ApiKeyService keys) {
    this.keys = keys;
  }

  public void register(RoutesConfig routes) {
    routes.post("/v2/users/{user_id}/api-keys", ctx -> Responses.created(ctx,
        keys.mintForUser(caller(ctx), PathIds.of(ctx, "user_id", IdType.User),
            RequestBodies.read(ctx, ApiKeyCreateRequest.class))));
  }
}
