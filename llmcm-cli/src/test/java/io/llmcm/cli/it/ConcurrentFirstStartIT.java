package io.llmcm.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.cli.command.ServeCommand;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code llmcm serve} processes started at the same moment on one empty PostgreSQL schema
 * (sharing the master key file's path, as instances on one host or a shared volume do): all come
 * up; the migrations ran once; one master key, one initialization, one admin API key printed by
 * one of them; and the key one printed works on every instance.
 */
class ConcurrentFirstStartIT {
    private static final String BASE =
            System.getenv().getOrDefault("LLMCM_TEST_POSTGRES", "postgresql://127.0.0.1:5432/test?user=postgres");
    private static final Pattern SERVING = Pattern.compile("llmcm serving (http://127\\.0\\.0\\.1:\\d+) ");
    private static final int INSTANCES = 3;

    private final String schema = ItPostgres.newSchema();
    private final List<LlmcmProcess> servers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path keys;

    @AfterEach
    void stop() throws Exception {
        for (LlmcmProcess p : servers) {
            p.close();
        }
        ItPostgres.drop(schema);
    }

    @Test
    void instancesStartedAtOnceOnAnEmptySchemaShareOneInitialization() throws Exception {
        String store = BASE + (BASE.contains("?") ? "&" : "?") + "schema=" + schema;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<LlmcmProcess>> starting = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                // no LLMCM_BOOTSTRAP_TOKEN: the first start prints an admin key
                LlmcmProcess p = new LlmcmProcess(List.of("serve", "--store", store, "--port", "0"),
                        Map.of("LLMCM_MASTER_KEY_FILE", keys.resolve("master.key").toString()), SERVING);
                servers.add(p);
                return p;
            }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
        }
        go.countDown();
        List<LlmcmProcess> started = new ArrayList<>();
        for (CompletableFuture<LlmcmProcess> f : starting) {
            started.add(f.get()); // a process that did not start fails here, with its output
        }

        List<String> adminKeys = new ArrayList<>();
        int initialized = 0;
        int masterKeyCreated = 0;
        for (LlmcmProcess p : started) {
            for (String line : p.output().split("\n")) {
                int at = line.indexOf(ServeCommand.KEY_LINE);
                if (at >= 0) {
                    adminKeys.add(line.substring(at + ServeCommand.KEY_LINE.length()).strip());
                }
                initialized += line.startsWith("initialized store ") ? 1 : 0;
                masterKeyCreated += line.startsWith("master key created in ") ? 1 : 0;
            }
        }
        assertThat(adminKeys).as("one admin key, printed by one instance").hasSize(1);
        assertThat(initialized).as("one instance initialized the store").isEqualTo(1);
        assertThat(masterKeyCreated).as("one instance created the master key").isEqualTo(1);

        try (Connection c = ItPostgres.connect();
                Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT count(*) FROM \"" + schema + "\".commits WHERE message = 'initialize'"))
                    .as("one initialize commit").isEqualTo(1);
            assertThat(count(s, "SELECT count(*) FROM \"" + schema + "\".flyway_schema_history WHERE success"))
                    .as("each migration applied once").isEqualTo(count(s,
                            "SELECT count(DISTINCT version) FROM \"" + schema + "\".flyway_schema_history WHERE success"));
        }

        // the printed key works on every instance, writes through one are read through the others, secrets open everywhere
        String admin = adminKeys.getFirst();
        long newest = 0;
        for (int i = 0; i < started.size(); i++) {
            String base = started.get(i).matched();
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/tenants/global/secrets/first/s" + i + "?env=prod"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":\"secret-" + i + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as("secret written through instance %d: %s", i, put.body()).isEqualTo(200);
            newest = Math.max(newest, io.llmcm.core.json.Json.parse(put.body()).get("revision").asLong());
        }
        for (LlmcmProcess p : started) {
            for (int i = 0; i < started.size(); i++) {
                HttpResponse<String> get = http.send(HttpRequest.newBuilder(
                                URI.create(p.matched() + "/v1/tenants/global/secrets/first/s" + i + "?env=prod&reveal=true&minRevision=" + newest))
                        .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(get.statusCode()).as("secret %d revealed through %s: %s", i, p.matched(), get.body()).isEqualTo(200);
                assertThat(get.body()).contains("secret-" + i);
            }
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
