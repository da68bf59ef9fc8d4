-- The whole domain of REST API v2 spaces. Shared by SQLite and PostgreSQL: ${id_pk}, ${bool} and
-- ${bytes} are the only dialect differences (see Dialect.java). Times are epoch milliseconds.
-- Every public ID is base64("Type:<id>:<suffix>"); the suffix must match on lookup.

CREATE TABLE users (
    id            ${id_pk},
    suffix        VARCHAR(8)   NOT NULL,
    name          VARCHAR(255) NOT NULL,
    email         VARCHAR(254) NOT NULL,
    email_key     VARCHAR(254) NOT NULL,   -- lower-cased email: uniqueness is case-insensitive
    account_role  VARCHAR(16)  NOT NULL,   -- admin | member | annotator
    status        VARCHAR(16)  NOT NULL,   -- active | invited | expired
    is_developer  ${bool}      NOT NULL,
    created_at    BIGINT       NOT NULL,
    deleted_at    BIGINT                   -- set when the user is deleted (blocked); row kept
);
CREATE UNIQUE INDEX users_email_live ON users (email_key) WHERE deleted_at IS NULL;
CREATE INDEX users_order ON users (created_at, id);

CREATE TABLE organizations (
    id           ${id_pk},
    suffix       VARCHAR(8)    NOT NULL,
    name         VARCHAR(1024) NOT NULL,
    name_key     VARCHAR(1024) NOT NULL,   -- lower-cased name, for the case-insensitive filter
    description  VARCHAR(4096) NOT NULL,
    created_at   BIGINT        NOT NULL
);
CREATE UNIQUE INDEX organizations_name ON organizations (name);
CREATE INDEX organizations_order ON organizations (created_at, id);

CREATE TABLE organization_memberships (
    id               ${id_pk},
    suffix           VARCHAR(8)  NOT NULL,
    organization_id  BIGINT      NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id          BIGINT      NOT NULL REFERENCES users (id),
    role             VARCHAR(16) NOT NULL,  -- admin | member | read-only | annotator
    created_at       BIGINT      NOT NULL
);
CREATE UNIQUE INDEX organization_memberships_member ON organization_memberships (organization_id, user_id);
CREATE INDEX organization_memberships_user ON organization_memberships (user_id, organization_id);

CREATE TABLE spaces (
    id               ${id_pk},
    suffix           VARCHAR(8)    NOT NULL,
    organization_id  BIGINT        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name             VARCHAR(1024) NOT NULL,
    name_key         VARCHAR(1024) NOT NULL,  -- lower-cased name, for the case-insensitive filter
    description      VARCHAR(4096) NOT NULL,
    created_at       BIGINT        NOT NULL
);
-- Names are unique per organization, exactly and case-sensitively; this index is the only guard.
CREATE UNIQUE INDEX spaces_name ON spaces (organization_id, name);
CREATE INDEX spaces_order ON spaces (created_at, id);
CREATE INDEX spaces_org_order ON spaces (organization_id, created_at, id);

CREATE TABLE space_memberships (
    id          ${id_pk},
    suffix      VARCHAR(8)  NOT NULL,
    space_id    BIGINT      NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    user_id     BIGINT      NOT NULL REFERENCES users (id),
    role        VARCHAR(16) NOT NULL,  -- admin | member | read-only | annotator
    created_at  BIGINT      NOT NULL
);
CREATE UNIQUE INDEX space_memberships_member ON space_memberships (space_id, user_id);
CREATE INDEX space_memberships_user ON space_memberships (user_id, space_id);

CREATE TABLE roles (
    id             ${id_pk},
    suffix         VARCHAR(8)    NOT NULL,
    name           VARCHAR(1024) NOT NULL,
    description    VARCHAR(4096),
    is_predefined  ${bool}       NOT NULL,
    created_at     BIGINT        NOT NULL,
    updated_at     BIGINT        NOT NULL
);
CREATE UNIQUE INDEX roles_name ON roles (name);
CREATE INDEX roles_order ON roles (created_at, id);

