package io.llmcm.core.auth;

import io.llmcm.core.crypto.EnvironmentKeyProvider;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.MutableClock;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Shorthands for the access-control tests. */
final class AuthFixtures {
    static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z"); // a Monday, 10:00 UTC

    private AuthFixtures() {}

    /** A clock tests move by hand, at {@link #T0}. */
    static MutableClock clock() {
        return new MutableClock(T0);
    }

    /** A master key in an environment map, as LLMCM_MASTER_KEY would hold it. */
    static Map<String, String> masterKeyEnv() {
        return new java.util.HashMap<>(Map.of("LLMCM_MASTER_KEY", EnvironmentKeyProvider.newKey()));
    }

    /**
     * An initialized repository over the store with a master key, tenants {@code acme} (child of
     * global), {@code acme-eu} (child of acme) and {@code beta} (child of global).
     */
    static Repository repo(Store store, Clock clock, Map<String, String> env) {
        Repository r = Repository.open(store, new Repository.Options(1000, clock,
                record -> new EnvironmentKeyProvider("LLMCM_MASTER_KEY", env)));
        if (!r.isInitialized()) {
            r.initialize("test");
            r.secrets().initialize(new EnvironmentKeyProvider("LLMCM_MASTER_KEY", env), "test");
            tenant(r, "acme", "global");
            tenant(r, "acme-eu", "acme");
            tenant(r, "beta", "global");
        }
        return r;
    }

    static void tenant(Repository r, String name, String parent) {
        commit(r, new Mutation.PutTenant(new Tenant(name, parent)));
    }

    static void commit(Repository r, Mutation... ms) {
        ChangeRequest.Builder b = ChangeRequest.by("test");
        for (Mutation m : ms) {
            b.add(m);
        }
        r.commit(b.build());
    }

    static Binding binding(String tenant, String id, String subject, String role, BindingScope scope, String condition) {
        return new Binding(tenant, id, subject, role, scope, condition);
    }

    static void bind(Repository r, String tenant, String id, String subject, String role, BindingScope scope, String condition) {
        commit(r, new Mutation.PutBinding(binding(tenant, id, subject, role, scope, condition)));
    }

    static void bind(Repository r, String tenant, String id, String subject, String role) {
        bind(r, tenant, id, subject, role, BindingScope.TENANT, "");
    }

    static Principal key(String id, String tenant) {
        return new Principal("key:" + id, id, tenant, Set.of());
    }

    static Principal user(String sub, String... groups) {
        return new Principal("oidc:https://id.example.com#" + sub, sub, "", Set.of(groups));
    }

    static AccessRequest request(Principal p, Resource resource, Permission permission, String tenant, String path, String env) {
        return new AccessRequest(p, permission, resource, tenant, path, env, T0, "10.1.2.3");
    }
}
