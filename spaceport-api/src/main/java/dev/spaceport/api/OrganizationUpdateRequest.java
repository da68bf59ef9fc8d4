package dev.spaceport.api;

/** Body of {@code PATCH /v2/organizations/{id}}: an absent (or null) field stays as it is. */
public record OrganizationUpdateRequest(String name, String description) {}
