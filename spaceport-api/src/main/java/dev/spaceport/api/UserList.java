package dev.spaceport.api;

import java.util.List;

/** One page of {@code GET /v2/users}. */
public record UserList(List<User> users, Pagination pagination) {}
