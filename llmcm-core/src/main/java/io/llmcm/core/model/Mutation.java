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
     * Deletes a tenant that has no child tenants: its entries, history, tags and schemas are
     * purged from the store and its data keys destroyed (crypto-shredding).
     */
    record DeleteTenant(String name) implements Mutation {
        public DeleteTenant {
            Names.tenant(name);
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
}
