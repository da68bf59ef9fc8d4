package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A user's predefined role in an organization. */
public record OrganizationMembership(
    String id,
    @JsonProperty("user_id") String userId,
    @JsonProperty("organization_id") String organizationId,
    RoleAssignment role) {}
