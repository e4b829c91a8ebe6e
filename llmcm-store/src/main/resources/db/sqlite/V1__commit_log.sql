-- The commit log of an embedded store. Timestamps are epoch milliseconds.

-- One row per commit. Catalog mutations (tenants, environments, tags, schemas) are kept as the
-- MutationCodec JSON array, each element carrying its position in the commit as "at";
-- NULL when the commit has none.
CREATE TABLE commits (
    revision INTEGER PRIMARY KEY,
    time_ms  INTEGER NOT NULL,
    author   TEXT    NOT NULL,
    message  TEXT    NOT NULL,
    catalog  BLOB
);

-- One row per entry version. seq is the mutation's position inside its commit, so a commit reads
-- back in its original order. value is NULL for a deletion. superseded is the revision of the
-- next version of the same (tenant, path, env, service), NULL for the head: a version is visible
-- at revision R when revision <= R < superseded.
CREATE TABLE versions (
    tenant       TEXT    NOT NULL,
    path         TEXT    NOT NULL,
    env          TEXT    NOT NULL,
    service      TEXT    NOT NULL,
    revision     INTEGER NOT NULL,
    seq          INTEGER NOT NULL,
    content_type TEXT,
    replaces     INTEGER NOT NULL,
    value        BLOB,
    superseded   INTEGER,
    PRIMARY KEY (tenant, path, env, service, revision, seq)
);
-- commitsAfter reads versions by revision
CREATE INDEX versions_by_revision ON versions (revision, seq);
-- load() and append (finding the head to supersede) read only heads
CREATE INDEX versions_heads ON versions (tenant, path, env, service) WHERE superseded IS NULL;
-- prune looks versions up by the commit that superseded them
CREATE INDEX versions_superseded ON versions (superseded) WHERE superseded IS NOT NULL;

-- Current catalog state. Upserts keep the rowid, so rowid order is creation order and parents
-- come back before their children.
CREATE TABLE tenants (
    name   TEXT PRIMARY KEY,
    parent TEXT
);

CREATE TABLE environments (
    name   TEXT PRIMARY KEY,
    parent TEXT
);

CREATE TABLE tags (
    tenant   TEXT    NOT NULL,
    name     TEXT    NOT NULL,
    revision INTEGER NOT NULL,
    PRIMARY KEY (tenant, name)
);

-- binding is MutationCodec.encodeSchema JSON
CREATE TABLE schemas (
    tenant  TEXT NOT NULL,
    name    TEXT NOT NULL,
    binding BLOB NOT NULL,
    PRIMARY KEY (tenant, name)
);

-- Store-wide settings; 'retention_floor' is the only key so far.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
