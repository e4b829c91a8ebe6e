package io.llmcm.core.store;

import io.llmcm.core.auth.ApiKey;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.Role;
import io.llmcm.core.model.Commit;
import io.llmcm.core.model.CommitInfo;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Environment;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Names;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.model.Tag;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.TenantQuota;
import io.llmcm.core.model.TenantState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@link Store} contract written as plainly as possible over an in-memory list of commits:
 * every answer is recomputed by replaying the log. Property tests compare real stores with it.
 */
public final class ReferenceLog {
    /** One entry version in log order; {@code pruned} once {@link #prune} removed it. */
    private static final class Version {
        final EntryVersion version;
        final CommitInfo commit;
        boolean pruned;

        Version(EntryVersion version, CommitInfo commit) {
            this.version = version;
            this.commit = commit;
        }
    }

    private final List<Commit> commits = new ArrayList<>();
    private final List<Version> versions = new ArrayList<>();
    private long retentionFloor;

    public void append(List<Commit> batch) {
        for (Commit c : batch) {
            commits.add(c);
            for (int i = 0; i < c.mutations().size(); i++) {
                switch (c.mutations().get(i)) {
                    case Mutation.PutEntry p -> versions.add(
                            new Version(new EntryVersion(p.key(), c.revision(), p.value(), p.replace()), c.info()));
                    case Mutation.DeleteEntry d ->
                        versions.add(new Version(new EntryVersion(d.key(), c.revision(), null, false), c.info()));
                    case Mutation.DeleteTenant d -> purge(d.name(), i);
                    default -> {}
                }
            }
        }
    }

    /**
     * A tenant's deletion, the {@code at}-th mutation of the last commit: its versions vanish, and
     * the log keeps none of its entry, tag or schema mutations from before that point.
     */
    private void purge(String tenant, int at) {
        versions.removeIf(v -> v.version.key().tenant().equals(tenant));
        for (int c = 0; c < commits.size(); c++) {
            Commit commit = commits.get(c);
            int end = c == commits.size() - 1 ? at : commit.mutations().size();
            List<Mutation> kept = new ArrayList<>();
            for (int i = 0; i < commit.mutations().size(); i++) {
                Mutation m = commit.mutations().get(i);
                if (i >= end || !TenantPurgeRule.belongsTo(m, tenant)) {
                    kept.add(m);
                }
            }
            commits.set(c, new Commit(commit.revision(), commit.time(), commit.author(), commit.message(), kept));
        }
    }

    public long lastRevision() {
        return commits.isEmpty() ? 0 : commits.getLast().revision();
    }

    public List<Commit> commitsAfter(long after, int limit) {
        return commits.stream().filter(c -> c.revision() > after).limit(Math.max(0, limit)).toList();
    }

    public Commit commit(long revision) {
        return commits.get((int) revision - 1);
    }

    public long retentionFloor() {
        return retentionFloor;
    }

    /** The live heads, sorted by key. */
    public List<EntryVersion> heads() {
        return replay(Long.MAX_VALUE).values().stream()
                .filter(v -> !v.isDeleted())
                .sorted(StoreFixtures.BY_KEY)
                .toList();
    }

    public List<EntryVersion> entriesAt(String tenant, String prefix, long revision) {
        return replay(revision).values().stream()
                .filter(v -> !v.isDeleted())
                .filter(v -> v.key().tenant().equals(tenant) && Names.isUnder(v.key().path(), prefix))
                .sorted(StoreFixtures.BY_KEY)
                .toList();
    }

    public List<HistoryEntry> history(String tenant, String path, long beforeRevision, int limit) {
        List<HistoryEntry> out = new ArrayList<>();
        for (Version v : versions.reversed()) {
            EntryKey k = v.version.key();
            if (!v.pruned && k.tenant().equals(tenant) && k.path().equals(path) && v.version.revision() < beforeRevision
                    && out.size() < limit) {
                out.add(new HistoryEntry(v.version, v.commit));
            }
        }
        return out;
    }

    /** Applies the pruning rule of {@link Store#prune}; returns how many versions it removed. */
    public long prune(Instant cutoff, Set<Long> taggedRevisions) {
        long removed = 0;
        for (int i = 0; i < versions.size(); i++) {
            Version v = versions.get(i);
            long superseded = supersededAt(i);
            if (!v.pruned && superseded == 0 && v.version.isDeleted()
                    && commit(v.version.revision()).time().isBefore(cutoff)) {
                v.pruned = true; // an old deletion marker says no more than absence does
                removed++;
                continue;
            }
            if (v.pruned || superseded == 0 || !commit(superseded).time().isBefore(cutoff)) {
                continue;
            }
            long written = v.version.revision();
            if (taggedRevisions.stream().noneMatch(t -> written <= t && t < superseded)) {
                v.pruned = true;
                removed++;
            }
        }
        for (Commit c : commits) {
            if (c.time().isBefore(cutoff)) {
                retentionFloor = Math.max(retentionFloor, c.revision());
            }
        }
        return removed;
    }

    /** The revision of the next version of the same key, 0 for a head. */
    private long supersededAt(int index) {
        EntryKey key = versions.get(index).version.key();
        for (int j = index + 1; j < versions.size(); j++) {
            if (versions.get(j).version.key().equals(key)) {
                return versions.get(j).version.revision();
            }
        }
        return 0;
    }

    private Map<EntryKey, EntryVersion> replay(long revision) {
        Map<EntryKey, EntryVersion> state = new LinkedHashMap<>();
        for (Version v : versions) {
            if (v.version.revision() <= revision) {
                state.put(v.version.key(), v.version);
            }
        }
        return state;
    }

