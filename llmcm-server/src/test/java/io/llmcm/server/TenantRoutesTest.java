package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.LlmcmException;
import io.llmcm.core.auth.BuiltInRoles;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Tenants over HTTP: list what the caller sees, create under a parent, show, delete (crypto-shred). */
class TenantRoutesTest {
    static TestServer s;
    static final String ADMIN = TestServer.BOOTSTRAP;

    @BeforeAll
    static void start() {
        s = TestServer.start();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static List<String> names(TestServer.Reply r) {
        List<String> out = new ArrayList<>();
        r.json().get("items").forEach(i -> out.add(i.get("name").asString()));
        return out;
    }

    @Test
    void listShowsWhatTheCallerMaySee() {
        assertThat(names(s.get("/v1/tenants", ADMIN))).contains("global", "acme", "acme-eu", "beta");
        List<String> beta = names(s.get("/v1/tenants", s.key("beta", BuiltInRoles.DEVELOPER)));
        assertThat(beta).contains("beta").doesNotContain("acme", "acme-eu");
        Problem.of(s.get("/v1/tenants", null), 401);
    }

    @Test
    void createShowAndRefusals() {
        TestServer.Reply created = s.post("/v1/tenants", ADMIN, "{\"name\":\"gamma\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode shown = s.get("/v1/tenants/gamma", ADMIN).json();
        assertThat(shown.get("name").asString()).isEqualTo("gamma");
        assertThat(shown.get("parent").asString()).isEqualTo("global");

        // a tenant admin of acme creates under acme, not under global
        String acmeAdmin = s.key("acme", BuiltInRoles.TENANT_ADMIN, io.llmcm.core.auth.BindingScope.SUBTREE);
        assertThat(s.post("/v1/tenants", acmeAdmin, "{\"name\":\"acme-us\",\"parent\":\"acme\"}").status()).isEqualTo(201);
        assertThat(s.get("/v1/tenants/acme-us", acmeAdmin).json().get("parent").asString()).isEqualTo("acme");
        String acmeDev = s.key("acme", BuiltInRoles.DEVELOPER);
        long before = s.server().revision();
        Problem.of(s.post("/v1/tenants", acmeAdmin, "{\"name\":\"delta\"}"), 404); // global is not even visible to it
        Problem.of(s.post("/v1/tenants", acmeDev, "{\"name\":\"acme-x\",\"parent\":\"acme\"}"), 403);
        Problem.of(s.post("/v1/tenants", ADMIN, "{\"name\":\"gamma\"}"), 409);
        Problem.field(s.post("/v1/tenants", ADMIN, "{\"name\":\"Bad Name\"}"), 400, "/name");
        Problem.field(s.post("/v1/tenants", ADMIN, "{\"name\":\"ok\",\"parent\":\"\"}"), 400, "/parent");
        Problem.field(s.post("/v1/tenants", ADMIN, "{\"name\":\"ok\",\"owner\":\"me\"}"), 400, "/owner");
        Problem.of(s.post("/v1/tenants", ADMIN, "{\"name\":\"ok\",\"parent\":\"nosuch\"}"), 404);
        assertThat(s.server().revision()).isEqualTo(before);
        Problem.of(s.get("/v1/tenants/nosuch", ADMIN), 404);
    }

    @Test
    void createRecordsTheGivenCommitMessageOrTheDefault() {
        TestServer.Reply given = s.post("/v1/tenants", ADMIN, "{\"name\":\"msg-a\",\"message\":\"onboard customer A (TICKET-12)\"}");
        assertThat(given.status()).as(given.body()).isEqualTo(201);
        assertThat(s.repo().commitInfo(given.json().get("revision").asLong()).orElseThrow().message()).isEqualTo("onboard customer A (TICKET-12)");
        TestServer.Reply plain = s.post("/v1/tenants", ADMIN, "{\"name\":\"msg-b\"}");
        assertThat(s.repo().commitInfo(plain.json().get("revision").asLong()).orElseThrow().message()).isEqualTo("create tenant msg-b");
        TestServer.Reply empty = s.post("/v1/tenants", ADMIN, "{\"name\":\"msg-c\",\"message\":\"\"}");
        assertThat(s.repo().commitInfo(empty.json().get("revision").asLong()).orElseThrow().message()).isEqualTo("create tenant msg-c");

        long before = s.server().revision();
        Problem.field(s.post("/v1/tenants", ADMIN, "{\"name\":\"msg-d\",\"message\":5}"), 400, "/message");
        Problem.field(s.post("/v1/tenants", ADMIN, "{\"name\":\"msg-d\",\"message\":\"" + "m".repeat(4097) + "\"}"), 400, "/message");
        assertThat(s.server().revision()).isEqualTo(before);
    }

    @Test
    void deleteShredsTheTenantAndItsSecrets() {
        assertThat(s.post("/v1/tenants", ADMIN, "{\"name\":\"doomed\"}").status()).isEqualTo(201);
        assertThat(s.put("/v1/tenants/doomed/secrets/api/key", ADMIN, "{\"value\":\"doomed-plain\"}").status()).isEqualTo(200);
        assertThat(s.put("/v1/tenants/doomed/config/app", ADMIN, "{\"a\":1}").status()).isEqualTo(200);
        assertThat(s.get("/v1/tenants/doomed/secrets/api/key?reveal=true", ADMIN).json().get("value").asString()).isEqualTo("doomed-plain");

        Problem.of(s.delete("/v1/tenants/doomed", s.key("doomed", BuiltInRoles.DEVELOPER)), 403);
        TestServer.Reply del = s.delete("/v1/tenants/doomed", ADMIN);
        assertThat(del.status()).as(del.body()).isEqualTo(200);
        assertThat(del.json().get("deleted").asString()).isEqualTo("doomed");
        // the master key comes from the environment here: old copies of the store still open the tenant
        assertThat(del.json().get("note").asString()).contains("rotate");

        Problem.of(s.get("/v1/tenants/doomed", ADMIN), 404);
        Problem.of(s.get("/v1/tenants/doomed/secrets/api/key?reveal=true", ADMIN), 404);
        Problem.of(s.get("/v1/tenants/doomed/config/app", ADMIN), 404);
        assertThat(names(s.get("/v1/tenants", ADMIN))).doesNotContain("doomed");
        // the engine cannot open it either
        assertThatThrownBy(() -> s.repo().tenantChain("doomed")).isInstanceOf(LlmcmException.class);

        // a new tenant of the same name starts empty
        assertThat(s.post("/v1/tenants", ADMIN, "{\"name\":\"doomed\"}").status()).isEqualTo(201);
        Problem.of(s.get("/v1/tenants/doomed/secrets/api/key?reveal=true", ADMIN), 404);
        Problem.of(s.get("/v1/tenants/doomed/config/app", ADMIN), 404);
        assertThat(s.repo().raw(EntryKey.of("doomed", "api/key", Layer.BASE)).filter(v -> !v.isDeleted())).isEmpty();

        Problem.of(s.delete("/v1/tenants/global", ADMIN), 400);
    }
    /**
     * Hard isolation through the API: a dedicated tenant is created, written and read like any
     * other, its values and secrets land in its own file of the store (never in llmcm.db), and the
     * file goes with the tenant.
     */
    @Test
    void aDedicatedTenantIsCreatedUsedAndDeletedThroughTheApi() throws java.io.IOException {
        TestServer.Reply created = s.post("/v1/tenants", ADMIN, "{\"name\":\"vault\",\"isolation\":\"dedicated\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(s.get("/v1/tenants/vault", ADMIN).json().get("isolation").asString()).isEqualTo("dedicated");
        assertThat(s.get("/v1/tenants/global", ADMIN).json().get("isolation").asString()).isEqualTo("shared");
        s.get("/v1/tenants", ADMIN).json().get("items").forEach(i -> assertThat(i.has("isolation")).isTrue());

        assertThat(s.put("/v1/tenants/vault/config/app/model", ADMIN, "{\"name\":\"vault-only-model\"}").status()).isEqualTo(200);
        assertThat(s.put("/v1/tenants/vault/secrets/api/key", ADMIN, "{\"value\":\"vault-plain-secret\"}").status()).isEqualTo(200);
        assertThat(s.get("/v1/tenants/vault/config/app/model", ADMIN).json().get("name").asString()).isEqualTo("vault-only-model");
        assertThat(s.get("/v1/tenants/vault/secrets/api/key?reveal=true", ADMIN).json().get("value").asString())
                .isEqualTo("vault-plain-secret");

        java.nio.file.Path tenants = s.dir().resolve("tenants");
        List<java.nio.file.Path> files;
        try (var list = java.nio.file.Files.list(tenants)) {
            files = list.filter(f -> f.getFileName().toString().startsWith("vault.") && f.getFileName().toString().endsWith(".db")).toList();
        }
        assertThat(files).hasSize(1);
        byte[] value = "vault-only-model".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(holds(files.getFirst(), value)).as("the value in the tenant's own file").isTrue();
        assertThat(holds(s.dir().resolve("llmcm.db"), value)).as("the value in the shared file").isFalse();
        byte[] sealed = RawFiles.middle(s.repo().raw(EntryKey.of("vault", "api/key", Layer.BASE)).orElseThrow().value().bytes(), 16);
        assertThat(holds(files.getFirst(), sealed)).as("the sealed secret in the tenant's own file").isTrue();
        assertThat(holds(s.dir().resolve("llmcm.db"), sealed)).as("the sealed secret in the shared file").isFalse();
        assertThat(holds(files.getFirst(), "vault-plain-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isFalse();
        assertThat(holds(s.dir().resolve("llmcm.db"), "vault-plain-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isFalse();

        long before = s.server().revision();
        TestServer.Reply bad = s.post("/v1/tenants", ADMIN, "{\"name\":\"vault2\",\"isolation\":\"private\"}");
        Problem.field(bad, 400, "/isolation");
        assertThat(bad.body()).contains("isolation").contains("shared, dedicated");
        Problem.of(s.post("/v1/tenants", ADMIN, "{\"name\":\"vault\",\"isolation\":\"shared\"}"), 409);
        assertThat(s.server().revision()).isEqualTo(before);

        assertThat(s.delete("/v1/tenants/vault", ADMIN).status()).isEqualTo(200);
        assertThat(files.getFirst()).doesNotExist();
    }

    /** A slice from the middle of stored bytes: found only where the whole value was stored. */
    private static final class RawFiles {
        static byte[] middle(byte[] bytes, int length) {
            int from = (bytes.length - length) / 2;
            return java.util.Arrays.copyOfRange(bytes, from, from + length);
        }
    }

    /** The bytes of a database file and its WAL. */
    private static boolean holds(java.nio.file.Path db, byte[] needle) throws java.io.IOException {
        for (java.nio.file.Path f : List.of(db, db.resolveSibling(db.getFileName() + "-wal"))) {
            if (java.nio.file.Files.exists(f)) {
                byte[] hay = java.nio.file.Files.readAllBytes(f);
                outer:
                for (int i = 0; i <= hay.length - needle.length; i++) {
                    for (int j = 0; j < needle.length; j++) {
                        if (hay[i + j] != needle[j]) {
                            continue outer;
                        }
                    }
                    return true;
                }
            }
        }
        return false;
    }
}
