package io.llmcm.core.repo;

import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.TenantUsage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The head version of every live entry, in memory, so that reads never touch the store.
 *
 * <p>Only the committer thread changes it, under the repository's write lock; readers use the
 * lock's optimistic mode. {@link #lastChange} is written before the entries it describes, so a
 * cached resolution can be checked without any lock.
 *
 * <p>It also counts each tenant's live entries and their bytes as heads change, so that a quota
 * check costs a map lookup rather than a scan of the tenant.
 */
final class Heads implements LayerSource {
    private final ConcurrentHashMap<String, ConcurrentSkipListMap<String, PathEntries>> byTenant =
            new ConcurrentHashMap<>();
    /** Path → revision of the last commit that changed it in any tenant and any layer. */
    private final ConcurrentHashMap<String, Long> lastChange = new ConcurrentHashMap<>();
    /** Tenant → its live entries and their bytes; absent when it holds none. */
    private final ConcurrentHashMap<String, TenantUsage> usage = new ConcurrentHashMap<>();

    @Override
    public PathEntries entries(String tenant, String path) {
        NavigableMap<String, PathEntries> t = byTenant.get(tenant);
        if (t == null) {
            return PathEntries.EMPTY;
        }
        PathEntries e = t.get(path);
        return e == null ? PathEntries.EMPTY : e;
    }

    /** Revision of the last change to {@code path} anywhere; 0 when it never changed. */
    long lastChange(String path) {
        Long r = lastChange.get(path);
        return r == null ? 0 : r;
    }

    /** The tenant's paths under a prefix, in order, with their entries. */
    NavigableMap<String, PathEntries> under(String tenant, String prefix) {
        ConcurrentSkipListMap<String, PathEntries> t = byTenant.get(tenant);
        if (t == null) {
            return Collections.emptyNavigableMap();
        }
        if (prefix.isEmpty()) {
            return t;
        }
        // '0' is the character after '/', so this range holds exactly the paths below the prefix
        NavigableMap<String, PathEntries> below = t.subMap(prefix + "/", true, prefix + "0", false);
        PathEntries self = t.get(prefix);
        if (self == null) {
            return below;
        }
        ConcurrentSkipListMap<String, PathEntries> both = new ConcurrentSkipListMap<>(below);
        both.put(prefix, self);
        return both;
    }

    /** Every head version of a tenant under a prefix, sorted by path then layer. */
    List<EntryVersion> versions(String tenant, String prefix) {
        List<EntryVersion> out = new ArrayList<>();
        for (PathEntries pe : under(tenant, prefix).values()) {
            List<EntryVersion> vs = new ArrayList<>(pe.layers().values());
            vs.sort(EntryOrder.BY_LAYER);
            out.addAll(vs);
        }
        return out;
    }

    EntryVersion head(EntryKey key) {
        return entries(key.tenant(), key.path()).get(key.layer());
    }

    /** The tenant's live entries and their bytes. */
    TenantUsage usage(String tenant) {
        return usage.getOrDefault(tenant, TenantUsage.NONE);
    }

    void put(EntryVersion v) {
        String path = v.key().path();
        EntryVersion before = head(v.key()); // safe to read first: only the committer thread writes
        count(v.key().tenant(), before == null ? 1 : 0, v.value().size() - (before == null ? 0 : before.value().size()));
        lastChange.put(path, v.revision());
        byTenant.computeIfAbsent(v.key().tenant(), t -> new ConcurrentSkipListMap<>())
                .compute(path, (p, old) -> (old == null ? PathEntries.EMPTY : old).with(v));
    }

    void remove(EntryKey key, long revision) {
        lastChange.put(key.path(), revision);
        EntryVersion before = head(key);
        if (before != null) {
            count(key.tenant(), -1, -before.value().size());
        }
        ConcurrentSkipListMap<String, PathEntries> t = byTenant.get(key.tenant());
        if (t != null) {
            t.computeIfPresent(key.path(), (p, old) -> {
                PathEntries left = old.without(key.layer());
                return left.isEmpty() ? null : left;
            });
        }
    }

    /** Drops every entry of a tenant (deleted with it). */
    void removeTenant(String tenant, long revision) {
        ConcurrentSkipListMap<String, PathEntries> t = byTenant.get(tenant);
        if (t == null) {
            return;
        }
        for (String path : t.keySet()) {
            lastChange.put(path, revision);
        }
        byTenant.remove(tenant);
        usage.remove(tenant);
    }

    private void count(String tenant, long keys, long bytes) {
        TenantUsage next = usage(tenant).plus(keys, bytes);
        if (next.keys() == 0) {
            usage.remove(tenant);
        } else {
            usage.put(tenant, next);
        }
    }

    /** Loads heads read from the store (before any reader exists). */
    void load(List<EntryVersion> heads) {
        for (EntryVersion v : heads) {
            put(v);
        }
    }

    /** Services that have any layer at this path in any tenant. */
    java.util.Set<String> servicesAt(String path) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (Map<String, PathEntries> t : byTenant.values()) {
            PathEntries pe = t.get(path);
            if (pe != null) {
                pe.addServicesTo(out);
            }
        }
        return out;
    }

    /** Paths of a tenant matching a predicate (used when a schema is attached). */
    List<String> paths(String tenant, java.util.function.Predicate<String> filter) {
        ConcurrentSkipListMap<String, PathEntries> t = byTenant.get(tenant);
        if (t == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String p : t.keySet()) {
            if (filter.test(p)) {
                out.add(p);
            }
        }
        return out;
    }

    int size() {
        int n = 0;
        for (ConcurrentSkipListMap<String, PathEntries> t : byTenant.values()) {
            for (PathEntries pe : t.values()) {
                n += pe.layers().size();
            }
        }
        return n;
    }
}
