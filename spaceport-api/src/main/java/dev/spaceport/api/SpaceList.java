package dev.spaceport.api;

import java.util.List;

/** One page of {@code GET /v2/spaces}. */
public record SpaceList(List<Space> spaces, Pagination pagination) {}
