package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** An API key as listed: never the secret, only {@code redacted_key}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKey(
    String id,
    String name,
    String description,
    @JsonProperty("key_type") String keyType,
    String status,
    @JsonProperty("redacted_key") String redactedKey,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("expires_at") Instant expiresAt,
    @JsonProperty("created_by_user_id") String createdByUserId,
    @JsonProperty("last_used_at") Instant lastUsedAt) {}
