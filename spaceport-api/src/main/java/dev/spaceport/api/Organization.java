package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** An organization: a group of spaces and the users who may work in them. */
public record Organization(
    String id,
    String name,
    String description,
    @JsonProperty("created_at") Instant createdAt) {}
