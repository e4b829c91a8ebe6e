package io.llmcm.cli.it;

import static io.llmcm.cli.it.TokenSafeRuns.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.cli.Llmcm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hard isolation through the real jar: {@code llmcm tenant create --isolation dedicated} against a
 * running {@code llmcm serve} process and on a local store, writes and reads in the tenant, {@code
 * tenant show} and {@code tenant list} reporting it, and the tenant's own file under the store
 * directory, gone with the tenant.
 */
class DedicatedTenantIT {
    @TempDir
    Path dir;

    @RegisterExtension
    final TokenSafeRuns runs = new TokenSafeRuns();

    private static List<String> tenantFiles(Path store) throws IOException {
        Path tenants = store.resolve("tenants");
        if (!Files.isDirectory(tenants)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(tenants)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".db")).sorted().toList();
        }
    }

    @Test
    void aDedicatedTenantThroughAServerProcess() throws IOException {
        Path store = dir.resolve("data");
        Llmcm local = Llmcm.jar(store).env("LLMCM_CONFIG_DIR", dir.resolve("config").toString());
        try (ServerProcess server = new ServerProcess(store, TOKEN)) {
            Llmcm remote = local.without("LLMCM_STORE").env("LLMCM_SERVER", server.url()).env("LLMCM_TOKEN", TOKEN);
            assertThat(runs.ok(remote, "tenant", "create", "bank", "--isolation", "dedicated").out())
                    .startsWith("created tenant bank (parent global, isolation dedicated) at revision ");
            runs.ok(remote, "tenant", "create", "shop");
            assertThat(runs.fails(remote, 2, "tenant", "create", "vault", "--isolation", "private").err())
                    .isEqualTo("llmcm: --isolation is 'private'; allowed values: shared, dedicated\n");

            runs.ok(remote, "set", "models/chat", "{\"model\":\"bank-only-model\"}", "-t", "bank");
            assertThat(runs.ok(remote, "get", "models/chat", "-t", "bank", "--output", "text").out())
                    .isEqualTo("{\"model\":\"bank-only-model\"}\n");
            assertThat(runs.ok(remote, "tenant", "show", "bank").out())
                    .isEqualTo("name:      bank\nparent:    global\nisolation: dedicated\n");
            assertThat(runs.ok(remote, "tenant", "list").out()).isEqualTo("global\n  bank (dedicated)\n  shop\n");
            assertThat(tenantFiles(store)).hasSize(1).allMatch(f -> f.startsWith("bank."));
            Path file = store.resolve("tenants").resolve(tenantFiles(store).getFirst());
            Path wal = file.resolveSibling(file.getFileName() + "-wal");
            String stored = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1)
                    + (Files.exists(wal) ? Files.readString(wal, java.nio.charset.StandardCharsets.ISO_8859_1) : "");
            assertThat(stored).as("the value in the tenant's own file (or its WAL)").contains("bank-only-model");

            runs.ok(remote, "tenant", "delete", "bank");
            assertThat(tenantFiles(store)).isEmpty();
        }

        // the local form, on the store the server wrote
        assertThat(runs.ok(local, "tenant", "create", "bank", "--isolation", "dedicated").out())
                .startsWith("created tenant bank (parent global, isolation dedicated) at revision ");
        runs.ok(local, "set", "k", "1", "-t", "bank");
        assertThat(runs.ok(local, "get", "k", "-t", "bank", "--output", "text").out()).isEqualTo("1\n");
        assertThat(runs.ok(local, "tenant", "show", "bank").out()).isEqualTo("name:      bank\nparent:    global\nisolation: dedicated\n");
        assertThat(runs.ok(local, "tenant", "show", "shop").out()).isEqualTo("name:      shop\nparent:    global\nisolation: shared\n");
        assertThat(runs.ok(local, "tenant", "list").out()).isEqualTo("global\n  bank (dedicated)\n  shop\n");
        assertThat(tenantFiles(store)).hasSize(1);
    }
    /**
     * The same on PostgreSQL: {@code llmcm serve --store postgresql://…} as a process, the tenant
     * created through {@code llmcm --server}, its value in schema {@code <schema>_t_bank} and not
     * in the store's own tables, and the schema dropped with the tenant.
     */
    @Test
    void aDedicatedTenantOnPostgresqlThroughAServerProcess() throws Exception {
        String base = System.getenv().getOrDefault("LLMCM_TEST_POSTGRES", "postgresql://127.0.0.1:5432/test?user=postgres");
        String schema = ItPostgres.newSchema();
        String store = base + (base.contains("?") ? "&" : "?") + "schema=" + schema;
        try (LlmcmProcess server = new LlmcmProcess(List.of("serve", "--store", store, "--port", "0"),
                java.util.Map.of("LLMCM_BOOTSTRAP_TOKEN", TOKEN, "LLMCM_MASTER_KEY_FILE", dir.resolve("master.key").toString()),
                java.util.regex.Pattern.compile("llmcm serving (http://127\\.0\\.0\\.1:\\d+) "))) {
            Llmcm remote = Llmcm.jar(dir.resolve("unused")).without("LLMCM_STORE")
                    .env("LLMCM_CONFIG_DIR", dir.resolve("config").toString())
                    .env("LLMCM_SERVER", server.matched()).env("LLMCM_TOKEN", TOKEN);
            runs.ok(remote, "tenant", "create", "bank", "--isolation", "dedicated");
            runs.ok(remote, "set", "models/chat", "{\"model\":\"pg-bank-only-model\"}", "-t", "bank");
            assertThat(runs.ok(remote, "get", "models/chat", "-t", "bank", "--output", "text").out())
                    .isEqualTo("{\"model\":\"pg-bank-only-model\"}\n");
            assertThat(runs.ok(remote, "tenant", "show", "bank").out()).endsWith("isolation: dedicated\n");

            String own = schema + "_t_bank";
            assertThat(pgCount("SELECT count(*) FROM \"" + own + "\".versions WHERE position('pg-bank-only-model'::bytea in value) > 0"))
                    .isEqualTo(1);
            assertThat(pgCount("SELECT count(*) FROM \"" + schema + "\".versions WHERE tenant = 'bank'")).isZero();

            runs.ok(remote, "tenant", "delete", "bank");
            assertThat(pgCount("SELECT count(*) FROM pg_namespace WHERE nspname = '" + own + "'")).isZero();
        } finally {
            ItPostgres.drop(schema);
        }
    }

    private static long pgCount(String sql) throws java.sql.SQLException {
        try (java.sql.Connection c = ItPostgres.connect();
                java.sql.Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
