package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** A role: the four predefined space roles and the account's custom roles. */
public record Role(
    String id,
    String name,
    @JsonInclude(JsonInclude.Include.NON_NULL) String description,
    List<Permission> permissions,
    @JsonProperty("is_predefined") boolean isPredefined,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt) {}
