package dev.spaceport.client;

import dev.spaceport.api.Permission;
import dev.spaceport.api.Role;
import dev.spaceport.api.RoleCreateRequest;
import dev.spaceport.api.RoleList;
import dev.spaceport.api.RoleUpdateRequest;
import dev.spaceport.client.internal.Query;
import dev.spaceport.client.internal.Requester;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Roles: the four predefined space roles and the account's custom roles. */
public final class RolesClient {

  private final Requester requester;

  RolesClient(Requester requester) {
    this.requester = requester;
  }

  /** One page of the roles matching {@code params}. */
  public Page<Role> list(RoleListParams params) {
    Objects.requireNonNull(params, "params");
    RoleList list = requester.get("/v2/roles", Query.of("is_predefined", params.predefined(),
        "limit", params.limit(), "cursor", params.cursor()), RoleList.class);
    return Query.page(list.roles(), list.pagination());
  }

  /**
   * One page of roles; a shortcut for {@link #list(RoleListParams)}.
   *
   * @param predefined true or false to filter, null for all
   */
  public Page<Role> list(Boolean predefined, ListParams params) {
    return list(new RoleListParams(predefined, params.limit(), params.cursor()));
  }

  /**
   * Every role matching {@code params}, page by page as the iteration proceeds;
   * {@code params.cursor()}, if set, is where the walk starts.
   */
  public PagedIterable<Role> listAll(RoleListParams params) {
    Objects.requireNonNull(params, "params");
    return new PagedIterable<>(params.cursor(), cursor -> list(params.withCursor(cursor)));
  }

  /** Every role, predefined and custom, page by page as the iteration proceeds. */
  public PagedIterable<Role> listAll() {
    return listAll(RoleListParams.builder().build());
  }

  /** A role by ID. */
  public Role get(String roleId) {
    return requester.get(path(roleId), Map.of(), Role.class);
  }

  /** Creates a custom role with at least one permission (account admins only). */
  public Role create(RoleCreateParams params) {
    Objects.requireNonNull(params, "params");
    return requester.post("/v2/roles", new RoleCreateRequest(params.name(), params.description(),
        names(params.permissions())), Role.class);
  }

  /**
   * Creates a custom role; {@code description} may be null (see
   * {@link #create(RoleCreateParams)}).
   */
  public Role create(String name, String description, Collection<Permission> permissions) {
    return create(new RoleCreateParams(name, description,
        permissions == null ? null : List.copyOf(permissions)));
  }

  /**
   * Changes a custom role's name, description and/or permissions (which replace the old set).
   *
   * @throws IllegalArgumentException if {@code changes} changes nothing (before any request)
   */
  public Role update(String roleId, RoleUpdateParams changes) {
    if (changes == null || changes.isEmpty()) {
      throw new IllegalArgumentException(
          "At least one of 'name', 'description' or 'permissions' must be provided");
    }
    return requester.patch(path(roleId), new RoleUpdateRequest(changes.name(),
        changes.description(), changes.permissions() == null ? null
            : names(changes.permissions())), Role.class);
  }

  /**
   * Changes a custom role; null leaves a field as it is, and {@code permissions} replaces the old
   * set (see {@link #update(String, RoleUpdateParams)}).
   *
   * @throws IllegalArgumentException if nothing would change (before any request)
   */
  public Role update(String roleId, String newName, String newDescription,
      Collection<Permission> permissions) {
    return update(roleId, new RoleUpdateParams(newName, newDescription,
        permissions == null ? null : List.copyOf(permissions)));
  }

  /** Deletes a custom role; refused (409) while any binding uses it. */
  public void delete(String roleId) {
    requester.delete(path(roleId));
  }

  private static List<String> names(Collection<Permission> permissions) {
    return permissions.stream().map(Permission::name).toList();
  }

  private static String path(String roleId) {
    Objects.requireNonNull(roleId, "roleId");
    return "/v2/roles/" + Requester.segment(roleId);
  }
}
