package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.auth.BuiltInRoles;
import io.llmcm.core.crypto.PemKeys;
import io.llmcm.core.json.Json;
import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Signed and encrypted bundles over HTTP, as the CLI makes and reads them locally. */
class BundleRoutesTest {
    private static final String ADMIN = TestServer.BOOTSTRAP;
    private static final String SECRET = "sk-BUNDLE-PLAINTEXT-77";
    static TestServer s;

    @BeforeAll
    static void start() {
        s = TestServer.start();
        s.put("/v1/tenants/acme/config/models/chat", ADMIN, "{\"model\":\"gpt-4o\"}");
        s.put("/v1/tenants/acme/secrets/models/key", ADMIN, "{\"value\":\"" + SECRET + "\"}");
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static String body(Map<String, String> fields) {
        ObjectNode o = Json.NODES.objectNode();
        fields.forEach(o::put);
        return Json.compact(o);
    }

    @Test
    void aSignedBundleLeavesSecretsOutAndImportsIntoAnotherTenant() {
        TestServer.Reply e = s.post("/v1/tenants/acme/bundles/export", ADMIN, body(Map.of("prefix", "models")));
        assertThat(e.status()).as(e.body()).isEqualTo(200);
        assertThat(e.header("X-Secrets-Left-Out")).isEqualTo("1");
        assertThat(e.body()).doesNotContain(SECRET);
        TestServer.Reply i = s.post("/v1/tenants/beta/bundles/import", ADMIN, body(Map.of("bundle", e.body(), "into", "imported")));
        assertThat(i.status()).as(i.body()).isEqualTo(200);
        assertThat(s.get("/v1/tenants/beta/config/imported/chat", ADMIN).json().get("model").asString()).isEqualTo("gpt-4o");
    }

    @Test
    void anEncryptedBundleCarriesTheSecretsSealedAnewOnImport() {
        KeyPair pair = PemKeys.generate("x25519");
        TestServer.Reply e = s.post("/v1/tenants/acme/bundles/export", ADMIN,
                body(Map.of("prefix", "models", "recipient", PemKeys.writePublic(pair.getPublic()))));
        assertThat(e.status()).as(e.body()).isEqualTo(200);
        assertThat(e.header("X-Keys")).isEqualTo("2");
        assertThat(e.body()).doesNotContain(SECRET);
        TestServer.Reply i = s.post("/v1/tenants/beta/bundles/import", ADMIN,
                body(Map.of("bundle", e.body(), "into", "sealed", "identity", PemKeys.writePrivate(pair.getPrivate()))));
        assertThat(i.status()).as(i.body()).isEqualTo(200);
        TestServer.Reply reveal = s.get("/v1/tenants/beta/secrets/sealed/key?reveal=true", ADMIN);
        assertThat(reveal.json().get("value").asString()).isEqualTo(SECRET);
        assertThat(s.get("/v1/audit?tenant=acme&action=secret.export", ADMIN).body()).doesNotContain(SECRET);
    }

    @Test
    void badBundlesAndKeysNameTheFieldAndChangeNothing() {
        long before = s.server().revision();
        Map<String, String> cases = Map.of(
                body(Map.of("bundle", "not a bundle")), "/bundle",
                body(Map.of("bundle", "x", "identity", "garbage")), "/identity",
                body(Map.of("bundle", "x", "signer", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")), "/signer",
                body(Map.of("bundle", "x", "into", "a/../b")), "/into",
                body(Map.of("bundle", "x", "extra", "1")), "/extra",
                "{}", "/bundle");
        cases.forEach((b, field) -> {
            TestServer.Reply r = s.post("/v1/tenants/beta/bundles/import", ADMIN, b);
            assertThat(r.status()).as(b + " " + r.body()).isEqualTo(400);
            assertThat(r.json().get("field").asString()).as(b).isEqualTo(field);
        });
        String signed = s.post("/v1/tenants/acme/bundles/export", ADMIN, body(Map.of("prefix", "models"))).body();
        ObjectNode b = (ObjectNode) Json.parse(signed);
        b.put("created", "2000-01-01T00:00:00Z"); // covered by the signature
        String tampered = Json.compact(b);
        TestServer.Reply altered = s.post("/v1/tenants/beta/bundles/import", ADMIN, body(Map.of("bundle", tampered)));
        assertThat(altered.status()).isEqualTo(422);
        assertThat(altered.json().get("detail").asString()).contains("altered");
        assertThat(s.post("/v1/tenants/acme/bundles/export", ADMIN, body(Map.of("recipient", "nope"))).json().get("field").asString())
                .isEqualTo("/recipient");
        assertThat(s.server().revision()).isEqualTo(before);
    }

    @Test
    void aViewerMayNotExportSecretsNorImport() {
        String viewer = s.key("acme", BuiltInRoles.VIEWER);
        KeyPair pair = PemKeys.generate("x25519");
        assertThat(s.post("/v1/tenants/acme/bundles/export", viewer, body(Map.of("prefix", "models"))).status()).isEqualTo(200);
        assertThat(s.post("/v1/tenants/acme/bundles/export", viewer,
                body(Map.of("prefix", "models", "recipient", PemKeys.writePublic(pair.getPublic())))).status()).isEqualTo(403);
        assertThat(s.post("/v1/tenants/acme/bundles/import", viewer, body(Map.of("bundle", "x"))).status()).isEqualTo(403);
    }
}
