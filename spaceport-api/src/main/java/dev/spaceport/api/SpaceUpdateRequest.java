package dev.spaceport.api;

/** Body of {@code PATCH /v2/spaces/{id}}: an absent (or null) field stays as it is. */
public record SpaceUpdateRequest(String name, String description) {}
