package dev.spaceport.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** An account-level user. {@code role} is always a predefined assignment (admin, member, annotator). */
public record User(
    String id,
    String name,
    String email,
    @JsonProperty("created_at") Instant createdAt,
    String status,
    RoleAssignment role,
    @JsonProperty("is_developer") boolean isDeveloper) {}
