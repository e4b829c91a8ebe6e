package io.llmcm.core.store;

import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.auth.ApiKey;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.Role;
import io.llmcm.core.model.Commit;
import io.llmcm.core.model.CommitInfo;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Environment;
import io.llmcm.core.model.Lease;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Names;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.model.Tag;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.TenantQuota;
import io.llmcm.core.model.TenantState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A plain, obviously-correct Store held in memory: the reference the conformance suite is checked
 * against and the store the core's own tests run on. Not durable, not fast, not for production.
 */
public final class MemoryStore implements Store {
    /** One entry version plus the revision that superseded it (0 while it is the head). */
    private static final class Row {
        final EntryVersion version;
        final int seq;
        long superseded;

        Row(EntryVersion version, int seq) {
            this.version = version;
            this.seq = seq;
        }
    }

    private final Map<Long, CommitInfo> commits = new TreeMap<>();
    private final Map<Long, List<Mutation>> catalogMutations = new TreeMap<>();
    private final Map<Long, List<Integer>> catalogPositions = new TreeMap<>();
    private final List<Row> rows = new ArrayList<>();
    // creation order, as a real store gives them back: parents before children
    private final Map<String, Tenant> tenants = new LinkedHashMap<>();
    private final Map<String, TenantState> states = new TreeMap<>();
    private final Map<String, TenantQuota> quotas = new TreeMap<>();
    private final Map<String, Environment> envs = new LinkedHashMap<>();
    private final Map<String, Tag> tags = new TreeMap<>();
    private final Map<String, SchemaBinding> schemas = new TreeMap<>();
    private final Map<String, Role> roles = new TreeMap<>();
    private final Map<String, Binding> bindings = new TreeMap<>();
    private final Map<String, ApiKey> apiKeys = new TreeMap<>();
    private final Map<String, io.llmcm.core.model.RollbackRule> rollbackRules = new TreeMap<>();
    private final MemorySideTables side = new MemorySideTables();
    private long last;
    private long floor;

    @Override
    public synchronized StoreImage load() {
        List<EntryVersion> heads = rows.stream()
                .filter(r -> r.superseded == 0 && !r.version.isDeleted())
                .map(r -> r.version)
                .toList();
        return new StoreImage(last, heads, List.copyOf(tenants.values()), List.copyOf(envs.values()),
                List.copyOf(tags.values()), List.copyOf(schemas.values()), List.copyOf(roles.values()),
                List.copyOf(bindings.values()), List.copyOf(apiKeys.values()), floor, states, quotas, List.copyOf(rollbackRules.values()));
    }

    @Override
    public synchronized long lastRevision() {
        return last;
    }

