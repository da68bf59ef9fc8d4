package dev.spaceport.api;

/** Body of {@code POST /v2/organizations}. */
public record OrganizationCreateRequest(String name, String description) {}
