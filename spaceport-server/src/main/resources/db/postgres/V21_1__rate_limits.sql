-- PostgreSQL only: SQLite runs one node, whose rate limiter keeps its state in memory. The
-- per-API-key rate limit's state, shared by every node on this database (http/RateLimiter): one
-- row per key holding its GCRA "theoretical arrival time", nanoseconds since the epoch on the
-- database's clock. Each request is one upsert of its key's row.
--
-- UNLOGGED: the state needs no durability, so its writes skip the WAL (and are not replicated;
-- a promoted standby starts with every bucket full). After a crash PostgreSQL empties the table,
-- which refills every bucket — the same as a restart of an in-memory limiter.
-- No foreign key to api_keys: it would cost a lookup per request; rows of idle keys, deleted ones
-- included, are purged hourly. fillfactor leaves room on each page so updates stay HOT.
CREATE UNLOGGED TABLE rate_limits (
    key_id BIGINT PRIMARY KEY,
    tat    BIGINT NOT NULL
) WITH (fillfactor = 50);
