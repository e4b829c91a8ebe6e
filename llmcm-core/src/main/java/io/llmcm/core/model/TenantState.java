package io.llmcm.core.model;

import io.llmcm.core.InvalidInputException;
import java.util.Locale;

/**
 * Where a tenant is in its lifecycle. Set through {@link Mutation.SetTenantState}; a new tenant is
 * {@link #ACTIVE}. The root tenant {@code global} is always active.
 */
public enum TenantState {
    /** Readable and writable (subject to access control and quotas). */
    ACTIVE,
    /**
     * Stored and reported by the engine, which does not enforce it: the server refuses the tenant's
     * reads and writes to everyone but administrators. Meant for a tenant that must stop working for
     * a while (an unpaid bill, an incident) without losing anything.
     */
    SUSPENDED,
    /**
     * Read-only, enforced by the engine: a commit that puts or deletes entries, tags or schemas in
     * the tenant fails with a conflict. Its state may still change (set it active again to write),
     * it may be deleted, and its access control may change.
     */
    ARCHIVED;

    /** The lower-case name used in the log, the store and the CLI. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state named by {@link #id()}. */
    public static TenantState parse(String id) {
        for (TenantState s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new InvalidInputException("unknown tenant state '" + id + "' (known: active, suspended, archived)");
    }
}
