package dev.spaceport.server.spaces;

import dev.spaceport.api.Space;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.SortKey;
import java.time.Instant;

/** A space as stored. */
record SpaceRow(long id, String suffix, long organizationId, String name, String description,
    long createdAt) {

  Space toWire() {
    return new Space(PublicId.encode(IdType.Space, id, suffix), name, description,
        Instant.ofEpochMilli(createdAt));
  }

  String publicId() {
    return PublicId.encode(IdType.Space, id, suffix);
  }

  SortKey sortKey() {
    return new SortKey(createdAt, id);
  }
}
