package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of the add-user calls on spaces and organizations. */
public record MembershipInput(@JsonProperty("user_id") String userId, RoleAssignment role) {}
