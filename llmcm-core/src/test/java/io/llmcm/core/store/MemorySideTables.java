package io.llmcm.core.store;

import io.llmcm.core.StoreException;
import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.model.Lease;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a {@link MemoryStore} keeps beside its commit log: keyrings, settings, audit events and
 * leases. Byte arrays are copied in and out, as a real store's would be. Not thread-safe: the
 * store synchronizes.
 */
final class MemorySideTables {
    /** Newest first; equal issue times by id, descending, as every store orders them. */
    static final Comparator<Lease> NEWEST_FIRST =
            Comparator.comparing(Lease::issued).thenComparing(Lease::id).reversed();

    private final Map<String, byte[]> keyrings = new TreeMap<>();
    private final Map<String, byte[]> settings = new HashMap<>();
    private final List<AuditEvent> audit = new ArrayList<>();
    private final Map<String, Lease> leases = new LinkedHashMap<>();

    Map<String, byte[]> keyrings() {
        Map<String, byte[]> out = new TreeMap<>();
        keyrings.forEach((tenant, wrapped) -> out.put(tenant, wrapped.clone()));
        return Collections.unmodifiableMap(out);
    }

    void putKeyring(String tenant, byte[] wrapped) {
        keyrings.put(tenant, wrapped.clone());
    }

    void deleteKeyring(String tenant) {
        keyrings.remove(tenant);
    }

    Optional<byte[]> setting(String name) {
        return Optional.ofNullable(settings.get(name)).map(byte[]::clone);
    }

    void putSetting(String name, byte[] value) {
        settings.put(name, value.clone());
    }

    void appendAudit(List<AuditEvent> events) {
        for (AuditEvent e : events) {
            audit.add(e.withSeq(audit.size() + 1));
        }
    }

    java.util.Optional<AuditEvent> lastAudit() {
        return audit.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(audit.getLast());
    }

    List<AuditEvent> auditAfter(long after, int limit) {
        return audit.stream().filter(e -> e.seq() > after).limit(Math.max(0, limit)).toList();
    }

    void putLease(Lease lease) {
        for (Lease other : leases.values()) {
            if (!other.id().equals(lease.id()) && other.credentialHash().equals(lease.credentialHash())) {
                throw new StoreException("lease " + other.id() + " already has this credential hash");
            }
        }
        leases.put(lease.id(), lease);
    }

    Optional<Lease> lease(String id) {
        return Optional.ofNullable(leases.get(id));
    }

    Optional<Lease> leaseByCredential(String credentialHash) {
        return leases.values().stream().filter(l -> l.credentialHash().equals(credentialHash)).findFirst();
    }

    List<Lease> leases(String tenant, int limit) {
        return leases.values().stream()
                .filter(l -> l.key().tenant().equals(tenant))
                .sorted(NEWEST_FIRST)
                .limit(Math.max(0, limit))
                .toList();
    }

    /** A tenant's deletion: its leases and keyring go with it; audit events stay. */
    void purgeTenant(String tenant) {
        leases.values().removeIf(l -> l.key().tenant().equals(tenant));
        keyrings.remove(tenant);
    }
}
