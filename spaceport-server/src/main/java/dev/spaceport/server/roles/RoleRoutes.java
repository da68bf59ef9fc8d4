package dev.spaceport.server.roles;

import static dev.spaceport.server.http.Authenticator.actor;
import static dev.spaceport.server.http.Authenticator.caller;

import dev.spaceport.api.RoleBindingCreateRequest;
import dev.spaceport.api.RoleBindingUpdateRequest;
import dev.spaceport.api.RoleCreateRequest;
import dev.spaceport.api.RoleUpdateRequest;
import dev.spaceport.server.http.PathIds;
import dev.spaceport.server.http.QueryParams;
import dev.spaceport.server.http.RequestBodies;
import dev.spaceport.server.http.Responses;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.PageRequests;
import io.javalin.config.RoutesConfig;

/** {@code /v2/roles} and {@code /v2/role-bindings}. */
public final class RoleRoutes {

  private final RoleService roles;
  private final RoleBindingService bindings;
  private final PageRequests pages;

  public RoleRoutes(RoleService roles, RoleBindingService bindings, PageRequests pages) {
    this.roles = roles;
    this.bindings = bindings;
    this.pages = pages;
  }

  public void register(RoutesConfig routes) {
    routes.get("/v2/roles", ctx -> {
      caller(ctx);
      Boolean predefined = QueryParams.bool(ctx, "is_predefined");
      Responses.ok(ctx, roles.list(predefined, pages.read(ctx, RoleService.listScope(predefined))));
    });
    routes.post("/v2/roles", ctx -> Responses.created(ctx,
        roles.create(actor(ctx), RequestBodies.read(ctx, RoleCreateRequest.class))));
    routes.get("/v2/roles/{role_id}", ctx -> {
      caller(ctx);
      Responses.ok(ctx, roles.get(PathIds.of(ctx, "role_id", IdType.Role)));
    });
    routes.patch("/v2/roles/{role_id}", ctx -> Responses.ok(ctx, roles.update(actor(ctx),
        PathIds.of(ctx, "role_id", IdType.Role), RequestBodies.read(ctx, RoleUpdateRequest.class))));
    routes.delete("/v2/roles/{role_id}", ctx -> {
      roles.delete(actor(ctx), PathIds.of(ctx, "role_id", IdType.Role));
      Responses.noContent(ctx);
    });

    routes.get("/v2/role-bindings", ctx -> {
      RoleBindingService.checkResourceType(QueryParams.single(ctx, "resource_type"));
      String user = QueryParams.single(ctx, "user_id");
      PublicId userId = user == null || user.isEmpty() ? null
          : PublicId.parse(user, IdType.User, "user_id");
      Responses.ok(ctx, bindings.list(caller(ctx), userId,
          pages.read(ctx, RoleBindingService.listScope(userId))));
    });
    routes.post("/v2/role-bindings", ctx -> Responses.created(ctx, bindings.create(actor(ctx),
        RequestBodies.read(ctx, RoleBindingCreateRequest.class))));
    routes.get("/v2/role-bindings/{binding_id}", ctx -> Responses.ok(ctx,
        bindings.get(caller(ctx), bindingId(ctx))));
    routes.patch("/v2/role-bindings/{binding_id}", ctx -> Responses.ok(ctx, bindings.update(
        actor(ctx), bindingId(ctx), RequestBodies.read(ctx, RoleBindingUpdateRequest.class))));
    routes.delete("/v2/role-bindings/{binding_id}", ctx -> {
      bindings.delete(actor(ctx), bindingId(ctx));
      Responses.noContent(ctx);
    });
  }

  private static PublicId bindingId(io.javalin.http.Context ctx) {
    return PathIds.of(ctx, "binding_id", IdType.RoleBinding);
  }
}
