package io.llmcm.core.repo;

import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.store.Store;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The layers of a past revision, read from the store one tenant at a time and only when a
 * resolution needs them.
 */
final class HistoricSource implements LayerSource {
    private final Store store;
    private final String prefix;
    private final long revision;
    private final Map<String, TreeMap<String, PathEntries>> byTenant = new HashMap<>();

    HistoricSource(Store store, String prefix, long revision) {
        this.store = store;
        this.prefix = prefix;
        this.revision = revision;
    }

    @Override
    public PathEntries entries(String tenant, String path) {
        PathEntries pe = tenant(tenant).get(path);
        return pe == null ? PathEntries.EMPTY : pe;
    }

    /** The tenant's paths under the prefix at this revision. */
    TreeMap<String, PathEntries> tenant(String tenant) {
        return byTenant.computeIfAbsent(tenant, t -> {
            TreeMap<String, PathEntries> m = new TreeMap<>();
            for (EntryVersion v : store.entriesAt(t, prefix, revision)) {
                m.merge(v.key().path(), PathEntries.EMPTY.with(v), (a, b) -> a.with(v));
            }
            return m;
        });
    }

    List<EntryVersion> versions(String tenant) {
        return store.entriesAt(tenant, prefix, revision);
    }
}
