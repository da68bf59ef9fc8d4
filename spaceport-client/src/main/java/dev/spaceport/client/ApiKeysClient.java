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

  /**
   * @param keyType {@code user} or {@code service}, or null for both
   * @param status {@code active} or {@code deleted}, or null for both
   */
  public Page<ApiKey> list(String keyType, String status, ListParams params) {
    ApiKeyList list = requester.get("/v2/api-keys", Query.of("key_type", keyType,
        "status", status, "limit", params.limit(), "cursor", params.cursor()), ApiKeyList.class);
    return Query.page(list.apiKeys(), list.pagination());
  }

  /** Every key of the caller's, active and deleted, page by page as the iteration proceeds. */
  public PagedIterable<ApiKey> listAll() {
    return new PagedIterable<>(null,
        cursor -> list(null, null, ListParams.FIRST_PAGE.withCursor(cursor)));
  }

  /** Creates a key for the caller; {@code expiresAt} null for a key that does not expire. */
  public ApiKeyCreated create(String name, String description, Instant expiresAt) {
    return requester.post("/v2/api-keys", new ApiKeyCreateRequest(name, description, expiresAt),
        ApiKeyCreated.class);
  }

  /** Deletes a key; it stops working at once. */
  public void delete(String apiKeyId) {
    requester.delete(path(apiKeyId));
  }

  /**
   * Issues a new secret for the key. The old secret keeps working for {@code gracePeriod} (null:
   * it stops at once).
   */
  public ApiKeyCreated refresh(String apiKeyId, Instant expiresAt, Duration gracePeriod) {
    return requester.post(path(apiKeyId) + "/refresh", new ApiKeyRefreshRequest(expiresAt,
        gracePeriod == null ? null : gracePeriod.toSeconds()), ApiKeyCreated.class);
  }

  private static String path(String apiKeyId) {
    Objects.requireNonNull(apiKeyId, "apiKeyId");
    return "/v2/api-keys/" + Requester.segment(apiKeyId);
  }
}
