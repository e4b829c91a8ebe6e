-- Secrets: wrapped data keys, store settings, the audit trail and leases of dynamic secrets.
-- Timestamps are epoch milliseconds. The store runs with secure_delete on, so deleted rows are
-- overwritten with zeros (see Connections).

-- A tenant's keyring (its data keys), wrapped by the key-encryption key. Kept beside the commit log
-- so that deleting it destroys every secret of the tenant (crypto-shredding).
CREATE TABLE keyrings (
    tenant     TEXT    PRIMARY KEY,
    wrapped    BLOB    NOT NULL,
    updated_ms INTEGER NOT NULL
);

-- Small named settings of the store, e.g. the key provider's record (salt, KDF parameters).
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

-- Append-only audit events, stored a batch per row: the audit writer stores thousands of events a
-- second (every reveal is one), and one row per batch costs one insert instead of thousands.
-- Events are numbered first_seq..last_seq in order; numbers are never reused.
CREATE TABLE audit_batches (
    first_seq INTEGER PRIMARY KEY,
    last_seq  INTEGER NOT NULL,
    first_ms  INTEGER NOT NULL,
    last_ms   INTEGER NOT NULL,
    events    BLOB    NOT NULL
);

-- Leases of credentials issued from dynamic secrets. Only a hash of the credential is kept;
-- UNIQUE gives the index that looks a presented credential up.
CREATE TABLE leases (
    id              TEXT    PRIMARY KEY,
    tenant          TEXT    NOT NULL,
    path            TEXT    NOT NULL,
    env             TEXT    NOT NULL,
    service         TEXT    NOT NULL,
    credential_hash TEXT    NOT NULL UNIQUE,
    issued_ms       INTEGER NOT NULL,
    expires_ms      INTEGER NOT NULL,
    revoked_ms      INTEGER,
    actor           TEXT    NOT NULL
);
-- leases(tenant) lists newest first (read backwards), and a tenant's deletion finds its leases
CREATE INDEX leases_by_tenant ON leases (tenant, issued_ms, id);
