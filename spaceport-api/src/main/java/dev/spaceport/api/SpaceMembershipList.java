package dev.spaceport.api;

import java.util.List;

/** One page of {@code GET /v2/spaces/{id}/users}: memberships and custom bindings alike. */
public record SpaceMembershipList(List<SpaceMembership> memberships, Pagination pagination) {}
