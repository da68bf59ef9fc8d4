package dev.spaceport.client;

import dev.spaceport.api.RoleBinding;
import dev.spaceport.api.RoleBindingCreateRequest;
import dev.spaceport.api.RoleBindingList;
import dev.spaceport.api.RoleBindingUpdateRequest;
import dev.spaceport.client.internal.Query;
import dev.spaceport.client.internal.Requester;
import java.util.Map;
import java.util.Objects;

/** Role bindings: a role granted to one user on one space. */
public final class RoleBindingsClient {

  private static final String SPACE = "SPACE";

  private final Requester requester;

  RoleBindingsClient(Requester requester) {
    this.requester = requester;
  }

  /** One page of the space bindings the caller may read that match {@code params}. */
  public Page<RoleBinding> list(RoleBindingListParams params) {
    Objects.requireNonNull(params, "params");
    RoleBindingList list = requester.get("/v2/role-bindings", Query.of("resource_type", SPACE,
        "user_id", params.userId(), "limit", params.limit(), "cursor", params.cursor()),
        RoleBindingList.class);
    return Query.page(list.roleBindings(), list.pagination());
  }

  /**
   * One page of the space bindings the caller may read; {@code userId} null for all users. A
   * shortcut for {@link #list(RoleBindingListParams)}.
   */
  public Page<RoleBinding> list(String userId, ListParams params) {
    return list(new RoleBindingListParams(userId, params.limit(), params.cursor()));
  }

  /** Every space binding (of {@code userId}, or of everyone when null), page by page. */
  public PagedIterable<RoleBinding> listAll(String userId) {
    return new PagedIterable<>(null, cursor -> list(RoleBindingListParams.builder()
        .userId(userId).cursor(cursor).build()));
  }

  /** A role binding by ID. */
  public RoleBinding get(String bindingId) {
    return requester.get(path(bindingId), Map.of(), RoleBinding.class);
  }

  /** Grants {@code roleId} to {@code userId} on a space; one binding per user per space. */
  public RoleBinding createOnSpace(String roleId, String userId, String spaceId) {
    return requester.post("/v2/role-bindings",
        new RoleBindingCreateRequest(roleId, userId, SPACE, spaceId), RoleBinding.class);
  }

  /** Gives the binding another role; its user and resource stay. */
  public RoleBinding update(String bindingId, String roleId) {
    Objects.requireNonNull(roleId, "roleId");
    return requester.patch(path(bindingId), new RoleBindingUpdateRequest(roleId),
        RoleBinding.class);
  }

  /** Deletes a role binding: the user loses what it granted at once. */
  public void delete(String bindingId) {
    requester.delete(path(bindingId));
  }

  private static String path(String bindingId) {
    Objects.requireNonNull(bindingId, "bindingId");
    return "/v2/role-bindings/" + Requester.segment(bindingId);
  }
}
