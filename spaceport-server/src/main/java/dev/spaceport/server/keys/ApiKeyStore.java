package dev.spaceport.server.keys;

import dev.spaceport.api.ApiKey;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.store.Tx;
import java.sql.SQLException;
import java.time.Instant;

/** SQL for API keys. Only the SHA-256 of a secret is written. */
public final class ApiKeyStore {

  /** Stores a new user key for {@code userId} and returns it as listed (no secret). */
  public ApiKey insertUserKey(Tx tx, long userId, String userSuffix, String name,
      String description, Instant expiresAt, String secret, long now) throws SQLException {
    String suffix = PublicId.newSuffix();
    String redacted = ApiKeySecrets.redact(secret);
    long id = tx.insert("""
        INSERT INTO api_keys (suffix, user_id, name, description, key_type, status, key_hash,
                              redacted_key, created_at, expires_at, created_by_user_id)
        VALUES (?, ?, ?, ?, 'user', 'active', ?, ?, ?, ?, ?)""",
        suffix, userId, name, description, ApiKeySecrets.hash(secret), redacted, now,
        expiresAt == null ? null : expiresAt.toEpochMilli(), userId);
    String user = PublicId.encode(IdType.User, userId, userSuffix);
    return new ApiKey(PublicId.encode(IdType.ApiKey, id, suffix), name, description, "user",
        "active", redacted, Instant.ofEpochMilli(now), expiresAt, user, null);
  }
}
