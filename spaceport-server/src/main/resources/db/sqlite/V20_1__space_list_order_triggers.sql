-- SQLite half of V20: copy the space's created_at into each new membership and binding.
CREATE TRIGGER space_memberships_space_created_at AFTER INSERT ON space_memberships
FOR EACH ROW WHEN NEW.space_created_at IS NULL
BEGIN
    UPDATE space_memberships
       SET space_created_at = (SELECT created_at FROM spaces WHERE id = NEW.space_id)
     WHERE id = NEW.id;
END;

CREATE TRIGGER role_bindings_space_created_at AFTER INSERT ON role_bindings
FOR EACH ROW WHEN NEW.space_created_at IS NULL
BEGIN
    UPDATE role_bindings
       SET space_created_at = (SELECT created_at FROM spaces WHERE id = NEW.space_id)
     WHERE id = NEW.id;
END;
