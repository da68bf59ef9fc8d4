package dev.spaceport.server.idempotency;

import dev.spaceport.server.store.Tx;
import java.sql.SQLException;
import java.util.Optional;

/**
 * SQL for stored responses of idempotent requests. Callers pass the raw Idempotency-Key; only its
 * hash and the sealed body reach the store ({@link IdempotencySeal}).
 */
final class IdempotencyStore {

  record Stored(byte[] requestHash, int status, String contentType, byte[] body) {}

  private record Row(byte[] requestHash, int status, String contentType, byte[] sealedBody) {}

  Optional<Stored> find(Tx tx, long apiKeyId, String key, long notBefore) throws SQLException {
    byte[] keyHash = IdempotencySeal.keyHash(key);
    return tx.queryOne("""
        SELECT request_hash, status, content_type, sealed_body FROM idempotency_responses
        WHERE api_key_id = ? AND key_hash = ? AND created_at >= ?""",
        rs -> new Row(rs.getBytes("request_hash"), rs.getInt("status"),
            rs.getString("content_type"), rs.getBytes("sealed_body")),
        apiKeyId, keyHash, notBefore)
        .map(row -> new Stored(row.requestHash(), row.status(), row.contentType(),
            IdempotencySeal.open(key, apiKeyId, keyHash, row.requestHash(), row.status(),
                row.contentType(), row.sealedBody())));
  }

  void insert(Tx tx, long apiKeyId, String key, Stored stored, long now, long notBefore)
      throws SQLException {
    byte[] keyHash = IdempotencySeal.keyHash(key);
    byte[] sealed = IdempotencySeal.seal(key, apiKeyId, keyHash, stored.requestHash(),
        stored.status(), stored.contentType(), stored.body());
    // An expired record with the same key may still be there; it no longer counts.
    tx.update("DELETE FROM idempotency_responses WHERE api_key_id = ? AND key_hash = ? "
        + "AND created_at < ?", apiKeyId, keyHash, notBefore);
    tx.update("""
        INSERT INTO idempotency_responses (api_key_id, key_hash, request_hash, status,
                                           content_type, sealed_body, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)""",
        apiKeyId, keyHash, stored.requestHash(), stored.status(), stored.contentType(),
        sealed, now);
  }

  int purge(Tx tx, long notBefore) throws SQLException {
    // idempotency_records is the plaintext table before V22, kept empty for nodes of the previous
    // release during a rolling upgrade: what they write there expires like everything else.
    tx.update("DELETE FROM idempotency_records WHERE created_at < ?", notBefore);
    return tx.update("DELETE FROM idempotency_responses WHERE created_at < ?", notBefore);
  }
}