    @Override
    public synchronized void append(List<Commit> batch) {
        long expect = last + 1;
        for (Commit c : batch) {
            if (c.revision() != expect++) {
                throw new RevisionMismatchException(batch.getFirst().revision() - 1, last);
            }
        }
        for (Commit c : batch) {
            commits.put(c.revision(), c.info());
            List<Mutation> cat = new ArrayList<>();
            List<Integer> pos = new ArrayList<>();
            for (int i = 0; i < c.mutations().size(); i++) {
                Mutation m = c.mutations().get(i);
                switch (m) {
                    case Mutation.PutEntry p -> write(new EntryVersion(p.key(), c.revision(), p.value(), p.replace()), i);
                    case Mutation.DeleteEntry d -> write(new EntryVersion(d.key(), c.revision(), null, false), i);
                    case Mutation.PutTenant(Tenant t) -> tenants.put(t.name(), t);
                    case Mutation.DeleteTenant(String name) -> purgeTenant(name, cat, pos);
                    // like a column of the tenant's row: lost when the tenant does not exist
                    case Mutation.SetTenantState(String tenant, TenantState state) -> {
                        if (tenants.containsKey(tenant)) {
                            states.put(tenant, state);
                        }
                    }
                    case Mutation.SetTenantQuota(String tenant, TenantQuota quota) -> {
                        if (tenants.containsKey(tenant)) {
                            quotas.put(tenant, quota);
                        }
                    }
                    case Mutation.PutEnvironment(Environment e) -> envs.put(e.name(), e);
                    case Mutation.PutTag(Tag t) -> tags.put(t.tenant() + "/" + t.name(), t);
                    case Mutation.DeleteTag(String tenant, String name) -> tags.remove(tenant + "/" + name);
                    case Mutation.PutSchema(SchemaBinding s) -> schemas.put(s.tenant() + "/" + s.name(), s);
                    case Mutation.DeleteSchema(String tenant, String name) -> schemas.remove(tenant + "/" + name);
                    case Mutation.PutRollbackRule(var r) -> rollbackRules.put(r.tenant() + "/" + r.name(), r);
                    case Mutation.DeleteRollbackRule(String tenant, String name) -> rollbackRules.remove(tenant + "/" + name);
                    case Mutation.PutRole(Role r) -> roles.put(r.tenant() + "/" + r.name(), r);
                    case Mutation.DeleteRole(String tenant, String name) -> roles.remove(tenant + "/" + name);
                    case Mutation.PutBinding(Binding b) -> bindings.put(b.tenant() + "/" + b.id(), b);
                    case Mutation.DeleteBinding(String tenant, String id) -> bindings.remove(tenant + "/" + id);
                    case Mutation.PutApiKey(ApiKey k) -> apiKeys.put(k.id(), k);
                    case Mutation.RevokeApiKey(String tenant, String id, Instant at) ->
                        apiKeys.computeIfPresent(id, (k, old) -> old.tenant().equals(tenant) ? old.revokedAt(at) : old);
                }
                if (MutationCodec.isCatalog(m)) {
                    cat.add(m);
                    pos.add(i);
                }
            }
            catalogMutations.put(c.revision(), cat);
            catalogPositions.put(c.revision(), pos);
            last = c.revision();
        }
    }

    /**
     * Everything of the tenant goes; older commits (and the mutations before this one in the
     * commit being written, {@code cat} and {@code pos}) lose the tenant's catalog mutations.
     */
    private void purgeTenant(String name, List<Mutation> cat, List<Integer> pos) {
        rows.removeIf(r -> r.version.key().tenant().equals(name));
        tenants.remove(name);
        states.remove(name);
        quotas.remove(name);
        tags.values().removeIf(t -> t.tenant().equals(name));
        schemas.values().removeIf(s -> s.tenant().equals(name));
        rollbackRules.values().removeIf(r -> r.tenant().equals(name));
        roles.values().removeIf(r -> r.tenant().equals(name));
        bindings.values().removeIf(b -> b.tenant().equals(name));
        apiKeys.values().removeIf(k -> k.tenant().equals(name));
        side.purgeTenant(name);
        for (long revision : catalogMutations.keySet()) {
            strip(catalogMutations.get(revision), catalogPositions.get(revision), name);
        }
        strip(cat, pos, name);
    }

    private static void strip(List<Mutation> cat, List<Integer> pos, String tenant) {
        for (int i = cat.size() - 1; i >= 0; i--) {
            if (TenantPurgeRule.belongsTo(cat.get(i), tenant)) {
                cat.remove(i);
                pos.remove(i);
            }
        }
    }

    private void write(EntryVersion v, int seq) {
        for (Row r : rows) {
            if (r.superseded == 0 && r.version.key().equals(v.key())) {
                r.superseded = v.revision();
            }
        }
        rows.add(new Row(v, seq));
    }

    @Override
    public synchronized List<Commit> commitsAfter(long after, int limit) {
        List<Commit> out = new ArrayList<>();
        for (CommitInfo info : commits.values()) {
            if (info.revision() <= after) {
                continue;
            }
            if (out.size() == limit) {
                break;
            }
            Map<Integer, Mutation> ordered = new TreeMap<>();
            for (Row r : rows) {
                if (r.version.revision() == info.revision()) {
                    EntryVersion v = r.version;
                    ordered.put(r.seq, v.isDeleted() ? new Mutation.DeleteEntry(v.key()) : new Mutation.PutEntry(v.key(), v.value(), v.replace()));
                }
            }
            List<Mutation> cat = catalogMutations.get(info.revision());
            List<Integer> pos = catalogPositions.get(info.revision());
            for (int i = 0; i < cat.size(); i++) {
                ordered.put(pos.get(i), cat.get(i));
            }
            out.add(new Commit(info.revision(), info.time(), info.author(), info.message(), List.copyOf(ordered.values())));
        }
        return out;
    }

