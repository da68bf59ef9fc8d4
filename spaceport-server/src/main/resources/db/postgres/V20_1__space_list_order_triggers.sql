-- PostgreSQL half of V20: copy the space's created_at into each new membership and binding.
CREATE FUNCTION copy_space_created_at() RETURNS trigger AS $$
BEGIN
    IF NEW.space_created_at IS NULL THEN
        SELECT created_at INTO NEW.space_created_at FROM spaces WHERE id = NEW.space_id;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER space_memberships_space_created_at BEFORE INSERT ON space_memberships
    FOR EACH ROW EXECUTE FUNCTION copy_space_created_at();
CREATE TRIGGER role_bindings_space_created_at BEFORE INSERT ON role_bindings
    FOR EACH ROW EXECUTE FUNCTION copy_space_created_at();
