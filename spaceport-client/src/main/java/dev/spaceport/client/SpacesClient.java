package dev.spaceport.client;

import dev.spaceport.api.MembershipInput;
import dev.spaceport.api.Space;
import dev.spaceport.api.SpaceCreateRequest;
import dev.spaceport.api.SpaceList;
import dev.spaceport.api.SpaceMembership;
import dev.spaceport.api.SpaceMembershipList;
import dev.spaceport.api.SpaceUpdateRequest;
import dev.spaceport.client.internal.ExactNames;
import dev.spaceport.client.internal.NameResolver;
import dev.spaceport.client.internal.PreRelease;
import dev.spaceport.client.internal.PreRelease.Stage;
import dev.spaceport.client.internal.Query;
import dev.spaceport.client.internal.Requester;
import java.util.Map;
import java.util.Objects;

/**
 * Spaces: list, read, create, change, delete, and manage who is on them. Wherever a method takes
 * {@code space}, it accepts a space ID or a space name (resolved as Arize's SDK does; see
 * {@link #resolveId(String)}). Obtain it from {@link SpaceportClient#spaces()}.
 */
public final class SpacesClient {

  private final Requester requester;
  private final ExactNames<Space> exactNames = new ExactNames<>(Space::name);
  private final NameResolver<Space> resolver;

  SpacesClient(Requester requester) {
    this.requester = requester;
    this.resolver = new NameResolver<>("space", name -> exactNames.walk(name,
        (cursor, exact) -> send(new SpaceListParams(null, name, NameResolver.PAGE_SIZE, cursor),
            exact)),
        Space::name, Space::id);
  }

  /**
   * One page of the spaces the caller can access. With {@link SpaceListParams#exactName()} the
   * page may be short (even empty) while more follow, against servers without exact matching.
   */
  public Page<Space> list(SpaceListParams params) {
    PreRelease.warnOnce("spaces.list", Stage.BETA);
    if (params.exactName()) {
      return exactNames.page(params.name(), params.cursor(),
          (cursor, exact) -> send(params.withCursor(cursor), exact));
    }
    return fetch(params);
  }

  /** The first page (50) of the spaces the caller can access. */
  public Page<Space> list() {
    return list(SpaceListParams.builder().build());
  }

  /**
   * Every space matching {@code params}, fetched page by page as the iteration proceeds;
   * {@code params.cursor()}, if set, is where the walk starts.
   */
  public PagedIterable<Space> listAll(SpaceListParams params) {
    PreRelease.warnOnce("spaces.list", Stage.BETA);
    if (params.exactName()) {
      return PagedIterable.perWalk(params.cursor(), () -> exactNames.walk(params.name(),
          (cursor, exact) -> send(params.withCursor(cursor), exact)));
    }
    return new PagedIterable<>(params.cursor(), cursor -> fetch(params.withCursor(cursor)));
  }

  /** Every space the caller can access, 50 a page, fetched as the iteration proceeds. */
  public PagedIterable<Space> listAll() {
    return listAll(SpaceListParams.builder().build());
  }

  /** A space by ID or name. */
  public Space get(String space) {
    PreRelease.warnOnce("spaces.get", Stage.BETA);
    return requester.get(path(resolveId(space)), Map.of(), Space.class);
  }

  /**
   * Creates a space; its name must be unique within the organization. Retries are safe: the SDK
   * sends an idempotency key, so a retried create never makes two spaces.
   */
  public Space create(SpaceCreateParams params) {
    PreRelease.warnOnce("spaces.create", Stage.BETA);
    Objects.requireNonNull(params, "params");
    return requester.post("/v2/spaces", new SpaceCreateRequest(params.name(),
        params.organizationId(), params.description()), Space.class);
  }

  /** Creates a space; {@code description} may be null (see {@link #create(SpaceCreateParams)}). */
  public Space create(String name, String organizationId, String description) {
    PreRelease.warnOnce("spaces.create", Stage.BETA);
    return create(new SpaceCreateParams(name, organizationId, description));
  }

