package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code PATCH /v2/role-bindings/{id}}. */
public record RoleBindingUpdateRequest(@JsonProperty("role_id") String roleId) {}
