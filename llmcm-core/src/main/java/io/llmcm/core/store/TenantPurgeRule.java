package io.llmcm.core.store;

import io.llmcm.core.model.Mutation;

/**
 * Which mutations of older commits a {@link Mutation.DeleteTenant} takes out of the log, as the
 * {@link Store#append} contract says: the tenant's entry, tag, schema, role, binding, API key,
 * state and quota mutations. Its creation
 * stays, so that a reader replaying the log sees it created, then deleted.
 */
public final class TenantPurgeRule {
    private TenantPurgeRule() {}

    public static boolean belongsTo(Mutation m, String tenant) {
        return switch (m) {
            case Mutation.PutEntry p -> p.key().tenant().equals(tenant);
            case Mutation.DeleteEntry d -> d.key().tenant().equals(tenant);
            case Mutation.PutTag p -> p.tag().tenant().equals(tenant);
            case Mutation.DeleteTag d -> d.tenant().equals(tenant);
            case Mutation.PutSchema p -> p.schema().tenant().equals(tenant);
            case Mutation.DeleteSchema d -> d.tenant().equals(tenant);
            case Mutation.PutRollbackRule p -> p.rule().tenant().equals(tenant);
            case Mutation.DeleteRollbackRule d -> d.tenant().equals(tenant);
            case Mutation.PutRole p -> p.role().tenant().equals(tenant);
            case Mutation.DeleteRole d -> d.tenant().equals(tenant);
            case Mutation.PutBinding p -> p.binding().tenant().equals(tenant);
            case Mutation.DeleteBinding d -> d.tenant().equals(tenant);
            case Mutation.PutApiKey p -> p.key().tenant().equals(tenant);
            case Mutation.RevokeApiKey r -> r.tenant().equals(tenant);
            case Mutation.SetTenantState s -> s.tenant().equals(tenant);
            case Mutation.SetTenantQuota q -> q.tenant().equals(tenant);
            case Mutation.PutTenant p -> false;
            case Mutation.DeleteTenant d -> false;
            case Mutation.PutEnvironment p -> false;
        };
    }
}
