package io.llmcm.bench;

import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import io.llmcm.store.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import tools.jackson.databind.node.ObjectNode;

/** Builds the stores the benchmarks run on. */
final class BenchData {
    private BenchData() {}

    /** A fresh directory under target/ (on the real disk, so fsync costs what it costs). */
    static Path freshDir(String name) {
        Path dir = Path.of(System.getProperty("llmcm.bench.dir", "target/bench-data")).resolve(name);
        delete(dir);
        try {
            Files.createDirectories(dir.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    static Repository openRepository(Path dir) {
        Repository repo = Repository.open(SqliteStore.open(dir, Duration.ofSeconds(5)));
        if (!repo.isInitialized()) {
            repo.initialize("bench");
            repo.commit(ChangeRequest.by("bench").add(new Mutation.PutTenant(new Tenant("acme", "global"))).build());
        }
        return repo;
    }

    /** A model preset of about {@code bytes} bytes of JSON. */
    static Value preset(int i, int bytes) {
        ObjectNode o = Json.NODES.objectNode()
                .put("provider", "openai")
                .put("model", "gpt-4o-" + i)
                .put("endpoint", "https://api.openai.com/v1")
                .put("temperature", 0.7)
                .put("top_p", 1.0)
                .put("max_tokens", 4096)
                .put("context_window", 128000);
        o.putArray("stop").add("\n\n").add("###");
        int n = 0;
        while (Json.bytes(o).length < bytes) {
            o.put("param_" + n++, "padding value to reach a realistic preset size " + n);
        }
        return Value.of(o);
    }

    /** {@code keys} presets at global/base, each with a small acme/prod override. */
    static void fill(Repository repo, int keys, int bytes) {
        int batch = 1000;
        for (int start = 0; start < keys; start += batch) {
            ChangeRequest.Builder b = ChangeRequest.by("bench").message("fill");
            for (int i = start; i < Math.min(keys, start + batch); i++) {
                b.put(EntryKey.of("global", path(i), Layer.BASE), preset(i, bytes - 40));
                b.put(EntryKey.of("acme", path(i), Layer.of("prod")), Value.of(Json.parse("{\"temperature\":0.2}")));
            }
            repo.commit(b.build());
        }
    }

    static String path(int i) {
        return "models/m" + (i % 100) + "/preset-" + i;
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
