package io.llmcm.core.repo;

import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.Value;
import io.llmcm.core.store.MemoryStore;
import java.time.Instant;

/** Shorthands for repository tests. */
final class Fixtures {
    private Fixtures() {}

    static Repository memoryRepo(MutableClock clock) {
        Repository r = Repository.open(new MemoryStore(), new Repository.Options(1000, clock, null));
        r.initialize("test");
        return r;
    }

    /** A store key in an environment map, as LLMCM_MASTER_KEY would hold it. */
    static java.util.Map<String, String> masterKeyEnv() {
        return new java.util.HashMap<>(java.util.Map.of("LLMCM_MASTER_KEY", io.llmcm.core.crypto.EnvironmentKeyProvider.newKey()));
    }

    /** A repository that can seal secrets, its master key taken from {@code env}. */
    static Repository secretRepo(io.llmcm.core.store.Store store, MutableClock clock, java.util.Map<String, String> env) {
        Repository r = Repository.open(store, new Repository.Options(1000, clock,
                record -> new io.llmcm.core.crypto.EnvironmentKeyProvider("LLMCM_MASTER_KEY", env)));
        if (!r.isInitialized()) {
            r.initialize("test");
            r.secrets().initialize(new io.llmcm.core.crypto.EnvironmentKeyProvider("LLMCM_MASTER_KEY", env), "test");
        }
        return r;
    }

    static MutableClock clock() {
        return new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    }

    static Value json(String json) {
        return Value.of(Json.parse(json));
    }

    static EntryKey key(String tenant, String env, String path) {
        return EntryKey.of(tenant, path, Layer.of(env));
    }

    static EntryKey key(String tenant, String env, String service, String path) {
        return EntryKey.of(tenant, path, Layer.of(env, service));
    }

    static CommitResult put(Repository r, EntryKey k, String json) {
        return r.commit(ChangeRequest.by("test").put(k, json(json)).build());
    }

    static CommitResult replace(Repository r, EntryKey k, String json) {
        return r.commit(ChangeRequest.by("test").put(k, json(json), true).build());
    }

    static void tenant(Repository r, String name, String parent) {
        r.commit(ChangeRequest.by("test").add(new Mutation.PutTenant(new Tenant(name, parent))).build());
    }

    static String get(Repository r, Scope s, String path) {
        return r.get(s, path).map(x -> x.value().toString()).orElse(null);
    }
}
