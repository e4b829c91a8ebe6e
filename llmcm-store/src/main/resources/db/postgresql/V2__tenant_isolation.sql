-- Hard isolation: a tenant created 'dedicated' keeps its entry versions, keyring and leases in a
-- schema of its own (PgTenantSchemas.name: <store schema>_t_<tenant>, hashed when too long),
-- created in the transaction that creates the tenant and dropped in the one that deletes it. Its
-- catalog row stays here, and says which tenants have such a schema.
ALTER TABLE tenants ADD COLUMN isolation text NOT NULL DEFAULT 'shared';
