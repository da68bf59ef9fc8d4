package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code POST /v2/spaces}. {@code description} may be absent or null: it defaults to "". */
public record SpaceCreateRequest(
    String name,
    @JsonProperty("organization_id") String organizationId,
    String description) {}
