package io.llmcm.store.sqlite;

import io.llmcm.core.model.Commit;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each entry mutation of a batch goes: the main file, or the file of a hard-isolated tenant
 * (a generation: the tenant as created at one revision). Worked out in log order, since a batch may
 * create a dedicated tenant, write to it, delete it and create it again.
 */
final class TenantRouting {
    /** The positions (revision, index in the commit) of mutations stored outside the main file. */
    static final class Positions {
        private final Set<Long> revisions = new HashSet<>();
        private final Set<String> positions = new HashSet<>();

        static final Positions NONE = new Positions();

        void add(long revision, int seq) {
            revisions.add(revision);
            positions.add(revision + ":" + seq);
        }

        boolean contains(long revision, int seq) {
            return revisions.contains(revision) && positions.contains(revision + ":" + seq);
        }
    }

    /** One tenant generation touched by the batch. */
    static final class Generation {
        final String tenant;
        final long createdRevision;
        /** Its file when it existed before the batch; null for one the batch creates. */
        final TenantFile existing;
        final List<TenantFile.Row> rows = new ArrayList<>();
        boolean deleted;

        Generation(String tenant, long createdRevision, TenantFile existing) {
            this.tenant = tenant;
            this.createdRevision = createdRevision;
            this.existing = existing;
        }
    }

    final Positions elsewhere = new Positions();
    /** Every generation the batch writes to, creates or deletes, in first-touch order. */
    final List<Generation> generations = new ArrayList<>();

    static TenantRouting of(List<Commit> commits, TenantFiles files) {
        TenantRouting r = new TenantRouting();
        Map<String, Generation> current = new HashMap<>();
        for (Commit commit : commits) {
            List<Mutation> ms = commit.mutations();
            for (int seq = 0; seq < ms.size(); seq++) {
                switch (ms.get(seq)) {
                    case Mutation.PutTenant(Tenant t) -> {
                        if (t.dedicated()) {
                            // putting a live tenant again keeps its storage (the store contract allows re-puts)
                            if (r.generation(t.name(), current, files) == null) {
                                Generation g = new Generation(t.name(), commit.revision(), null);
                                current.put(t.name(), g);
                                r.generations.add(g);
                            }
                        } else {
                            current.put(t.name(), null); // shared from here on
                        }
                    }
                    case Mutation.DeleteTenant(String name) -> {
                        Generation g = r.generation(name, current, files);
                        if (g != null) {
                            g.deleted = true;
                            g.rows.clear(); // purged with the tenant, as the store contract says
                        }
                        current.put(name, null);
                    }
                    case Mutation.PutEntry(EntryKey key, Value value, boolean replace) ->
                        r.route(commit.revision(), seq, key, value, replace, current, files);
                    case Mutation.DeleteEntry(EntryKey key) ->
                        r.route(commit.revision(), seq, key, null, false, current, files);
                    default -> {}
                }
            }
        }
        return r;
    }

    private void route(long revision, int seq, EntryKey key, Value value, boolean replace,
            Map<String, Generation> current, TenantFiles files) {
        Generation g = generation(key.tenant(), current, files);
        if (g != null) {
            g.rows.add(new TenantFile.Row(revision, seq, key, value, replace));
            elsewhere.add(revision, seq);
        }
    }

    /** The tenant's generation at this point of the batch; null when its data goes to the main file. */
    private Generation generation(String tenant, Map<String, Generation> current, TenantFiles files) {
        if (current.containsKey(tenant)) {
            return current.get(tenant);
        }
        TenantFile file = files.of(tenant).orElse(null);
        if (file == null) {
            current.put(tenant, null);
            return null;
        }
        Generation g = new Generation(tenant, file.createdRevision, file);
        generations.add(g);
        current.put(tenant, g);
        return g;
    }
}
