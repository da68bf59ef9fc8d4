package dev.spaceport.server.users;

import static dev.spaceport.server.http.Authenticator.actor;
import static dev.spaceport.server.http.Authenticator.caller;

import dev.spaceport.api.UserCreateRequest;
import dev.spaceport.api.UserUpdateRequest;
import dev.spaceport.server.http.PathIds;
import dev.spaceport.server.http.QueryParams;
import dev.spaceport.server.http.RequestBodies;
import dev.spaceport.server.http.Responses;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.PageRequests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/** {@code /v2/users}. */
public final class UserRoutes {

  private final UserService users;
  private final PageRequests pages;

  public UserRoutes(UserService users, PageRequests pages) {
    this.users = users;
    this.pages = pages;
  }

  public void register(RoutesConfig routes) {
    routes.get("/v2/users", ctx -> {
      String email = QueryParams.single(ctx, "email");
      List<String> statuses = QueryParams.all(ctx, "status");
      Responses.ok(ctx, users.list(caller(ctx), email, statuses,
          pages.read(ctx, UserService.listScope(email, statuses))));
    });
    routes.post("/v2/users", ctx -> Responses.created(ctx,
        users.create(actor(ctx), RequestBodies.read(ctx, UserCreateRequest.class))));
    routes.get("/v2/users/{user_id}", ctx -> Responses.ok(ctx, users.get(caller(ctx), userId(ctx))));
    routes.patch("/v2/users/{user_id}", ctx -> Responses.ok(ctx,
        users.update(actor(ctx), userId(ctx), RequestBodies.read(ctx, UserUpdateRequest.class))));
    routes.delete("/v2/users/{user_id}", ctx -> {
      users.delete(actor(ctx), userId(ctx));
      Responses.noContent(ctx);
    });
  }

  private static PublicId userId(Context ctx) {
    return PathIds.of(ctx, "user_id", IdType.User);
  }
}
