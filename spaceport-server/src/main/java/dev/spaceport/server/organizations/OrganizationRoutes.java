package dev.spaceport.server.organizations;

import static dev.spaceport.server.http.Authenticator.actor;
import static dev.spaceport.server.http.Authenticator.caller;

import dev.spaceport.api.MembershipInput;
import dev.spaceport.api.OrganizationCreateRequest;
import dev.spaceport.api.OrganizationList;
import dev.spaceport.api.OrganizationUpdateRequest;
import dev.spaceport.server.http.PathIds;
import dev.spaceport.server.http.QueryParams;
import dev.spaceport.server.http.RequestBodies;
import dev.spaceport.server.http.Responses;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.NameMatch;
import dev.spaceport.server.paging.PageRequests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code /v2/organizations}. */
public final class OrganizationRoutes {

  private final OrganizationService organizations;
  private final PageRequests pages;

  public OrganizationRoutes(OrganizationService organizations, PageRequests pages) {
    this.organizations = organizations;
    this.pages = pages;
  }

  public void register(RoutesConfig routes) {
    routes.get("/v2/organizations", ctx -> {
      String name = QueryParams.single(ctx, "name");
      NameMatch match = NameMatch.read(ctx, name);
      OrganizationList page = organizations.list(caller(ctx), name, match,
          pages.read(ctx, OrganizationService.listScope(name, match)));
      match.announce(ctx);
      Responses.ok(ctx, page);
    });
    routes.post("/v2/organizations", ctx -> Responses.created(ctx, organizations.create(
        actor(ctx), RequestBodies.read(ctx, OrganizationCreateRequest.class))));
    routes.get("/v2/organizations/{org_id}", ctx -> Responses.ok(ctx,
        organizations.get(caller(ctx), orgId(ctx))));
    routes.patch("/v2/organizations/{org_id}", ctx -> Responses.ok(ctx, organizations.update(
        actor(ctx), orgId(ctx), RequestBodies.read(ctx, OrganizationUpdateRequest.class))));
    routes.delete("/v2/organizations/{org_id}", ctx -> {
      organizations.delete(actor(ctx), orgId(ctx));
      Responses.noContent(ctx);
    });
    routes.post("/v2/organizations/{org_id}/users", ctx -> Responses.ok(ctx,
        organizations.addUser(actor(ctx), orgId(ctx),
            RequestBodies.read(ctx, MembershipInput.class))));
    routes.delete("/v2/organizations/{org_id}/users/{user_id}", ctx -> {
      organizations.removeUser(actor(ctx), orgId(ctx), PathIds.of(ctx, "user_id", IdType.User));
      Responses.noContent(ctx);
    });
  }

  private static PublicId orgId(Context ctx) {
    return PathIds.of(ctx, "org_id", IdType.Organization);
  }
}
