package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A user's role on a space. {@code id} is the membership's ID for a predefined role and the role
 * binding's ID for a custom one.
 */
public record SpaceMembership(
    String id,
    @JsonProperty("user_id") String userId,
    @JsonProperty("space_id") String spaceId,
    RoleAssignment role) {}
