package dev.spaceport.server.idempotency;

import dev.spaceport.server.store.Tx;
import java.sql.SQLException;
import java.util.Optional;

/** SQL for stored responses of idempotent requests. */
final class IdempotencyStore {

  record Stored(byte[] requestHash, int status, String contentType, byte[] body) {}

  Optional<Stored> find(Tx tx, long apiKeyId, String key, long notBefore) throws SQLException {
    return tx.queryOne("""
        SELECT request_hash, status, content_type, body FROM idempotency_records
        WHERE api_key_id = ? AND idem_key = ? AND created_at >= ?""",
        rs -> new Stored(rs.getBytes("request_hash"), rs.getInt("status"),
            rs.getString("content_type"), rs.getBytes("body")),
        apiKeyId, key, notBefore);
  }

  void insert(Tx tx, long apiKeyId, String key, Stored stored, long now, long notBefore)
      throws SQLException {
    // An expired record with the same key may still be there; it no longer counts.
    tx.update("DELETE FROM idempotency_records WHERE api_key_id = ? AND idem_key = ? "
        + "AND created_at < ?", apiKeyId, key, notBefore);
    tx.update("""
        INSERT INTO idempotency_records (api_key_id, idem_key, request_hash, status,
                                         content_type, body, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)""",
        apiKeyId, key, stored.requestHash(), stored.status(), stored.contentType(),
        stored.body(), now);
  }

  int purge(Tx tx, long notBefore) throws SQLException {
    return tx.update("DELETE FROM idempotency_records WHERE created_at < ?", notBefore);
  }
}
