package dev.spaceport.client;

import dev.spaceport.api.MembershipInput;
import dev.spaceport.api.Organization;
import dev.spaceport.api.OrganizationCreateRequest;
import dev.spaceport.api.OrganizationList;
import dev.spaceport.api.OrganizationMembership;
import dev.spaceport.api.OrganizationUpdateRequest;
import dev.spaceport.api.PredefinedRole;
import dev.spaceport.api.RoleAssignment;
import dev.spaceport.client.internal.ExactNames;
import dev.spaceport.client.internal.NameResolver;
import dev.spaceport.client.internal.Query;
import dev.spaceport.client.internal.Requester;
import java.util.Map;
import java.util.Objects;

/**
 * Organizations and their members. Methods taking {@code organization} accept an ID or a name,
 * resolved like space names.
 */
public final class OrganizationsClient {

  private final Requester requester;
  private final ExactNames<Organization> exactNames = new ExactNames<>(Organization::name);
  private final NameResolver<Organization> resolver;

  OrganizationsClient(Requester requester) {
    this.requester = requester;
    this.resolver = new NameResolver<>("organization", name -> exactNames.walk(name,
        (cursor, exact) -> send(name, new ListParams(NameResolver.PAGE_SIZE, cursor), exact)),
        Organization::name, Organization::id);
  }

  /** One page of the organizations the caller belongs to (all, for account admins). */
  public Page<Organization> list(OrganizationListParams params) {
    Objects.requireNonNull(params, "params");
    return fetch(params.name(), new ListParams(params.limit(), params.cursor()));
  }

  /**
   * One page of the organizations whose name contains {@code nameContains} (any case; null for
   * all); a shortcut for {@link #list(OrganizationListParams)}.
   */
  public Page<Organization> list(String nameContains, ListParams params) {
    return list(new OrganizationListParams(nameContains, params.limit(), params.cursor()));
  }

  /** The first page (50) of the organizations the caller belongs to. */
  public Page<Organization> list() {
    return list(OrganizationListParams.builder().build());
  }

  /**
   * Every organization the caller belongs to whose name contains {@code nameContains} (any case;
   * null for all), page by page as the iteration proceeds.
   */
  public PagedIterable<Organization> listAll(String nameContains) {
    return new PagedIterable<>(null,
        cursor -> fetch(nameContains, ListParams.FIRST_PAGE.withCursor(cursor)));
  }

  /** An organization by ID or exact name (see {@link #resolveId(String)}). */
  public Organization get(String organization) {
    return requester.get(path(resolveId(organization)), Map.of(), Organization.class);
  }

  /** Creates an organization (account admins only); names are unique in the account. */
  public Organization create(OrganizationCreateParams params) {
    Objects.requireNonNull(params, "params");
    return requester.post("/v2/organizations",
        new OrganizationCreateRequest(params.name(), params.description()), Organization.class);
  }

  /**
   * Creates an organization; {@code description} may be null (see
   * {@link #create(OrganizationCreateParams)}).
   */
  public Organization create(String name, String description) {
    return create(new OrganizationCreateParams(name, description));
  }

  /**
   * Changes an organization's name and/or description.
   *
   * @throws IllegalArgumentException if {@code changes} changes nothing (before any request)
   */
  public Organization update(String organization, OrganizationUpdateParams changes) {
    if (changes == null || changes.isEmpty()) {
      throw new IllegalArgumentException(
          "At least one of 'name' or 'description' must be provided");
    }
    return requester.patch(path(resolveId(organization)),
        new OrganizationUpdateRequest(changes.name(), changes.description()), Organization.class);
  }

  /**
   * Changes an organization; null leaves a field as it is (see
   * {@link #update(String, OrganizationUpdateParams)}).
   *
   * @throws IllegalArgumentException if both are null (before any request)
   */
  public Organization update(String organization, String newName, String newDescription) {
    return update(organization, new OrganizationUpdateParams(newName, newDescription));
  }

  /** Deletes the organization with all its spaces and memberships. Irreversible. */
  public void delete(String organization) {
    requester.delete(path(resolveId(organization)));
  }

  /** Adds a user to the organization or changes their role (upsert). */
  public OrganizationMembership addUser(String organization, String userId, PredefinedRole role) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(role, "role");
    return requester.post(path(resolveId(organization)) + "/users",
        new MembershipInput(userId, RoleAssignment.predefined(role)),
        OrganizationMembership.class);
  }

  /** Removes a user from the organization and from every space in it. */
  public void removeUser(String organization, String userId) {
    Objects.requireNonNull(userId, "userId");
    requester.delete(path(resolveId(organization)) + "/users/" + Requester.segment(userId));
  }

  /**
   * The ID for an organization given by ID or exact name (one {@code name_match=exact} request
   * against Spaceport; see {@link SpacesClient#resolveId(String)}).
   */
  public String resolveId(String organization) {
    return resolver.resolve(organization);
  }

  private Page<Organization> fetch(String name, ListParams params) {
    return send(name, params, false).body();
  }

  /** One list request; {@code exact} adds {@code name_match=exact}. */
  private Requester.Answer<Page<Organization>> send(String name, ListParams params,
      boolean exact) {
    return requester.getAnswer("/v2/organizations", Query.of("name", name,
        ExactNames.PARAM, exact ? "exact" : null, "limit", params.limit(),
        "cursor", params.cursor()), OrganizationList.class)
        .map(list -> Query.page(list.organizations(), list.pagination()));
  }

  private static String path(String id) {
    return "/v2/organizations/" + Requester.segment(id);
  }
}
