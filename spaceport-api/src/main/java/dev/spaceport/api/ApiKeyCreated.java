package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** An API key together with its secret, which is shown this once and never again. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyCreated(
    String id,
    String name,
    String description,
    @JsonProperty("key_type") String keyType,
    String status,
    @JsonProperty("redacted_key") String redactedKey,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("expires_at") Instant expiresAt,
    @JsonProperty("created_by_user_id") String createdByUserId,
    @JsonProperty("last_used_at") Instant lastUsedAt,
    String key) {

  /** The key {@code k} with its plaintext {@code secret}, shown this once. */
  public static ApiKeyCreated of(ApiKey k, String secret) {
    return new ApiKeyCreated(k.id(), k.name(), k.description(), k.keyType(), k.status(),
        k.redactedKey(), k.createdAt(), k.expiresAt(), k.createdByUserId(), k.lastUsedAt(), secret);
  }
}
