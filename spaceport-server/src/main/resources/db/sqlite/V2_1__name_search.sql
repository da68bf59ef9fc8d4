-- SQLite only (PostgreSQL: db/postgres/V2_1__name_search.sql). The case-insensitive substring
-- filter on names (`name` on the spaces and organizations lists) looks terms of three or more
-- characters up in an FTS5 trigram index over the lower-cased name_key: a quoted phrase query is a
-- substring match. External content (the text stays in the table only); columnsize=0 because we
-- never rank. The triggers keep each index in step with its table, including deletes that cascade
-- from an organization. See NameFilter for how lists use it.

CREATE VIRTUAL TABLE spaces_name_fts USING fts5(
    name_key, content = 'spaces', content_rowid = 'id',
    tokenize = 'trigram case_sensitive 1', columnsize = 0);
INSERT INTO spaces_name_fts (spaces_name_fts) VALUES ('rebuild');

CREATE TRIGGER spaces_name_fts_insert AFTER INSERT ON spaces BEGIN
    INSERT INTO spaces_name_fts (rowid, name_key) VALUES (new.id, new.name_key);
END;
CREATE TRIGGER spaces_name_fts_delete AFTER DELETE ON spaces BEGIN
    INSERT INTO spaces_name_fts (spaces_name_fts, rowid, name_key)
    VALUES ('delete', old.id, old.name_key);
END;
CREATE TRIGGER spaces_name_fts_update AFTER UPDATE OF name_key ON spaces BEGIN
    INSERT INTO spaces_name_fts (spaces_name_fts, rowid, name_key)
    VALUES ('delete', old.id, old.name_key);
    INSERT INTO spaces_name_fts (rowid, name_key) VALUES (new.id, new.name_key);
END;

CREATE VIRTUAL TABLE organizations_name_fts USING fts5(
    name_key, content = 'organizations', content_rowid = 'id',
    tokenize = 'trigram case_sensitive 1', columnsize = 0);
INSERT INTO organizations_name_fts (organizations_name_fts) VALUES ('rebuild');

CREATE TRIGGER organizations_name_fts_insert AFTER INSERT ON organizations BEGIN
    INSERT INTO organizations_name_fts (rowid, name_key) VALUES (new.id, new.name_key);
END;
CREATE TRIGGER organizations_name_fts_delete AFTER DELETE ON organizations BEGIN
    INSERT INTO organizations_name_fts (organizations_name_fts, rowid, name_key)
    VALUES ('delete', old.id, old.name_key);
END;
CREATE TRIGGER organizations_name_fts_update AFTER UPDATE OF name_key ON organizations BEGIN
    INSERT INTO organizations_name_fts (organizations_name_fts, rowid, name_key)
    VALUES ('delete', old.id, old.name_key);
    INSERT INTO organizations_name_fts (rowid, name_key) VALUES (new.id, new.name_key);
END;
