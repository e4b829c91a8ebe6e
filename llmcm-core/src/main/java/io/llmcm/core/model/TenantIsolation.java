package io.llmcm.core.model;

import io.llmcm.core.InvalidInputException;
import java.util.Locale;

/**
 * Where a tenant's data is stored, chosen when the tenant is created and fixed for its life.
 *
 * <p>What "the tenant's data" is, here: its entry versions (config values and sealed secrets), its
 * keyring and its leases. Its catalog (the tenant row, schemas, roles, bindings, API keys, tags),
 * the commit metadata and the audit trail stay in the store's shared tables whatever the mode.
 */
public enum TenantIsolation {
    /** In the store's shared tables, beside the other tenants' (the default). */
    SHARED,
    /**
     * Physically separate: a PostgreSQL schema of the tenant's own, or an SQLite file of its own
     * on the embedded store; deleting the tenant drops that schema or file.
     */
    DEDICATED;

    /** The lower-case name used in the log, the store, the API and the CLI. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named by {@link #id()}. */
    public static TenantIsolation parse(String id) {
        for (TenantIsolation i : values()) {
            if (i.id().equals(id)) {
                return i;
            }
        }
        throw new InvalidInputException("unknown tenant isolation '" + id + "' (known: shared, dedicated)");
    }
}
