package dev.spaceport.api;

import java.util.List;

/** Body of {@code PATCH /v2/roles/{id}}: {@code permissions}, when given, replace the old ones. */
public record RoleUpdateRequest(String name, String description, List<String> permissions) {}
