package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code POST /v2/role-bindings}. */
public record RoleBindingCreateRequest(
    @JsonProperty("role_id") String roleId,
    @JsonProperty("user_id") String userId,
    @JsonProperty("resource_type") String resourceType,
    @JsonProperty("resource_id") String resourceId) {}
