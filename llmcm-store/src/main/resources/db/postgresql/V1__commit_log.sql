-- The PostgreSQL store: the same tables as the embedded store (db/sqlite V1..V5) in one schema of
-- its own (the search_path of every connection). Timestamps are epoch milliseconds, as there.
--
-- Text that is sorted or compared by range (tenants, paths, layers, names) is COLLATE "C": reads
-- come back in byte order like SQLite's, whatever the database's default collation, and the
-- prefix range of entriesAt ('a/' .. 'a0') relies on '/' sorting just before '0'.

-- The head of the log, one row. An append locks it (SELECT ... FOR UPDATE), checks that the log
-- ends where the batch expects, writes, then moves it: the database, not the process, decides
-- which writer owns the next revision, so several processes on one schema never interleave or
-- reuse revisions (the loser gets a RevisionMismatchException after the winner commits).
-- retention_floor lives here too: prune takes the same lock.
CREATE TABLE log_head (
    id              boolean PRIMARY KEY DEFAULT true CHECK (id),
    revision        bigint  NOT NULL,
    retention_floor bigint  NOT NULL DEFAULT 0
);
INSERT INTO log_head (id, revision) VALUES (true, 0);

-- One row per commit. catalog holds the commit's catalog mutations as the MutationCodec JSON
-- array (each element with its position "at"), NULL when there are none. It is json, not jsonb:
-- json keeps the exact bytes (key order included), so a commit reads back equal, and it can
-- still be queried (a tenant's purge finds the commits naming it).
CREATE TABLE commits (
    revision bigint PRIMARY KEY,
    time_ms  bigint NOT NULL,
    author   text   NOT NULL,
    message  text   NOT NULL,
    catalog  json
);

-- One row per entry version; value is NULL for a deletion, and bytea otherwise: values are
-- stored as the bytes core hands over (a secret's are the AES-GCM ciphertext, never plaintext).
-- superseded is the revision of the next version of the same entry, NULL for the head: a version
-- is visible at R when revision <= R < superseded.
CREATE TABLE versions (
    tenant       text COLLATE "C" NOT NULL,
    path         text COLLATE "C" NOT NULL,
    env          text COLLATE "C" NOT NULL,
    service      text COLLATE "C" NOT NULL,
    revision     bigint  NOT NULL,
    seq          integer NOT NULL,
    content_type text,
    replaces     boolean NOT NULL,
    value        bytea,
    superseded   bigint,
    PRIMARY KEY (tenant, path, env, service, revision, seq)
);
CREATE INDEX versions_by_revision ON versions (revision, seq);
-- at most one head per entry: a second writer that missed a commit cannot add another
CREATE UNIQUE INDEX versions_heads ON versions (tenant, path, env, service) WHERE superseded IS NULL;
CREATE INDEX versions_superseded ON versions (superseded) WHERE superseded IS NOT NULL;

-- Current catalog state, kept in step with the log. id gives creation order (parents before
-- children); an upsert keeps the row and so its id. Quota columns: 0 means unlimited.
CREATE TABLE tenants (
    id                  bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    name                text COLLATE "C" PRIMARY KEY,
    parent              text COLLATE "C",
    state               text NOT NULL DEFAULT 'active',
    max_keys            bigint NOT NULL DEFAULT 0,
    max_bytes           bigint NOT NULL DEFAULT 0,
    requests_per_second double precision NOT NULL DEFAULT 0,
    max_watches         integer NOT NULL DEFAULT 0
);

CREATE TABLE environments (
    id     bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    name   text COLLATE "C" PRIMARY KEY,
    parent text COLLATE "C"
);

CREATE TABLE tags (
    tenant   text COLLATE "C" NOT NULL,
    name     text COLLATE "C" NOT NULL,
    revision bigint NOT NULL,
    PRIMARY KEY (tenant, name)
);

-- binding is MutationCodec.encodeSchema JSON, rule MutationCodec.encodeRollbackRule JSON
CREATE TABLE schemas (
    tenant  text COLLATE "C" NOT NULL,
    name    text COLLATE "C" NOT NULL,
    binding json NOT NULL,
    PRIMARY KEY (tenant, name)
);

CREATE TABLE rollback_rules (
    tenant text COLLATE "C" NOT NULL,
    name   text COLLATE "C" NOT NULL,
    rule   json NOT NULL,
    PRIMARY KEY (tenant, name)
);

-- Access control; tenant is '' for what belongs to the whole store.
-- grants: comma-separated resource:permission
CREATE TABLE roles (
    tenant text COLLATE "C" NOT NULL,
    name   text COLLATE "C" NOT NULL,
    grants text NOT NULL,
    PRIMARY KEY (tenant, name)
);

CREATE TABLE bindings (
    tenant           text COLLATE "C" NOT NULL,
    id               text COLLATE "C" NOT NULL,
    subject          text    NOT NULL,
    role             text    NOT NULL,
    include_children boolean NOT NULL,
    path_prefix      text    NOT NULL,
    env              text    NOT NULL,
    condition        text    NOT NULL,
    PRIMARY KEY (tenant, id)
);

-- Only the SHA-256 (hex) of a key's secret part is kept. A revoked key stays, with revoked_ms set.
CREATE TABLE api_keys (
    id         text COLLATE "C" PRIMARY KEY,
    tenant     text COLLATE "C" NOT NULL,
    name       text   NOT NULL,
    hash       text   NOT NULL,
    created_ms bigint NOT NULL,
    expires_ms bigint,
    revoked_ms bigint
);
CREATE INDEX api_keys_by_tenant ON api_keys (tenant);

-- A tenant's keyring (its data keys), wrapped by the key-encryption key, beside the log so that
-- deleting it destroys every secret of the tenant (crypto-shredding; see PostgresStore for what
-- PostgreSQL keeps of deleted rows).
CREATE TABLE keyrings (
    tenant     text COLLATE "C" PRIMARY KEY,
    wrapped    bytea  NOT NULL,
    updated_ms bigint NOT NULL
);

-- Small named settings of the store, e.g. the key provider's record.
CREATE TABLE settings (
    name  text COLLATE "C" PRIMARY KEY,
    value bytea NOT NULL
);

-- Audit events, a batch per row (AuditBatchCodec), numbered first_seq..last_seq. The counter row
-- is locked by every append, so numbers are never reused, even with several processes.
CREATE TABLE audit_head (
    id       boolean PRIMARY KEY DEFAULT true CHECK (id),
    last_seq bigint  NOT NULL
);
INSERT INTO audit_head (id, last_seq) VALUES (true, 0);

CREATE TABLE audit_batches (
    first_seq bigint PRIMARY KEY,
    last_seq  bigint NOT NULL,
    first_ms  bigint NOT NULL,
    last_ms   bigint NOT NULL,
    events    bytea  NOT NULL
);

-- Leases of credentials issued from dynamic secrets; only a hash of the credential is kept.
CREATE TABLE leases (
    id              text COLLATE "C" PRIMARY KEY,
    tenant          text COLLATE "C" NOT NULL,
    path            text   NOT NULL,
    env             text   NOT NULL,
    service         text   NOT NULL,
    credential_hash text   NOT NULL UNIQUE,
    issued_ms       bigint NOT NULL,
    expires_ms      bigint NOT NULL,
    revoked_ms      bigint,
    actor           text   NOT NULL
);
CREATE INDEX leases_by_tenant ON leases (tenant, issued_ms, id);
