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

  /** @param predefined true or false to filter, null for all */
  public Page<Role> list(Boolean predefined, ListParams params) {
    RoleList list = requester.get("/v2/roles", Query.of("is_predefined", predefined,
        "limit", params.limit(), "cursor", params.cursor()), RoleList.class);
    return Query.page(list.roles(), list.pagination());
  }

  /** Every role, predefined and custom, page by page as the iteration proceeds. */
  public PagedIterable<Role> listAll() {
    return new PagedIterable<>(null, cursor -> list(null, ListParams.FIRST_PAGE.withCursor(cursor)));
  }

  /** A role by ID. */
  public Role get(String roleId) {
    return requester.get(path(roleId), Map.of(), Role.class);
  }

  /** Creates a custom role with at least one permission (account admins only). */
  public Role create(String name, String description, Collection<Permission> permissions) {
    return requester.post("/v2/roles",
        new RoleCreateRequest(name, description, names(permissions)), Role.class);
  }

  /**
   * Changes a custom role; null leaves a field as it is, and {@code permissions} replaces the old
   * set.
   *
   * @throws IllegalArgumentException if nothing would change (before any request)
   */
  public Role update(String roleId, String newName, String newDescription,
      Collection<Permission> permissions) {
    if (newName == null && newDescription == null && permissions == null) {
      throw new IllegalArgumentException(
          "At least one of 'name', 'description' or 'permissions' must be provided");
    }
    return requester.patch(path(roleId), new RoleUpdateRequest(newName, newDescription,
        permissions == null ? null : names(permissions)), Role.class);
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
