-- Idempotent POSTs: the first successful response to (API key, Idempotency-Key), stored in the same
-- transaction as the write it reports, replayed byte for byte for 24 hours.
CREATE TABLE idempotency_records (
    api_key_id    BIGINT       NOT NULL,
    idem_key      VARCHAR(255) NOT NULL,
    request_hash  ${bytes}     NOT NULL,   -- SHA-256 of method, path and body
    status        INTEGER      NOT NULL,
    content_type  VARCHAR(128) NOT NULL,
    body          ${bytes}     NOT NULL,
    created_at    BIGINT       NOT NULL,
    PRIMARY KEY (api_key_id, idem_key)
);
CREATE INDEX idempotency_records_age ON idempotency_records (created_at);

-- Key refresh keeps the previous secret working for a grace period.
ALTER TABLE api_keys ADD COLUMN previous_key_hash ${bytes};
ALTER TABLE api_keys ADD COLUMN previous_expires_at BIGINT;
CREATE UNIQUE INDEX api_keys_previous_hash ON api_keys (previous_key_hash);
