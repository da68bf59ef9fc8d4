package dev.spaceport.api;

import java.util.List;

/** One page of {@code GET /v2/organizations}. */
public record OrganizationList(List<Organization> organizations, Pagination pagination) {}
