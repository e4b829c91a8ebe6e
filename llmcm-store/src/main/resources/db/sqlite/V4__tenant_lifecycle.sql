-- Tenant lifecycle and quotas: columns of the tenant's row, so a tenant's deletion takes them with
-- it and a re-created tenant starts active and unlimited.
-- state: 'active', 'suspended' or 'archived' (TenantState.id()).
-- Quota columns: 0 means unlimited.
ALTER TABLE tenants ADD COLUMN state TEXT NOT NULL DEFAULT 'active';
ALTER TABLE tenants ADD COLUMN max_keys INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tenants ADD COLUMN max_bytes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tenants ADD COLUMN requests_per_second REAL NOT NULL DEFAULT 0;
ALTER TABLE tenants ADD COLUMN max_watches INTEGER NOT NULL DEFAULT 0;
