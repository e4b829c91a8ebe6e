package io.llmcm.core.store;

import io.llmcm.core.json.Json;
import io.llmcm.core.model.Commit;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Value;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Short builders for commits in store tests. Commit times have millisecond precision, as stores keep them. */
public final class StoreFixtures {
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Orders versions by tenant, path, environment, service: the order of a sorted listing. */
    public static final Comparator<io.llmcm.core.model.EntryVersion> BY_KEY = Comparator.comparing(
                    (io.llmcm.core.model.EntryVersion v) -> v.key().tenant())
            .thenComparing(v -> v.key().path())
            .thenComparing(v -> v.key().layer().env())
            .thenComparing(v -> v.key().layer().service());

    private StoreFixtures() {}

    /** The time of commit {@code revision} in the hand-written tests: one minute apart. */
    public static Instant time(long revision) {
        return T0.plusSeconds(60 * revision);
    }

    public static Commit commit(long revision, Mutation... mutations) {
        return new Commit(revision, time(revision), "alice", "change " + revision, List.of(mutations));
    }

    public static EntryKey key(String tenant, String path, Layer layer) {
        return EntryKey.of(tenant, path, layer);
    }

    public static EntryKey key(String path) {
        return EntryKey.of("global", path, Layer.BASE);
    }

    public static Value json(String text) {
        return Value.of(Json.parse(text));
    }

    public static Mutation.PutEntry put(String path, String json) {
        return new Mutation.PutEntry(key(path), json(json), false);
    }

    public static Mutation.PutEntry put(EntryKey key, String json) {
        return new Mutation.PutEntry(key, json(json), false);
    }

    public static Mutation.DeleteEntry delete(String path) {
        return new Mutation.DeleteEntry(key(path));
    }

    public static Mutation.DeleteEntry delete(EntryKey key) {
        return new Mutation.DeleteEntry(key);
    }
}
