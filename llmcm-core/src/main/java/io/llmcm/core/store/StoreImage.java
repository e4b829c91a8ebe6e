package io.llmcm.core.store;

import io.llmcm.core.auth.ApiKey;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.Role;
import io.llmcm.core.model.Environment;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.model.Tag;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.TenantQuota;
import io.llmcm.core.model.TenantState;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The current state as read from a store on open: heads and the catalog (roles, bindings and API
 * keys included; a revoked key is listed with its revocation time).
 *
 * @param tenantStates the state of every existing tenant that is not active (active ones may be
 *     given too; they are dropped)
 * @param tenantQuotas the quota of every existing tenant that has one (unlimited ones are dropped)
 * @param rollbackRules every automatic rollback rule
 */
public record StoreImage(
        long revision,
        List<EntryVersion> heads,
        List<Tenant> tenants,
        List<Environment> environments,
        List<Tag> tags,
        List<SchemaBinding> schemas,
        List<Role> roles,
        List<Binding> bindings,
        List<ApiKey> apiKeys,
        long retentionFloor,
        Map<String, TenantState> tenantStates,
        Map<String, TenantQuota> tenantQuotas,
        List<io.llmcm.core.model.RollbackRule> rollbackRules) {
    public StoreImage {
        heads = List.copyOf(heads);
        tenants = List.copyOf(tenants);
        environments = List.copyOf(environments);
        tags = List.copyOf(tags);
        schemas = List.copyOf(schemas);
        roles = List.copyOf(roles);
        bindings = List.copyOf(bindings);
        apiKeys = List.copyOf(apiKeys);
        rollbackRules = List.copyOf(rollbackRules);
        // defaults are dropped so that two stores holding the same state compare equal
        TreeMap<String, TenantState> states = new TreeMap<>(tenantStates);
        states.values().removeIf(s -> s == TenantState.ACTIVE);
        tenantStates = Collections.unmodifiableSortedMap(states);
        TreeMap<String, TenantQuota> quotas = new TreeMap<>(tenantQuotas);
        quotas.values().removeIf(TenantQuota::isUnlimited);
        tenantQuotas = Collections.unmodifiableSortedMap(quotas);
    }
}