  /** Creates a space with an empty description (see the three-argument form). */
  public Space create(String name, String organizationId) {
    return create(name, organizationId, null);
  }

  /**
   * Changes a space's name and/or description.
   *
   * @throws IllegalArgumentException if {@code changes} changes nothing (before any request)
   */
  public Space update(String space, SpaceUpdateParams changes) {
    PreRelease.warnOnce("spaces.update", Stage.BETA);
    if (changes == null || changes.isEmpty()) {
      throw new IllegalArgumentException("At least one of 'name' or 'description' must be provided");
    }
    return requester.patch(path(resolveId(space)),
        new SpaceUpdateRequest(changes.name(), changes.description()), Space.class);
  }

  /** Deletes a space and everything in it. Irreversible. */
  public void delete(String space) {
    PreRelease.warnOnce("spaces.delete", Stage.BETA);
    requester.delete(path(resolveId(space)));
  }

  /**
   * Gives a user a role on a space, or changes the role they have (upsert). The user must already
   * belong to the space's organization.
   */
  public SpaceMembership addUser(String space, String userId, SpaceRole role) {
    PreRelease.warnOnce("spaces.add_user", Stage.ALPHA);
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(role, "role");
    return requester.post(path(resolveId(space)) + "/users",
        new MembershipInput(userId, role.toAssignment()), SpaceMembership.class);
  }

  /** Removes a user's membership and every role binding they have on the space. */
  public void removeUser(String space, String userId) {
    PreRelease.warnOnce("spaces.remove_user", Stage.ALPHA);
    Objects.requireNonNull(userId, "userId");
    requester.delete(path(resolveId(space)) + "/users/" + Requester.segment(userId));
  }

  /** One page of a space's memberships and custom role bindings. */
  public Page<SpaceMembership> listMembers(String space, ListParams params) {
    return fetchMembers(resolveId(space), params);
  }

  /** Every membership and custom binding of a space, page by page. */
  public PagedIterable<SpaceMembership> listAllMembers(String space) {
    String id = resolveId(space);
    return new PagedIterable<>(null,
        cursor -> fetchMembers(id, ListParams.FIRST_PAGE.withCursor(cursor)));
  }

  /**
   * The ID for {@code space}: itself when it decodes as an ID (strict base64 of UTF-8 text with a
   * ':'); otherwise the one space the caller can see with exactly that (case-sensitive) name.
   * Spaceport finds it with one exact-name request ({@code name_match=exact}); other servers by
   * every page of the substring filter's matches, as Arize's SDK does.
   *
   * @throws dev.spaceport.client.errors.NotFoundException if no visible space has that name
   * @throws dev.spaceport.client.errors.AmbiguousNameException if several do
   */
  public String resolveId(String space) {
    return resolver.resolve(space);
  }

  private Page<Space> fetch(SpaceListParams params) {
    return send(params, false).body();
  }

  /** One list request; {@code exact} adds {@code name_match=exact}. */
  private Requester.Answer<Page<Space>> send(SpaceListParams params, boolean exact) {
    return requester.getAnswer("/v2/spaces", Query.of("org_id", params.organizationId(),
        "name", params.name(), ExactNames.PARAM, exact ? "exact" : null,
        "limit", params.limit(), "cursor", params.cursor()), SpaceList.class)
        .map(list -> Query.page(list.spaces(), list.pagination()));
  }

  private Page<SpaceMembership> fetchMembers(String spaceId, ListParams params) {
    SpaceMembershipList list = requester.get(path(spaceId) + "/users",
        Query.of("limit", params.limit(), "cursor", params.cursor()), SpaceMembershipList.class);
    return Query.page(list.memberships(), list.pagination());
  }

  private static String path(String spaceId) {
    return "/v2/spaces/" + Requester.segment(spaceId);
  }
}
