package io.llmcm.core.repo;

import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import java.util.HashMap;
import java.util.Map;

/** The heads as they would be after a pending change: what validation resolves against. */
final class Overlay implements LayerSource {
    private final LayerSource base;
    private final Map<String, Map<String, PathEntries>> changed = new HashMap<>();

    Overlay(LayerSource base) {
        this.base = base;
    }

    void put(EntryVersion v) {
        EntryKey k = v.key();
        changed.computeIfAbsent(k.tenant(), t -> new HashMap<>()).put(k.path(), entries(k.tenant(), k.path()).with(v));
    }

    void delete(EntryKey k) {
        changed.computeIfAbsent(k.tenant(), t -> new HashMap<>()).put(k.path(), entries(k.tenant(), k.path()).without(k.layer()));
    }

    @Override
    public PathEntries entries(String tenant, String path) {
        Map<String, PathEntries> t = changed.get(tenant);
        PathEntries pe = t == null ? null : t.get(path);
        return pe != null ? pe : base.entries(tenant, path);
    }

    /** Services with a pending layer at this path. */
    java.util.Set<String> servicesAt(String path) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (Map<String, PathEntries> t : changed.values()) {
            PathEntries pe = t.get(path);
            if (pe != null) {
                pe.addServicesTo(out);
            }
        }
        return out;
    }

    /** Paths with pending changes in a tenant. */
    java.util.Set<String> paths(String tenant) {
        Map<String, PathEntries> t = changed.get(tenant);
        return t == null ? java.util.Set.of() : t.keySet();
    }
}
