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
        Repository r = Repository.open(new MemoryStore(), new Repository.Options(1000, clock));
        r.initialize("test");
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
