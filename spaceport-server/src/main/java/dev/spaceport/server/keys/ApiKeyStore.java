package dev.spaceport.server.keys;

import dev.spaceport.api.ApiKey;
import dev.spaceport.server.ids.IdType;
import dev.spaceport.server.ids.PublicId;
import dev.spaceport.server.paging.PageRequest;
import dev.spaceport.server.store.RowMapper;
import dev.spaceport.server.store.Tx;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for API keys. Only SHA-256 hashes of secrets are written. */
public final class ApiKeyStore {

  private static final String SELECT = """
      SELECT k.id, k.suffix, k.name, k.description, k.key_type, k.status, k.redacted_key,
             k.created_at, k.expires_at, k.created_by_user_id, u.suffix AS created_by_suffix,
             k.last_used_at
      FROM api_keys k JOIN users u ON u.id = k.created_by_user_id
      """;
  private static final RowMapper<ApiKeyRow> ROW = rs -> new ApiKeyRow(rs.getLong("id"),
      rs.getString("suffix"), rs.getString("name"), rs.getString("description"),
      rs.getString("key_type"), rs.getString("status"), rs.getString("redacted_key"),
      rs.getLong("created_at"), Tx.nullableLong(rs, "expires_at"),
      rs.getLong("created_by_user_id"), rs.getString("created_by_suffix"),
      Tx.nullableLong(rs, "last_used_at"));

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

  /** A key owned by {@code userId}, or empty (someone else's key is as good as missing). */
  Optional<ApiKeyRow> findOwned(Tx tx, PublicId id, long userId) throws SQLException {
    return tx.queryOne(SELECT + " WHERE k.id = ? AND k.suffix = ? AND k.user_id = ?", ROW,
        id.number(), id.suffix(), userId);
  }

  void markDeleted(Tx tx, long keyId) throws SQLException {
    tx.update("UPDATE api_keys SET status = 'deleted', previous_key_hash = NULL, "
        + "previous_expires_at = NULL WHERE id = ?", keyId);
  }

  /**
   * Gives the key a new secret. The old one keeps working until {@code graceUntil} (or stops at
   * once when that is null or past).
   */
  void rotate(Tx tx, long keyId, String newSecret, Long expiresAt, Long graceUntil)
      throws SQLException {
    String previous = graceUntil == null
        ? "previous_key_hash = NULL, previous_expires_at = NULL"
        : "previous_key_hash = key_hash, previous_expires_at = " + graceUntil;
    tx.update("UPDATE api_keys SET " + previous
        + ", key_hash = ?, redacted_key = ?, expires_at = ? WHERE id = ?",
        ApiKeySecrets.hash(newSecret), ApiKeySecrets.redact(newSecret), expiresAt, keyId);
  }

  ApiKeyRow reload(Tx tx, long keyId) throws SQLException {
    return tx.queryOne(SELECT + " WHERE k.id = ?", ROW, keyId).orElseThrow();
  }

  List<ApiKeyRow> list(Tx tx, long userId, String keyType, String status, PageRequest page)
      throws SQLException {
    StringBuilder sql = new StringBuilder(SELECT
        + " WHERE k.user_id = ? AND (k.created_at, k.id) > (?, ?)");
    List<Object> args = new ArrayList<>(List.of(userId, page.afterCreatedAt(), page.afterId()));
    if (keyType != null) {
      sql.append(" AND k.key_type = ?");
      args.add(keyType);
    }
    if (status != null) {
      sql.append(" AND k.status = ?");
      args.add(status);
    }
    sql.append(" ORDER BY k.created_at, k.id ").append(Tx.LIMIT);
    args.add(page.fetchSize());
    return tx.query(sql.toString(), ROW, args.toArray());
  }
}
