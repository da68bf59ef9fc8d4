package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** Body of {@code POST /v2/api-keys/{id}/refresh}; both fields optional. */
public record ApiKeyRefreshRequest(
    @JsonProperty("expires_at") Instant expiresAt,
    @JsonProperty("grace_period_seconds") Long gracePeriodSeconds) {}
