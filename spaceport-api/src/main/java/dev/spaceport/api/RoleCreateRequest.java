package dev.spaceport.api;

import java.util.List;

/**
 * Body of {@code POST /v2/roles}. Permissions arrive as strings so that an unknown identifier can be
 * named in the 400 rather than lost in a generic parse error.
 */
public record RoleCreateRequest(String name, String description, List<String> permissions) {}
