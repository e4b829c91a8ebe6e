package io.llmcm.core.model;

import java.util.Objects;

/** One change inside a {@link Commit}. */
public sealed interface Mutation {

    /** Writes a new version of an entry. */
    record PutEntry(EntryKey key, Value value, boolean replace) implements Mutation {
        public PutEntry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** Deletes an entry (its history stays). */
    record DeleteEntry(EntryKey key) implements Mutation {
        public DeleteEntry {
            Objects.requireNonNull(key, "key");
        }
    }

    /** Creates a tenant. Parents never change afterwards, so history reads use today's tree. */
    record PutTenant(Tenant tenant) implements Mutation {
        public PutTenant {
            Objects.requireNonNull(tenant, "tenant");
        }
    }

    /**
     * Deletes a tenant that has no child tenants: its entries, history, tags, schemas, roles,
     * bindings and API keys are purged from the store and its data keys destroyed
     * (crypto-shredding).
     */
    record DeleteTenant(String name) implements Mutation {
        public DeleteTenant {
            Names.tenant(name);
        }
    }

    /**
     * Moves a tenant to a lifecycle state. An archived tenant refuses changes to its entries, tags
     * and schemas; a suspended one is refused by the server; see {@link TenantState}. The root
     * tenant {@code global} is always active.
     */
    record SetTenantState(String tenant, TenantState state) implements Mutation {
        public SetTenantState {
            Names.tenant(tenant);
            Objects.requireNonNull(state, "state");
            if (tenant.equals(Tenant.GLOBAL) && state != TenantState.ACTIVE) {
                throw new io.llmcm.core.InvalidInputException(
                        "the root tenant 'global' is always active; it cannot be " + state.id());
            }
        }
    }

    /** Replaces a tenant's quota ({@link TenantQuota#UNLIMITED} removes every limit). */
    record SetTenantQuota(String tenant, TenantQuota quota) implements Mutation {
        public SetTenantQuota {
            Names.tenant(tenant);
            Objects.requireNonNull(quota, "quota");
        }
    }

    /** Creates an environment. Parents never change afterwards. */
    record PutEnvironment(Environment environment) implements Mutation {
        public PutEnvironment {
            Objects.requireNonNull(environment, "environment");
        }
    }

    /** Creates or moves a tag. */
    record PutTag(Tag tag) implements Mutation {
        public PutTag {
            Objects.requireNonNull(tag, "tag");
        }
    }

    record DeleteTag(String tenant, String name) implements Mutation {
        public DeleteTag {
            Names.tenant(tenant);
            Names.tag(name);
        }
    }

    /** Attaches or replaces a schema binding. */
    record PutSchema(SchemaBinding schema) implements Mutation {
        public PutSchema {
            Objects.requireNonNull(schema, "schema");
        }
    }

    record DeleteSchema(String tenant, String name) implements Mutation {
        public DeleteSchema {
            Names.tenant(tenant);
            Names.schema(name);
        }
    }

    /** Creates or replaces an automatic rollback rule. */
    record PutRollbackRule(RollbackRule rule) implements Mutation {
        public PutRollbackRule {
            Objects.requireNonNull(rule, "rule");
        }
    }

    record DeleteRollbackRule(String tenant, String name) implements Mutation {
        public DeleteRollbackRule {
            Names.tenant(tenant);
            Names.schema(name);
        }
    }

    // ---------------------------------------------------------------- access control
    //
    // Roles, bindings and API keys are catalog state like tags and schemas: committed through the
    // log, purged with their tenant, held in memory. Tenant "" means the whole store.

    /** Creates or replaces a custom role. */
    record PutRole(io.llmcm.core.auth.Role role) implements Mutation {
        public PutRole {
            Objects.requireNonNull(role, "role");
        }
    }

    record DeleteRole(String tenant, String name) implements Mutation {
        public DeleteRole {
            Names.tenantOrStoreWide(tenant);
            Names.role(name);
        }
    }

    /** Creates or replaces a role binding. */
    record PutBinding(io.llmcm.core.auth.Binding binding) implements Mutation {
        public PutBinding {
            Objects.requireNonNull(binding, "binding");
        }
    }

    record DeleteBinding(String tenant, String id) implements Mutation {
        public DeleteBinding {
            Names.tenantOrStoreWide(tenant);
            Names.binding(id);
        }
    }

    /** Creates an API key (its hash; the secret part is never stored). */
    record PutApiKey(io.llmcm.core.auth.ApiKey key) implements Mutation {
        public PutApiKey {
            Objects.requireNonNull(key, "key");
        }
    }

    /** Revokes an API key from {@code at} on; the key stays listed. */
    record RevokeApiKey(String tenant, String id, java.time.Instant at) implements Mutation {
        public RevokeApiKey {
            Names.tenantOrStoreWide(tenant);
            io.llmcm.core.auth.ApiKey.checkId(id);
            at = Objects.requireNonNull(at, "at").truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        }
    }
}
