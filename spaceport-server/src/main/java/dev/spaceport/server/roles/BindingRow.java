package dev.spaceport.server.roles;

import dev.spaceport.api.RoleBinding;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.SortKey;
import java.time.Instant;

/** A role binding with the suffixes needed to spell the IDs it refers to. */
public record BindingRow(long id, String suffix, long roleId, String roleSuffix, String roleName,
    long userId, String userSuffix, long spaceId, String spaceSuffix, long organizationId,
    long createdAt, long updatedAt) {

  public static final String SPACE = "SPACE";

  public String publicId() {
    return PublicId.encode(IdType.RoleBinding, id, suffix);
  }

  public String rolePublicId() {
    return PublicId.encode(IdType.Role, roleId, roleSuffix);
  }

  RoleBinding toWire() {
    return new RoleBinding(publicId(), rolePublicId(),
        PublicId.encode(IdType.User, userId, userSuffix), SPACE,
        PublicId.encode(IdType.Space, spaceId, spaceSuffix),
        Instant.ofEpochMilli(createdAt), Instant.ofEpochMilli(updatedAt));
  }

  SortKey sortKey() {
    return new SortKey(createdAt, id);
  }
}