CREATE TABLE role_permissions (
    role_id     BIGINT      NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    permission  VARCHAR(64) NOT NULL,
    PRIMARY KEY (role_id, permission)
);

-- A role granted to a user on a resource. Only spaces exist (resource_type SPACE). Deleting the
-- role is refused while a binding uses it (no cascade); deleting the space removes its bindings.
CREATE TABLE role_bindings (
    id             ${id_pk},
    suffix         VARCHAR(8)  NOT NULL,
    role_id        BIGINT      NOT NULL REFERENCES roles (id),
    user_id        BIGINT      NOT NULL REFERENCES users (id),
    resource_type  VARCHAR(16) NOT NULL,
    space_id       BIGINT      NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    created_at     BIGINT      NOT NULL,
    updated_at     BIGINT      NOT NULL
);
CREATE UNIQUE INDEX role_bindings_one_per_resource ON role_bindings (user_id, resource_type, space_id);
CREATE INDEX role_bindings_space ON role_bindings (space_id, created_at, id);
CREATE INDEX role_bindings_role ON role_bindings (role_id);
CREATE INDEX role_bindings_order ON role_bindings (created_at, id);

-- Keys are stored as SHA-256 of the secret only. space_id scopes a service key to one space.
CREATE TABLE api_keys (
    id                  ${id_pk},
    suffix              VARCHAR(8)   NOT NULL,
    user_id             BIGINT       NOT NULL REFERENCES users (id),
    space_id            BIGINT       REFERENCES spaces (id) ON DELETE CASCADE,
    name                VARCHAR(1024) NOT NULL,
    description         VARCHAR(4096),
    key_type            VARCHAR(16)  NOT NULL,  -- user | service
    status              VARCHAR(16)  NOT NULL,  -- active | deleted
    key_hash            ${bytes}     NOT NULL,
    redacted_key        VARCHAR(64)  NOT NULL,
    created_at          BIGINT       NOT NULL,
    expires_at          BIGINT,
    created_by_user_id  BIGINT       NOT NULL REFERENCES users (id),
    last_used_at        BIGINT
);
CREATE UNIQUE INDEX api_keys_hash ON api_keys (key_hash);
CREATE INDEX api_keys_user_order ON api_keys (user_id, created_at, id);

-- Node-independent settings, e.g. the cursor signing key, so every node accepts every cursor.
CREATE TABLE server_settings (
    name   VARCHAR(64)   NOT NULL PRIMARY KEY,
    value  VARCHAR(1024) NOT NULL
);

-- The four predefined space roles. Their permissions are fixed (CONTRACT.md §5).
INSERT INTO roles (suffix, name, description, is_predefined, created_at, updated_at) VALUES
    ('Pdf1', 'admin', 'Read, update and delete the space; manage its members and bindings.', ${true}, 0, 0),
    ('Pdf2', 'member', 'Read the space and its members.', ${true}, 0, 0),
    ('Pdf3', 'read-only', 'Read the space.', ${true}, 0, 0),
    ('Pdf4', 'annotator', 'Read the space, for annotation work.', ${true}, 0, 0);

INSERT INTO role_permissions (role_id, permission)
SELECT r.id, p.permission FROM roles r JOIN (
          SELECT 'admin' AS role_name, 'SPACE_READ' AS permission
    UNION ALL SELECT 'admin', 'SPACE_UPDATE'
    UNION ALL SELECT 'admin', 'SPACE_DELETE'
    UNION ALL SELECT 'admin', 'ROLE_BINDING_READ'
    UNION ALL SELECT 'admin', 'ROLE_BINDING_CREATE'
    UNION ALL SELECT 'admin', 'ROLE_BINDING_DELETE'
    UNION ALL SELECT 'member', 'SPACE_READ'
    UNION ALL SELECT 'member', 'ROLE_BINDING_READ'
    UNION ALL SELECT 'read-only', 'SPACE_READ'
    UNION ALL SELECT 'annotator', 'SPACE_READ'
) p ON p.role_name = r.name;
