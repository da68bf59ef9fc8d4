package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code PATCH /v2/users/{id}}. */
public record UserUpdateRequest(String name, @JsonProperty("is_developer") Boolean isDeveloper) {}
