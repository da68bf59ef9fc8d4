package dev.spaceport.server.keys;

import dev.spaceport.api.ApiKey;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.SortKey;
import java.time.Instant;

/** An API key as stored (without its hash). */
record ApiKeyRow(long id, String suffix, String name, String description, String keyType,
    String status, String redactedKey, long createdAt, Long expiresAt, long createdByUserId,
    String createdBySuffix, Long lastUsedAt) {

  ApiKey toWire() {
    return new ApiKey(PublicId.encode(IdType.ApiKey, id, suffix), name, description, keyType,
        status, redactedKey, Instant.ofEpochMilli(createdAt),
        expiresAt == null ? null : Instant.ofEpochMilli(expiresAt),
        PublicId.encode(IdType.User, createdByUserId, createdBySuffix),
        lastUsedAt == null ? null : Instant.ofEpochMilli(lastUsedAt));
  }

  SortKey sortKey() {
    return new SortKey(createdAt, id);
  }
}
