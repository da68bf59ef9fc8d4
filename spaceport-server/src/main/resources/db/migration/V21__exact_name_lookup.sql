-- `name_match=exact` on the spaces list (see NameFilter.exact): `name = ?`, the comparison of the
-- unique index spaces_name (organization_id, name). With `org_id` that index answers it (one row at
-- most). Without `org_id` the name is looked up across organizations, and this index finds its rows
-- already in list order, so a page reads only spaces of exactly that name, at any depth.
-- (The organizations list needs nothing new: organizations_name (name) is unique.)
-- IF NOT EXISTS: on a big PostgreSQL database an operator may build it beforehand with
-- CREATE INDEX CONCURRENTLY, without blocking writes (docs/deployment.md).
CREATE INDEX IF NOT EXISTS spaces_name_order ON spaces (name, created_at, id);
