package dev.spaceport.server.organizations;

import dev.spaceport.api.Organization;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.SortKey;
import java.time.Instant;

/** An organization as stored. */
public record OrganizationRow(long id, String suffix, String name, String description,
    long createdAt) {

  public String publicId() {
    return PublicId.encode(IdType.Organization, id, suffix);
  }

  Organization toWire() {
    return new Organization(publicId(), name, description, Instant.ofEpochMilli(createdAt));
  }

  SortKey sortKey() {
    return new SortKey(createdAt, id);
  }
}
