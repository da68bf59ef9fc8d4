-- PostgreSQL only (SQLite: db/sqlite/V2_1__name_search.sql). The case-insensitive substring
-- filter on names (`name` on the spaces and organizations lists) is `name_key LIKE '%term%'` on the
-- lower-cased name; pg_trgm's GIN indexes let the planner answer it for terms of three or more
-- letters/digits without reading the table. See NameFilter for how lists use them.
--
-- pg_trgm ships with PostgreSQL (contrib). Since PostgreSQL 13 it is a trusted extension: a role
-- with CREATE on the database may create it; otherwise a superuser runs the statement below once,
-- before the first start (docs/deployment.md). IF NOT EXISTS also lets an operator build the
-- indexes beforehand with CREATE INDEX CONCURRENTLY on a large, busy database.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX IF NOT EXISTS spaces_name_trgm ON spaces USING gin (name_key gin_trgm_ops);
CREATE INDEX IF NOT EXISTS organizations_name_trgm ON organizations USING gin (name_key gin_trgm_ops);
