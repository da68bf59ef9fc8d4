package dev.spaceport.server.spaces;

import static dev.spaceport.server.http.Authenticator.actor;
import static dev.spaceport.server.http.Authenticator.caller;

import dev.spaceport.api.MembershipInput;
import dev.spaceport.api.SpaceCreateRequest;
import dev.spaceport.api.SpaceList;
import dev.spaceport.api.SpaceUpdateRequest;
import dev.spaceport.server.http.Authenticator;
import dev.spaceport.server.http.KeyClaim;
import dev.spaceport.server.http.PathIds;
import dev.spaceport.server.http.QueryParams;
import dev.spaceport.server.http.RequestBodies;
import dev.spaceport.server.http.Responses;
import dev.spaceport.server.idempotency.Idempotency;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.NameMatch;
import dev.spaceport.server.paging.PageRequests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/** {@code /v2/spaces}: parse, call one service method, render. */
public final class SpaceRoutes {

  private static final String SPACES = "/v2/spaces";

  private final SpaceService spaces;
  private final SpaceMembers members;
  private final PageRequests pages;

  public SpaceRoutes(SpaceService spaces, SpaceMembers members, PageRequests pages) {
    this.spaces = spaces;
    this.members = members;
    this.pages = pages;
  }

  /**
   * Whether the request is a space's create that confirms the caller's key with its own write
   * ({@link SpaceService#create}); without an {@code Idempotency-Key}, whose record is written in
   * the same transaction (the create then takes the long way, and the key is confirmed before).
   */
  public static boolean confirmsTheKeyItself(Context ctx) {
    return ctx.method() == HandlerType.POST && ctx.path().equals(SPACES)
        && ctx.header(Idempotency.HEADER) == null;
  }

  public void register(RoutesConfig routes) {
    routes.get(SPACES, this::list);
    routes.post(SPACES, ctx -> {
      // The create confirms the caller's key itself, with its write (SpaceService).
      KeyClaim claim = Authenticator.claim(ctx);
      SpaceCreateRequest body = claim.confirmedIfItThrows(
          () -> RequestBodies.read(ctx, SpaceCreateRequest.class));
      Responses.created(ctx, spaces.create(claim, body));
    });
    routes.get("/v2/spaces/{space_id}", ctx -> Responses.ok(ctx,
        spaces.get(caller(ctx), spaceId(ctx))));
    routes.patch("/v2/spaces/{space_id}", ctx -> Responses.ok(ctx,
        spaces.update(actor(ctx), spaceId(ctx), RequestBodies.read(ctx, SpaceUpdateRequest.class))));
    routes.delete("/v2/spaces/{space_id}", ctx -> {
      spaces.delete(actor(ctx), spaceId(ctx));
      Responses.noContent(ctx);
    });
    routes.get("/v2/spaces/{space_id}/users", ctx -> {
      PublicId space = spaceId(ctx);
      Responses.ok(ctx, members.list(caller(ctx), space,
          pages.read(ctx, "space-members|" + space.encoded())));
    });
    routes.post("/v2/spaces/{space_id}/users", ctx -> Responses.ok(ctx,
        members.add(actor(ctx), spaceId(ctx), RequestBodies.read(ctx, MembershipInput.class))));
    routes.delete("/v2/spaces/{space_id}/users/{user_id}", ctx -> {
      members.remove(actor(ctx), spaceId(ctx), PathIds.of(ctx, "user_id", IdType.User));
      Responses.noContent(ctx);
    });
  }

  private void list(Context ctx) {
    String orgParam = QueryParams.single(ctx, "org_id");
    PublicId org = orgParam == null || orgParam.isEmpty() ? null
        : PublicId.parse(orgParam, IdType.Organization, "org_id");
    String name = QueryParams.single(ctx, "name");
    NameMatch match = NameMatch.read(ctx, name);
    String scope = SpaceService.listScope(org == null ? null : org.encoded(), name, match);
    SpaceList page = spaces.list(caller(ctx), org, name, match, pages.read(ctx, scope));
    match.announce(ctx);
    Responses.ok(ctx, page);
  }

  private static PublicId spaceId(Context ctx) {
    return PathIds.of(ctx, "space_id", IdType.Space);
  }
}
