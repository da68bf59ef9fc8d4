package dev.spaceport.server.keys;

import static dev.spaceport.server.http.Authenticator.actor;
import static dev.spaceport.server.http.Authenticator.caller;

import dev.spaceport.api.ApiKeyCreateRequest;
import dev.spaceport.api.ApiKeyRefreshRequest;
import dev.spaceport.server.http.PathIds;
import dev.spaceport.server.http.QueryParams;
import dev.spaceport.server.http.RequestBodies;
import dev.spaceport.server.http.Responses;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.PageRequests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code /v2/api-keys} (the caller's own keys) and minting for a user. */
public final class ApiKeyRoutes {

  private final ApiKeyService keys;
  private final PageRequests pages;

  public ApiKeyRoutes(ApiKeyService keys, PageRequests pages) {
    this.keys = keys;
    this.pages = pages;
  }

  public void register(RoutesConfig routes) {
    routes.get("/v2/api-keys", ctx -> {
      String keyType = emptyToNull(QueryParams.single(ctx, "key_type"));
      String status = emptyToNull(QueryParams.single(ctx, "status"));
      Responses.ok(ctx, keys.list(caller(ctx), keyType, status,
          pages.read(ctx, ApiKeyService.listScope(keyType, status))));
    });
    routes.post("/v2/api-keys", ctx -> Responses.created(ctx,
        keys.create(actor(ctx), RequestBodies.read(ctx, ApiKeyCreateRequest.class))));
    routes.delete("/v2/api-keys/{api_key_id}", ctx -> {
      keys.delete(actor(ctx), keyId(ctx));
      Responses.noContent(ctx);
    });
    routes.post("/v2/api-keys/{api_key_id}/refresh", ctx -> Responses.ok(ctx,
        keys.refresh(actor(ctx), keyId(ctx), optionalBody(ctx))));
    routes.post("/v2/users/{user_id}/api-keys", ctx -> Responses.created(ctx,
        keys.mintForUser(actor(ctx), PathIds.of(ctx, "user_id", IdType.User),
            RequestBodies.read(ctx, ApiKeyCreateRequest.class))));
  }

  /** Refresh takes an optional body: none at all means "same expiry, no grace period". */
  private static ApiKeyRefreshRequest optionalBody(Context ctx) {
    if (ctx.bodyAsBytes().length == 0) {
      return new ApiKeyRefreshRequest(null, null);
    }
    return RequestBodies.read(ctx, ApiKeyRefreshRequest.class);
  }

  private static PublicId keyId(Context ctx) {
    return PathIds.of(ctx, "api_key_id", IdType.ApiKey);
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
