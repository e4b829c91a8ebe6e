package io.llmcm.core.store;

import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.model.Commit;
import io.llmcm.core.model.CommitInfo;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Lease;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.TenantIsolation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A store seen through a lens that creates every tenant but {@code global} dedicated, and shows it
 * shared again on the way out: the whole conformance suite, written for shared tenants, then runs
 * on a real store with its data in dedicated storage.
 */
public final class AllDedicated implements Store {
    private final Store store;

    public AllDedicated(Store store) {
        this.store = store;
    }

    private static List<Commit> map(List<Commit> commits, UnaryOperator<Tenant> f) {
        return commits.stream()
                .map(c -> new Commit(c.revision(), c.time(), c.author(), c.message(), c.mutations().stream()
                        .map(m -> m instanceof Mutation.PutTenant(Tenant t) ? (Mutation) new Mutation.PutTenant(f.apply(t)) : m)
                        .toList()))
                .toList();
    }

    private static Tenant in(Tenant t) {
        return t.name().equals(Tenant.GLOBAL) ? t : new Tenant(t.name(), t.parent(), TenantIsolation.DEDICATED);
    }

    private static Tenant out(Tenant t) {
        return new Tenant(t.name(), t.parent());
    }

    @Override
    public StoreImage load() {
        StoreImage i = store.load();
        return new StoreImage(i.revision(), i.heads(), i.tenants().stream().map(AllDedicated::out).toList(), i.environments(),
                i.tags(), i.schemas(), i.roles(), i.bindings(), i.apiKeys(), i.retentionFloor(), i.tenantStates(),
                i.tenantQuotas(), i.rollbackRules());
    }

    @Override
    public long lastRevision() {
        return store.lastRevision();
    }

    @Override
    public void append(List<Commit> commits) {
        store.append(map(commits, AllDedicated::in));
    }

    @Override
    public List<Commit> commitsAfter(long after, int limit) {
        return map(store.commitsAfter(after, limit), AllDedicated::out);
    }

    @Override
    public Optional<CommitInfo> commitInfo(long revision) {
        return store.commitInfo(revision);
    }

    @Override
    public List<HistoryEntry> history(String tenant, String path, long beforeRevision, int limit) {
        return store.history(tenant, path, beforeRevision, limit);
    }

    @Override
    public List<EntryVersion> entriesAt(String tenant, String prefix, long revision) {
        return store.entriesAt(tenant, prefix, revision);
    }

    @Override
    public long prune(Instant cutoff, Set<Long> taggedRevisions) {
        return store.prune(cutoff, taggedRevisions);
    }

    @Override
    public long retentionFloor() {
        return store.retentionFloor();
    }

    @Override
    public Map<String, byte[]> keyrings() {
        return store.keyrings();
    }

    @Override
    public void putKeyring(String tenant, byte[] wrapped) {
        store.putKeyring(tenant, wrapped);
    }

    @Override
    public boolean createKeyring(String tenant, byte[] wrapped) {
        return store.createKeyring(tenant, wrapped);
    }

    @Override
    public void deleteKeyring(String tenant) {
        store.deleteKeyring(tenant);
    }

    @Override
    public Optional<byte[]> setting(String name) {
        return store.setting(name);
    }

    @Override
    public void putSetting(String name, byte[] value) {
        store.putSetting(name, value);
    }

    @Override
    public boolean createSetting(String name, byte[] value) {
        return store.createSetting(name, value);
    }

    @Override
    public void appendAudit(List<AuditEvent> events) {
        store.appendAudit(events);
    }

    @Override
    public boolean appendAuditAfter(List<AuditEvent> linked) {
        return store.appendAuditAfter(linked);
    }

    @Override
    public List<AuditEvent> auditAfter(long after, int limit) {
        return store.auditAfter(after, limit);
    }

    @Override
    public Optional<AuditEvent> lastAudit() {
        return store.lastAudit();
    }

    @Override
    public void putLease(Lease lease) {
        store.putLease(lease);
    }

    @Override
    public Optional<Lease> lease(String id) {
        return store.lease(id);
    }

    @Override
    public Optional<Lease> leaseByCredential(String credentialHash) {
        return store.leaseByCredential(credentialHash);
    }

    @Override
    public List<Lease> leases(String tenant, int limit) {
        return store.leases(tenant, limit);
    }

    @Override
    public void close() {
        store.close();
    }
}
