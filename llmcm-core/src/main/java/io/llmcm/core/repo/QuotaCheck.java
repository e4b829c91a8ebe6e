package io.llmcm.core.repo;

import io.llmcm.core.QuotaExceededException;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.TenantQuota;
import io.llmcm.core.model.TenantUsage;
import io.llmcm.core.model.Value;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What one commit adds to the usage of each tenant that has a key or byte quota, and the check
 * that refuses the commit when that would take a tenant over its quota. Tenants without such a
 * quota are not counted here at all (their usage is still counted by {@link Heads}).
 *
 * <p>Only growth is refused: a commit that deletes entries or shrinks values is accepted even in a
 * tenant already above a quota that was lowered below its usage.
 */
final class QuotaCheck {
    private final Catalog catalog;
    private final Heads heads;
    private final Map<String, TenantUsage> deltas = new HashMap<>();

    /**
     * @param catalog the catalog after the commit's catalog changes (its quotas apply)
     * @param heads the heads the commit's entry changes replace
     */
    QuotaCheck(Catalog catalog, Heads heads) {
        this.catalog = catalog;
        this.heads = heads;
    }

    void put(EntryKey key, Value value) {
        if (limited(key.tenant())) {
            EntryVersion old = heads.head(key);
            add(key.tenant(), old == null ? 1 : 0, value.size() - (old == null ? 0 : old.value().size()));
        }
    }

    void delete(EntryKey key) {
        EntryVersion old = heads.head(key);
        if (old != null && limited(key.tenant())) {
            add(key.tenant(), -1, -old.value().size());
        }
    }

    /**
     * @param usage each tenant's usage before this commit (heads, plus commits planned but not yet
     *     applied)
     * @return the change to each counted tenant's usage
     * @throws QuotaExceededException when the commit takes a tenant over its key or byte quota
     */
    Map<String, TenantUsage> check(Function<String, TenantUsage> usage) {
        for (Map.Entry<String, TenantUsage> e : deltas.entrySet()) {
            String tenant = e.getKey();
            TenantUsage delta = e.getValue();
            TenantQuota quota = catalog.quota(tenant);
            TenantUsage after = usage.apply(tenant).plus(delta);
            if (quota.maxKeys() > 0 && delta.keys() > 0 && after.keys() > quota.maxKeys()) {
                throw new QuotaExceededException("tenant '" + tenant + "' would hold " + after.keys()
                        + " keys; its quota allows " + quota.maxKeys() + " (max-keys): delete entries or raise the quota");
            }
            if (quota.maxBytes() > 0 && delta.bytes() > 0 && after.bytes() > quota.maxBytes()) {
                throw new QuotaExceededException("tenant '" + tenant + "' would hold " + after.bytes()
                        + " bytes of values; its quota allows " + quota.maxBytes()
                        + " (max-bytes): delete or shrink entries, or raise the quota");
            }
        }
        return Map.copyOf(deltas);
    }

    private boolean limited(String tenant) {
        TenantQuota q = catalog.quota(tenant);
        return q.maxKeys() > 0 || q.maxBytes() > 0;
    }

    private void add(String tenant, long keys, long bytes) {
        deltas.merge(tenant, new TenantUsage(keys, bytes), TenantUsage::plus);
    }
}