    @Override
    public synchronized Optional<CommitInfo> commitInfo(long revision) {
        return Optional.ofNullable(commits.get(revision));
    }

    @Override
    public synchronized List<HistoryEntry> history(String tenant, String path, long beforeRevision, int limit) {
        return rows.stream()
                .filter(r -> r.version.key().tenant().equals(tenant) && r.version.key().path().equals(path))
                .filter(r -> r.version.revision() < beforeRevision)
                .sorted(Comparator.comparingLong((Row r) -> r.version.revision()).reversed().thenComparingInt(r -> -r.seq))
                .limit(limit)
                .map(r -> new HistoryEntry(r.version, commits.get(r.version.revision())))
                .toList();
    }

    @Override
    public synchronized List<EntryVersion> entriesAt(String tenant, String prefix, long revision) {
        String under = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix; // "a/" means "a"
        Map<String, EntryVersion> visible = new TreeMap<>();
        for (Row r : rows) {
            EntryKey k = r.version.key();
            boolean live = r.version.revision() <= revision && (r.superseded == 0 || r.superseded > revision);
            if (live && k.tenant().equals(tenant) && Names.isUnder(k.path(), under) && !r.version.isDeleted()) {
                visible.put(k.path() + '\0' + k.layer().env() + '\0' + k.layer().service(), r.version);
            }
        }
        return List.copyOf(visible.values());
    }

    @Override
    public synchronized long prune(Instant cutoff, Set<Long> taggedRevisions) {
        long n = 0;
        for (var it = rows.iterator(); it.hasNext(); ) {
            Row r = it.next();
            if (r.superseded == 0 && r.version.isDeleted() && commits.get(r.version.revision()).time().isBefore(cutoff)) {
                it.remove(); // an old deletion marker says no more than absence does
                n++;
                continue;
            }
            if (r.superseded == 0 || !commits.get(r.superseded).time().isBefore(cutoff)) {
                continue;
            }
            boolean tagged = taggedRevisions.stream().anyMatch(t -> r.version.revision() <= t && t < r.superseded);
            if (!tagged) {
                it.remove();
                n++;
            }
        }
        for (CommitInfo c : commits.values()) {
            if (c.time().isBefore(cutoff)) {
                floor = Math.max(floor, c.revision());
            }
        }
        return n;
    }

    @Override
    public synchronized long retentionFloor() {
        return floor;
    }

    @Override
    public synchronized Map<String, byte[]> keyrings() {
        return side.keyrings();
    }

    @Override
    public synchronized void putKeyring(String tenant, byte[] wrapped) {
        side.putKeyring(tenant, wrapped);
    }

    @Override
    public synchronized void deleteKeyring(String tenant) {
        side.deleteKeyring(tenant);
    }

    @Override
    public synchronized Optional<byte[]> setting(String name) {
        return side.setting(name);
    }

    @Override
    public synchronized void putSetting(String name, byte[] value) {
        side.putSetting(name, value);
    }

    @Override
    public synchronized void appendAudit(List<AuditEvent> events) {
        side.appendAudit(events);
    }

    @Override
    public synchronized List<AuditEvent> auditAfter(long after, int limit) {
        return side.auditAfter(after, limit);
    }

    @Override
    public synchronized Optional<AuditEvent> lastAudit() {
        return side.lastAudit();
    }

    @Override
    public synchronized void putLease(Lease lease) {
        side.putLease(lease);
    }

    @Override
    public synchronized Optional<Lease> lease(String id) {
        return side.lease(id);
    }

    @Override
    public synchronized Optional<Lease> leaseByCredential(String credentialHash) {
        return side.leaseByCredential(credentialHash);
    }

    @Override
    public synchronized List<Lease> leases(String tenant, int limit) {
        return side.leases(tenant, limit);
    }

    @Override
    public void close() {}

    /** For tests: how many versions (rows) are kept. */
    public synchronized int versionCount() {
        return rows.size();
    }

}
