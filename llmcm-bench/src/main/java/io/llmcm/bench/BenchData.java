package io.llmcm.bench;

import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import io.llmcm.store.Stores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Stream;
import tools.jackson.databind.node.ObjectNode;

/** Builds the stores the benchmarks run on. */
final class BenchData {
    private BenchData() {}

    /**
     * The store the benchmarks run on, {@code -Dllmcm.bench.store}: a PostgreSQL URL without a
     * schema ({@code postgresql://127.0.0.1:5432/test?user=postgres}) runs them on PostgreSQL, each
     * on a new schema; unset, each runs on a new SQLite directory under {@code llmcm.bench.dir}.
     */
    private static final String STORE = System.getProperty("llmcm.bench.store", "");

    /**
     * A fresh store location: a new directory under target/ (on the real disk, so fsync costs what
     * it costs), or a new schema of the PostgreSQL database given by {@code llmcm.bench.store}.
     */
    static String freshLocation(String name) {
        if (Stores.isUrl(STORE)) {
            String schema = "llmcm_bench_" + name.replaceAll("[^A-Za-z0-9]", "_").toLowerCase(Locale.ROOT) + "_"
                    + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
            return STORE + (STORE.contains("?") ? "&" : "?") + "schema=" + schema;
        }
        return freshDir(name).toString();
    }

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

    /** Opens the store at the location ({@link #freshLocation}), initializing it with tenant acme under global. */
    static Repository openRepository(String location) {
        Repository repo = Repository.open(Stores.open(location, Duration.ofSeconds(5)));
        if (!repo.isInitialized()) {
            repo.initialize("bench");
            repo.commit(ChangeRequest.by("bench").add(new Mutation.PutTenant(new Tenant("acme", "global"))).build());
        }
        return repo;
    }

    /** Removes a store made by {@link #freshLocation}: its directory, or its schema. */
    static void deleteLocation(String location) {
        if (!Stores.isUrl(location)) {
            delete(Path.of(location));
            return;
        }
        String schema = location.substring(location.lastIndexOf("schema=") + "schema=".length());
        String jdbc = STORE.startsWith("jdbc:") ? STORE : "jdbc:" + STORE.replaceFirst("^postgres(ql)?://", "postgresql://");
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE"); // the name is ours: letters, digits, _
        } catch (SQLException e) {
            System.err.println("could not drop the benchmark's schema " + schema + ": " + e.getMessage());
        }
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
