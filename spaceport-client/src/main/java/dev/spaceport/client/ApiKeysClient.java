package dev.spaceport.client;

import dev.spaceport.api.ApiKey;
import dev.spaceport.api.ApiKeyCreateRequest;
import dev.spaceport.api.ApiKeyCreated;
import dev.spaceport.api.ApiKeyList;
import dev.spaceport.api.ApiKeyRefreshRequest;
import dev.spaceport.client.internal.Query;
import dev.spaceport.client.internal.Requester;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** The caller's own API keys. Secrets appear once, in the result that creates them. */
public final class ApiKeysClient {

  private final Requester requester;

  ApiKeysClient(Requester requester) {
    this.requester = requester;
  }

  /** One page of the caller's keys matching {@code params}. */
  public Page<ApiKey> list(ApiKeyListParams params) {
    Objects.requireNonNull(params, "params");
    ApiKeyList list = requester.get("/v2/api-keys", Query.of("key_type", params.keyType(),
        "status", params.status(), "limit", params.limit(), "cursor", params.cursor()),
        ApiKeyList.class);
    return Query.page(list.apiKeys(), list.pagination());
  }

  /**
   * One page of the caller's keys; a shortcut for {@link #list(ApiKeyListParams)}.
   *
   * @param keyType {@code user} or {@code service}, or null for both
   * @param status {@code active} or {@code deleted}, or null for both
   */
  public Page<ApiKey> list(String keyType, String status, ListParams params) {
    return list(new ApiKeyListParams(keyType, status, params.limit(), params.cursor()));
  }

  /**
   * Every key of the caller's matching {@code params}, page by page as the iteration proceeds;
   * {@code params.cursor()}, if set, is where the walk starts.
   */
  public PagedIterable<ApiKey> listAll(ApiKeyListParams params) {
    Objects.requireNonNull(params, "params");
    return new PagedIterable<>(params.cursor(), cursor -> list(params.withCursor(cursor)));
  }

  /** Every key of the caller's, active and deleted, page by page as the iteration proceeds. */
  public PagedIterable<ApiKey> listAll() {
    return listAll(ApiKeyListParams.builder().build());
  }

  /** Creates a key for the caller. The secret is in {@link ApiKeyCreated#key()}, shown once. */
  public ApiKeyCreated create(ApiKeyCreateParams params) {
    Objects.requireNonNull(params, "params");
    return requester.post("/v2/api-keys", new ApiKeyCreateRequest(params.name(),
        params.description(), params.expiresAt()), ApiKeyCreated.class);
  }

  /**
   * Creates a key for the caller; {@code expiresAt} null for a key that does not expire (see
   * {@link #create(ApiKeyCreateParams)}).
   */
  public ApiKeyCreated create(String name, String description, Instant expiresAt) {
    return create(new ApiKeyCreateParams(name, description, expiresAt));
  }

  /** Deletes a key; it stops working at once. */
  public void delete(String apiKeyId) {
    requester.delete(path(apiKeyId));
  }

  /**
   * Issues a new secret for the key. The old secret keeps working for
   * {@link ApiKeyRefreshParams#gracePeriod()} (none: it stops at once).
   */
  public ApiKeyCreated refresh(String apiKeyId, ApiKeyRefreshParams params) {
    Objects.requireNonNull(params, "params");
    return requester.post(path(apiKeyId) + "/refresh", new ApiKeyRefreshRequest(
        params.expiresAt(), params.gracePeriod() == null ? null
            : params.gracePeriod().toSeconds()), ApiKeyCreated.class);
  }

  /**
   * Issues a new secret for the key. The old secret keeps working for {@code gracePeriod} (null:
   * it stops at once); a shortcut for {@link #refresh(String, ApiKeyRefreshParams)}.
   */
  public ApiKeyCreated refresh(String apiKeyId, Instant expiresAt, Duration gracePeriod) {
    return refresh(apiKeyId, new ApiKeyRefreshParams(expiresAt, gracePeriod));
  }

  private static String path(String apiKeyId) {
    Objects.requireNonNull(apiKeyId, "apiKeyId");
    return "/v2/api-keys/" + Requester.segment(apiKeyId);
  }
}
