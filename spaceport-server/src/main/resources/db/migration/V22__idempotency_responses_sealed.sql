-- Idempotent POSTs, second form: a copy of the database must reveal neither the Idempotency-Key
-- nor the response (the responses of POST /v2/api-keys, …/refresh and /v2/users/{id}/api-keys
-- carry a plaintext API key secret, which exists only once). So the record is found by the
-- SHA-256 of the Idempotency-Key, and the response body is sealed with AES-GCM under a key derived
-- from the Idempotency-Key itself, which is never stored (idempotency/IdempotencySeal).
CREATE TABLE idempotency_responses (
    api_key_id    BIGINT       NOT NULL,
    key_hash      ${bytes}     NOT NULL,   -- SHA-256 of the Idempotency-Key
    request_hash  ${bytes}     NOT NULL,   -- SHA-256 of method, path and body
    status        INTEGER      NOT NULL,
    content_type  VARCHAR(128) NOT NULL,
    sealed_body   ${bytes}     NOT NULL,   -- 12-byte nonce, then AES-256-GCM ciphertext and tag
    created_at    BIGINT       NOT NULL,
    PRIMARY KEY (api_key_id, key_hash)
);
CREATE INDEX idempotency_responses_age ON idempotency_responses (created_at);

-- The old records hold raw Idempotency-Keys and plaintext responses: forget them (a retry that
-- spans the upgrade runs again rather than replays). The table stays, empty, only so that nodes of
-- the previous release keep working during a rolling upgrade; new nodes purge what those write
-- after 24 h like before, and a later release drops it.
DELETE FROM idempotency_records;
