package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A custom (or predefined) role granted to one user on one resource. */
public record RoleBinding(
    String id,
    @JsonProperty("role_id") String roleId,
    @JsonProperty("user_id") String userId,
    @JsonProperty("resource_type") String resourceType,
    @JsonProperty("resource_id") String resourceId,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt) {}
