package dev.spaceport.server.roles;

import dev.spaceport.api.Permission;
import dev.spaceport.api.Role;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.SortKey;
import java.time.Instant;
import java.util.List;

/** A role as stored, with its permissions in identifier order. */
public record RoleRow(long id, String suffix, String name, String description,
    boolean isPredefined, long createdAt, long updatedAt, List<Permission> permissions) {

  public String publicId() {
    return PublicId.encode(IdType.Role, id, suffix);
  }

  RoleRow withPermissions(List<Permission> newPermissions) {
    return new RoleRow(id, suffix, name, description, isPredefined, createdAt, updatedAt,
        newPermissions);
  }

  Role toWire() {
    return new Role(publicId(), name, description, permissions, isPredefined,
        Instant.ofEpochMilli(createdAt), Instant.ofEpochMilli(updatedAt));
  }

  SortKey sortKey() {
    return new SortKey(createdAt, id);
  }
}
