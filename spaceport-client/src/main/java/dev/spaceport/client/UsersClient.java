package dev.spaceport.client;

import dev.spaceport.api.ApiKeyCreateRequest;
import dev.spaceport.api.ApiKeyCreated;
import dev.spaceport.api.PredefinedRole;
import dev.spaceport.api.RoleAssignment;
import dev.spaceport.api.User;
import dev.spaceport.api.UserCreateRequest;
import dev.spaceport.api.UserCreated;
import dev.spaceport.api.UserList;
import dev.spaceport.api.UserUpdateRequest;
import dev.spaceport.client.internal.Query;
import dev.spaceport.client.internal.Requester;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Account-level users (managed by account admins), and keys minted for them. */
public final class UsersClient {

  /** How a new user is invited; Spaceport sends no mail, so it accepts only {@link #NONE}. */
  public enum InviteMode {
    /** No invitation: the user is created {@code active}. */
    NONE,
    /** An emailed sign-in link (Spaceport refuses it with a 422: it sends no mail). */
    EMAIL_LINK,
    /** An emailed temporary password (Spaceport refuses it with a 422: it sends no mail). */
    TEMPORARY_PASSWORD;

    String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Requester requester;

  UsersClient(Requester requester) {
    this.requester = requester;
  }

  /** One page of the users matching {@code params}. */
  public Page<User> list(UserListParams params) {
    Objects.requireNonNull(params, "params");
    UserList list = requester.get("/v2/users", Query.of("email", params.email(),
        "status", params.statuses().isEmpty() ? null : params.statuses(),
        "limit", params.limit(), "cursor", params.cursor()), UserList.class);
    return Query.page(list.users(), list.pagination());
  }

  /**
   * One page of users; a shortcut for {@link #list(UserListParams)}.
   *
   * @param email exact email (case-insensitive), or null
   * @param statuses any of {@code active}, {@code invited}, {@code expired}; empty for all
   */
  public Page<User> list(String email, List<String> statuses, ListParams params) {
    return list(new UserListParams(email, statuses, params.limit(), params.cursor()));
  }

  /** The first page (50) of all users. */
  public Page<User> list() {
    return list(UserListParams.builder().build());
  }

  /**
   * Every user matching {@code params}, page by page as the iteration proceeds;
   * {@code params.cursor()}, if set, is where the walk starts.
   */
  public PagedIterable<User> listAll(UserListParams params) {
    Objects.requireNonNull(params, "params");
    return new PagedIterable<>(params.cursor(), cursor -> list(params.withCursor(cursor)));
  }

  /** Every user of the account, page by page as the iteration proceeds. */
  public PagedIterable<User> listAll() {
    return listAll(UserListParams.builder().build());
  }

  /** A user by ID. */
  public User get(String userId) {
    return requester.get(path(userId), Map.of(), User.class);
  }

  /** Creates a user with an account role ({@code ADMIN}, {@code MEMBER} or {@code ANNOTATOR}). */
  public UserCreated create(UserCreateParams params) {
    Objects.requireNonNull(params, "params");
    return requester.post("/v2/users", new UserCreateRequest(params.name(), params.email(),
        RoleAssignment.predefined(params.accountRole()), params.inviteMode().wire(),
        params.isDeveloper()), UserCreated.class);
  }

  /**
   * Creates a user; a shortcut for {@link #create(UserCreateParams)}.
   *
   * @param isDeveloper null for the role's default (true except for annotators)
   */
  public UserCreated create(String name, String email, PredefinedRole accountRole,
      InviteMode inviteMode, Boolean isDeveloper) {
    return create(new UserCreateParams(name, email, accountRole, inviteMode, isDeveloper));
  }

  /** Creates an active user who can use API keys (invite mode {@code none}). */
  public UserCreated create(String name, String email, PredefinedRole accountRole) {
    return create(name, email, accountRole, InviteMode.NONE, null);
  }

  /**
   * Changes a user's name and/or whether they may use API keys.
   *
   * @throws IllegalArgumentException if {@code changes} changes nothing (before any request)
   */
  public User update(String userId, UserUpdateParams changes) {
    if (changes == null || changes.isEmpty()) {
      throw new IllegalArgumentException(
          "At least one of 'name' or 'is_developer' must be provided");
    }
    return requester.patch(path(userId),
        new UserUpdateRequest(changes.name(), changes.isDeveloper()), User.class);
  }

  /**
   * Changes a user; null leaves a field as it is (see {@link #update(String, UserUpdateParams)}).
   *
   * @throws IllegalArgumentException if both are null (before any request)
   */
  public User update(String userId, String newName, Boolean isDeveloper) {
    return update(userId, new UserUpdateParams(newName, isDeveloper));
  }

  /** Blocks the user, revokes their keys and removes all their memberships. Idempotent. */
  public void delete(String userId) {
    requester.delete(path(userId));
  }

  /**
   * Mints an API key that authenticates as {@code userId} (account admins only). The secret is in
   * {@link ApiKeyCreated#key()} and is never shown again.
   */
  public ApiKeyCreated createApiKey(String userId, ApiKeyCreateParams params) {
    Objects.requireNonNull(params, "params");
    return requester.post(path(userId) + "/api-keys", new ApiKeyCreateRequest(params.name(),
        params.description(), params.expiresAt()), ApiKeyCreated.class);
  }

  /**
   * Mints an API key for {@code userId}; {@code description} and {@code expiresAt} may be null
   * (see {@link #createApiKey(String, ApiKeyCreateParams)}).
   */
  public ApiKeyCreated createApiKey(String userId, String name, String description,
      Instant expiresAt) {
    return createApiKey(userId, new ApiKeyCreateParams(name, description, expiresAt));
  }

  private static String path(String userId) {
    Objects.requireNonNull(userId, "userId");
    return "/v2/users/" + Requester.segment(userId);
  }
}
