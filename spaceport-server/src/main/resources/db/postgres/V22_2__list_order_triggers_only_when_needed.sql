-- PostgreSQL: the V20_1 triggers, fired only for a row that comes without the space's created_at,
-- as SQLite's are (db/sqlite V20_1). The server sends it with every membership, so a space's create
-- no longer calls the PL/pgSQL function for its creator's membership only to find nothing to fill
-- (role bindings come without it, and their trigger still fills it). The condition is the
-- function's own first test, so what the triggers do is unchanged.
DROP TRIGGER space_memberships_space_created_at ON space_memberships;
CREATE TRIGGER space_memberships_space_created_at BEFORE INSERT ON space_memberships
    FOR EACH ROW WHEN (NEW.space_created_at IS NULL) EXECUTE FUNCTION copy_space_created_at();

DROP TRIGGER role_bindings_space_created_at ON role_bindings;
CREATE TRIGGER role_bindings_space_created_at BEFORE INSERT ON role_bindings
    FOR EACH ROW WHEN (NEW.space_created_at IS NULL) EXECUTE FUNCTION copy_space_created_at();
