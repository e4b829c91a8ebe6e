-- Hard isolation: a tenant created 'dedicated' keeps its entry versions, keyring and leases in a
-- file of its own (tenants/<name>.<created_revision>.db, see TenantFiles); its catalog row stays
-- here. created_revision tells the files of a deleted tenant from those of a tenant of the same
-- name created again (possibly in the same batch), so that opening the store can remove the
-- former after a crash.
ALTER TABLE tenants ADD COLUMN isolation TEXT NOT NULL DEFAULT 'shared';
ALTER TABLE tenants ADD COLUMN created_revision INTEGER NOT NULL DEFAULT 0;
