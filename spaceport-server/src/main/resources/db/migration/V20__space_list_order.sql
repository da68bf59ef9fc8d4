-- "My spaces" for a user with many memberships: the spaces list is in (spaces.created_at, id)
-- order, so a member's page is found by walking their memberships and bindings in that order
-- (SpaceStore.visiblePage), which needs the space's created_at beside each. A space's created_at
-- never changes, so the copy never goes stale; a trigger (db/sqlite, db/postgres V20_1) fills it
-- on insert, whoever inserts.
ALTER TABLE space_memberships ADD COLUMN space_created_at BIGINT;
ALTER TABLE role_bindings ADD COLUMN space_created_at BIGINT;

UPDATE space_memberships SET space_created_at =
    (SELECT s.created_at FROM spaces s WHERE s.id = space_memberships.space_id);
UPDATE role_bindings SET space_created_at =
    (SELECT s.created_at FROM spaces s WHERE s.id = role_bindings.space_id);

CREATE INDEX space_memberships_user_order
    ON space_memberships (user_id, space_created_at, space_id);
CREATE INDEX role_bindings_user_order ON role_bindings (user_id, space_created_at, space_id);
