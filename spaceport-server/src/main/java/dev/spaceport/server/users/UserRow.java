package dev.spaceport.server.users;

import dev.spaceport.api.PredefinedRole;
import dev.spaceport.api.RoleAssignment;
import dev.spaceport.api.User;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.SortKey;
import java.time.Instant;

/** A user as stored; {@code accountRole} is admin, member or annotator. */
public record UserRow(long id, String suffix, String name, String email, String accountRole,
    String status, boolean isDeveloper, long createdAt) {

  public String publicId() {
    return PublicId.encode(IdType.User, id, suffix);
  }

  User toWire() {
    return new User(publicId(), name, email, Instant.ofEpochMilli(createdAt), status,
        RoleAssignment.predefined(PredefinedRole.parse(accountRole).orElseThrow()), isDeveloper);
  }

  SortKey sortKey() {
    return new SortKey(createdAt, id);
  }
}
