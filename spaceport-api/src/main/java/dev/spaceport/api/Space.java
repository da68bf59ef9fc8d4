package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A space: the unit of access. Exactly these four fields travel on the wire. */
public record Space(
    String id,
    String name,
    String description,
    @JsonProperty("created_at") Instant createdAt) {}
