package io.llmcm.core.repo;

import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Names;
import java.util.Objects;

/**
 * Whose view of the configuration a read takes: a tenant, an environment and optionally a service.
 * The effective value of a path in a scope merges every layer of the scope's chain (see {@link
 * Resolver}).
 *
 * @param service "" for no service
 */
public record Scope(String tenant, String env, String service) {
    public Scope {
        Names.tenant(tenant);
        Names.environment(env);
        service = Objects.requireNonNullElse(service, "");
        if (!service.isEmpty()) {
            Names.service(service);
        }
    }

    public static Scope of(String tenant, String env) {
        return new Scope(tenant, env, "");
    }

    public static Scope of(String tenant, String env, String service) {
        return new Scope(tenant, env, service);
    }

    // written out: the record's generated methods go through method handles, and watchers hash
    // scopes for every event they look up

    @Override
    public int hashCode() {
        return 31 * (31 * tenant.hashCode() + env.hashCode()) + service.hashCode();
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Scope s && tenant.equals(s.tenant) && env.equals(s.env) && service.equals(s.service);
    }

    public boolean hasService() {
        return !service.isEmpty();
    }

    @Override
    public String toString() {
        return tenant + ":" + env + (service.isEmpty() ? "" : ":" + service);
    }

    /** The layer a write in this scope goes to. */
    public Layer layer() {
        return new Layer(env, service);
    }
}