    /** Tenants in creation order; a deleted and re-created tenant counts as created anew. */
    public List<Tenant> tenants() {
        Map<String, Tenant> out = new LinkedHashMap<>();
        for (Commit c : commits) {
            for (Mutation m : c.mutations()) {
                switch (m) {
                    case Mutation.PutTenant(Tenant t) -> out.put(t.name(), t);
                    case Mutation.DeleteTenant(String name) -> out.remove(name);
                    default -> {}
                }
            }
        }
        return List.copyOf(out.values());
    }

    /**
     * The state of each existing tenant that is not active (set while it existed; a re-created
     * tenant starts active).
     */
    public Map<String, TenantState> tenantStates() {
        Map<String, TenantState> out =
                tenantSettings(Mutation.SetTenantState.class, Mutation.SetTenantState::tenant, Mutation.SetTenantState::state);
        out.values().removeIf(s -> s == TenantState.ACTIVE);
        return out;
    }

    /** The quota of each existing tenant that has one (a re-created tenant starts unlimited). */
    public Map<String, TenantQuota> tenantQuotas() {
        Map<String, TenantQuota> out =
                tenantSettings(Mutation.SetTenantQuota.class, Mutation.SetTenantQuota::tenant, Mutation.SetTenantQuota::quota);
        out.values().removeIf(TenantQuota::isUnlimited);
        return out;
    }

    private <M extends Mutation, V> Map<String, V> tenantSettings(
            Class<M> type, java.util.function.Function<M, String> tenant, java.util.function.Function<M, V> value) {
        Set<String> live = new java.util.HashSet<>();
        Map<String, V> out = new TreeMap<>();
        for (Commit c : commits) {
            for (Mutation m : c.mutations()) {
                switch (m) {
                    case Mutation.PutTenant(Tenant t) -> live.add(t.name());
                    case Mutation.DeleteTenant(String name) -> {
                        live.remove(name);
                        out.remove(name);
                    }
                    default -> {
                        if (type.isInstance(m) && live.contains(tenant.apply(type.cast(m)))) {
                            out.put(tenant.apply(type.cast(m)), value.apply(type.cast(m)));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Environments in creation order. */
    public List<Environment> environments() {
        Map<String, Environment> out = new LinkedHashMap<>();
        catalog(Mutation.PutEnvironment.class).forEach(m -> out.put(m.environment().name(), m.environment()));
        return List.copyOf(out.values());
    }

    public List<Tag> tags() {
        Map<String, Tag> out = new LinkedHashMap<>();
        for (Commit c : commits) {
            for (Mutation m : c.mutations()) {
                switch (m) {
                    case Mutation.PutTag(Tag t) -> out.put(t.tenant() + "/" + t.name(), t);
                    case Mutation.DeleteTag(String tenant, String name) -> out.remove(tenant + "/" + name);
                    default -> {}
                }
            }
        }
        return List.copyOf(out.values());
    }

    public List<SchemaBinding> schemas() {
        Map<String, SchemaBinding> out = new LinkedHashMap<>();
        for (Commit c : commits) {
            for (Mutation m : c.mutations()) {
                switch (m) {
                    case Mutation.PutSchema(SchemaBinding s) -> out.put(s.tenant() + "/" + s.name(), s);
                    case Mutation.DeleteSchema(String tenant, String name) -> out.remove(tenant + "/" + name);
                    default -> {}
                }
            }
        }
        return List.copyOf(out.values());
    }

    public List<io.llmcm.core.model.RollbackRule> rollbackRules() {
        Map<String, io.llmcm.core.model.RollbackRule> out = new LinkedHashMap<>();
        for (Commit c : commits) {
            for (Mutation m : c.mutations()) {
                switch (m) {
                    case Mutation.PutRollbackRule(var r) -> out.put(r.tenant() + "/" + r.name(), r);
                    case Mutation.DeleteRollbackRule(String tenant, String name) -> out.remove(tenant + "/" + name);
                    default -> {}
                }
            }
        }
        return List.copyOf(out.values());
    }

    public List<Role> roles() {
        Map<String, Role> out = new LinkedHashMap<>();
        for (Commit c : commits) {
            for (Mutation m : c.mutations()) {
                switch (m) {
                    case Mutation.PutRole(Role r) -> out.put(r.tenant() + "/" + r.name(), r);
                    case Mutation.DeleteRole(String tenant, String name) -> out.remove(tenant + "/" + name);
                    default -> {}
                }
            }
        }
        return List.copyOf(out.values());
    }

    public List<Binding> bindings() {
        Map<String, Binding> out = new LinkedHashMap<>();
        for (Commit c : commits) {
            for (Mutation m : c.mutations()) {
                switch (m) {
                    case Mutation.PutBinding(Binding b) -> out.put(b.tenant() + "/" + b.id(), b);
                    case Mutation.DeleteBinding(String tenant, String id) -> out.remove(tenant + "/" + id);
                    default -> {}
                }
            }
        }
        return List.copyOf(out.values());
    }

    /** Keys by id; a revocation applies to the key of that id in that tenant. */
    public List<ApiKey> apiKeys() {
        Map<String, ApiKey> out = new LinkedHashMap<>();
        for (Commit c : commits) {
            for (Mutation m : c.mutations()) {
                switch (m) {
                    case Mutation.PutApiKey(ApiKey k) -> out.put(k.id(), k);
                    case Mutation.RevokeApiKey(String tenant, String id, Instant at) ->
                        out.computeIfPresent(id, (k, old) -> old.tenant().equals(tenant) ? old.revokedAt(at) : old);
                    default -> {}
                }
            }
        }
        return List.copyOf(out.values());
    }

    private <M extends Mutation> List<M> catalog(Class<M> type) {
        return commits.stream()
                .flatMap(c -> c.mutations().stream())
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }
}
