-- The audit log: one row per change, written in the same transaction as the change, so a change
-- that rolls back leaves no record. Rows are never updated or deleted by the API, and they outlive
-- what they describe: no foreign keys. IDs of the resource, the organization and the actor are
-- stored as public IDs (what the API shows and filters on); organization_row is the organization's
-- row number, for the organization-admin visibility filter.
CREATE TABLE audit_logs (
    id                ${id_pk},
    suffix            VARCHAR(8)   NOT NULL,
    created_at        BIGINT       NOT NULL,
    action            VARCHAR(64)  NOT NULL,   -- e.g. space.create, space.user.add
    resource_type     VARCHAR(32)  NOT NULL,   -- Space | Organization | User | Role | RoleBinding | ApiKey
    resource_id       VARCHAR(128) NOT NULL,
    organization_row  BIGINT,
    organization_id   VARCHAR(128),
    actor_user_id     VARCHAR(128),            -- null: done by the server itself (first start)
    actor_key_id      VARCHAR(128),
    request_id        VARCHAR(128),
    before_json       TEXT,                    -- JSON object, null for a creation
    after_json        TEXT                     -- JSON object, null for a deletion
);
-- Keyset order, and one index per filter, each ending in the keyset order.
CREATE INDEX audit_logs_order ON audit_logs (created_at, id);
CREATE INDEX audit_logs_resource_type ON audit_logs (resource_type, created_at, id);
CREATE INDEX audit_logs_resource ON audit_logs (resource_id, created_at, id);
CREATE INDEX audit_logs_actor ON audit_logs (actor_user_id, created_at, id);
CREATE INDEX audit_logs_action ON audit_logs (action, created_at, id);
CREATE INDEX audit_logs_organization ON audit_logs (organization_row, created_at, id);
