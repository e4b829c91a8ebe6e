-- Access control: custom roles, role bindings and API keys. Like tags and schemas they are current
-- catalog state kept in step with the log (the commits' catalog column holds their history).
-- tenant is '' for what belongs to the whole store. A tenant's deletion deletes its rows.

-- grants: comma-separated resource:permission, e.g. 'config:read,secret:read'
CREATE TABLE roles (
    tenant TEXT NOT NULL,
    name   TEXT NOT NULL,
    grants TEXT NOT NULL,
    PRIMARY KEY (tenant, name)
);

-- scope: include_children (0/1), path_prefix ('' = every path), env ('' = every environment);
-- condition is a CEL expression, '' for none
CREATE TABLE bindings (
    tenant           TEXT    NOT NULL,
    id               TEXT    NOT NULL,
    subject          TEXT    NOT NULL,
    role             TEXT    NOT NULL,
    include_children INTEGER NOT NULL,
    path_prefix      TEXT    NOT NULL,
    env              TEXT    NOT NULL,
    condition        TEXT    NOT NULL,
    PRIMARY KEY (tenant, id)
);

-- Only the SHA-256 (hex) of a key's secret part is kept; the secret itself never reaches the store.
-- A revoked key stays, with revoked_ms set. Ids are unique in the store.
CREATE TABLE api_keys (
    id         TEXT    PRIMARY KEY,
    tenant     TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    hash       TEXT    NOT NULL,
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER,
    revoked_ms INTEGER
);
CREATE INDEX api_keys_by_tenant ON api_keys (tenant);
