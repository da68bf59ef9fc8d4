package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code POST /v2/users}. {@code is_developer} defaults by role when absent. */
public record UserCreateRequest(
    String name,
    String email,
    RoleAssignment role,
    @JsonProperty("invite_mode") String inviteMode,
    @JsonProperty("is_developer") Boolean isDeveloper) {}
