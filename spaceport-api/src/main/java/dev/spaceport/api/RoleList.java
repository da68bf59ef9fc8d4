package dev.spaceport.api;

import java.util.List;

/** One page of {@code GET /v2/roles}. */
public record RoleList(List<Role> roles, Pagination pagination) {}
