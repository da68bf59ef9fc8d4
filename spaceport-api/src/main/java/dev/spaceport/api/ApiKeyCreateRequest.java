package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** Body of {@code POST /v2/api-keys} and {@code POST /v2/users/{id}/api-keys}. */
public record ApiKeyCreateRequest(
    String name, String description, @JsonProperty("expires_at") Instant expiresAt) {}
