package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.BuiltInRoles;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Export and import of documents over HTTP, as the CLI does them locally. */
class TransferRoutesTest {
    private static final String ADMIN = TestServer.BOOTSTRAP;
    static TestServer s;

    @BeforeAll
    static void start() {
        s = TestServer.start();
        s.put("/v1/tenants/acme/config/models/chat", ADMIN, "{\"model\":\"gpt-4o\",\"temperature\":0.7}");
        s.put("/v1/tenants/acme/config/models/chat?env=prod", ADMIN, "{\"temperature\":0.2}");
        s.put("/v1/tenants/acme/config/models/embed", ADMIN, "{\"model\":\"e5\"}");
        s.put("/v1/tenants/acme/secrets/models/key", ADMIN, "{\"value\":\"sk-EXPORT-NEVER-42\"}");
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static TestServer.Reply importing(String tenant, String query, String contentType, String body) {
        return s.call("POST", "/v1/tenants/" + tenant + "/import" + query, ADMIN, body, Map.of("Content-Type", contentType));
    }

    @Test
    void anExportHoldsTheEffectiveValuesAndCountsTheSecretsItLeftOut() {
        TestServer.Reply r = s.get("/v1/tenants/acme/export?prefix=models&env=prod", ADMIN);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("X-Secrets-Left-Out")).isEqualTo("1");
        assertThat(r.header("X-Revision")).isNotNull();
        assertThat(r.json().get("chat").get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(r.json().get("chat").get("model").asString()).isEqualTo("gpt-4o");
        assertThat(r.body()).doesNotContain("sk-EXPORT-NEVER-42").doesNotContain("\"key\"");

        TestServer.Reply raw = s.get("/v1/tenants/acme/export?prefix=models&env=prod&raw=true", ADMIN);
        assertThat(raw.json().get("chat").toString()).isEqualTo("{\"temperature\":0.2}");
        assertThat(raw.json().has("embed")).as("base layer, not prod's own").isFalse();

        TestServer.Reply yaml = s.get("/v1/tenants/acme/export?prefix=models&format=yaml", ADMIN);
        assertThat(yaml.header("Content-Type")).startsWith("application/yaml");
        assertThat(yaml.body()).contains("model: \"gpt-4o\"").contains("temperature: 0.7");
    }

    @Test
    void anExportImportsBackIntoAnotherTenantUnchanged() {
        String doc = s.get("/v1/tenants/acme/export?prefix=models&env=prod", ADMIN).body();
        TestServer.Reply r = importing("beta", "?into=models&env=prod", "application/json", doc);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("changes").asInt()).isEqualTo(2);
        assertThat(s.get("/v1/tenants/beta/export?prefix=models&env=prod", ADMIN).json()).isEqualTo(
                s.get("/v1/tenants/acme/export?prefix=models&env=prod", ADMIN).json());
    }

    @Test
    void documentsComeInTheFormatTheContentTypeOrTheFormatParameterSays() {
        assertThat(importing("beta", "?into=yaml-in&depth=2", "application/yaml", "openai:\n  gpt: {t: 1}\n  mini: {t: 2}\n").status()).isEqualTo(200);
        assertThat(s.get("/v1/tenants/beta/config/yaml-in/openai/mini", ADMIN).json().get("t").asInt()).isEqualTo(2);
        assertThat(importing("beta", "?into=props&format=properties", "text/plain", "a.b=1\nc=x\n").status()).isEqualTo(200);
        assertThat(s.get("/v1/tenants/beta/config/props/a", ADMIN).json().get("b").asString()).isEqualTo("1");
        assertThat(importing("beta", "?into=prompts/system&depth=0", "text/plain", "You are helpful.").status()).isEqualTo(200);
        assertThat(s.get("/v1/tenants/beta/config/prompts/system", ADMIN).header("X-Value-Type")).isEqualTo("text");
    }

    @Test
    void badImportsNameWhatIsWrongAndChangeNothing() {
        long before = s.server().revision();
        Map<String, String[]> cases = Map.of(
                "malformed", new String[] {"?into=x", "application/json", "{\"a\":", "body"},
                "not an object", new String[] {"?into=x", "application/json", "[1,2]", "body"},
                "depth 0 at the top", new String[] {"?depth=0", "application/json", "{\"a\":1}", "query:into"},
                "bad path in a field", new String[] {"?into=x", "application/json", "{\"a b\":1}", "body"},
                "unknown format", new String[] {"?format=xml", "application/json", "{\"a\":1}", "query:format"},
                "bad depth", new String[] {"?depth=-1", "application/json", "{\"a\":1}", "query:depth"},
                "bad prefix", new String[] {"?into=a/../b", "application/json", "{\"a\":1}", "query:into"});
        cases.forEach((what, c) -> {
            TestServer.Reply r = importing("acme", c[0], c[1], c[2]);
            assertThat(r.status()).as(what + ": " + r.body()).isEqualTo(400);
            assertThat(r.json().get("field").asString()).as(what).isEqualTo(c[3]);
        });
        assertThat(importing("acme", "?into=x", "application/xml", "<a/>").status()).isEqualTo(415);
        assertThat(s.get("/v1/tenants/acme/export?format=xml", ADMIN).status()).isEqualTo(400);
        assertThat(s.server().revision()).isEqualTo(before);
    }

    @Test
    void everyImportedKeyIsAuthorizedOnItsOwnPath() {
        var k = s.key("acme", BuiltInRoles.DEVELOPER, new BindingScope(false, "allowed", ""));
        long before = s.server().revision();
        TestServer.Reply r = s.call("POST", "/v1/tenants/acme/import", k, "{\"allowed/x\":1,\"other/y\":2}", Map.of("Content-Type", "application/json"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("detail").asString()).contains("other/y");
        assertThat(s.server().revision()).isEqualTo(before);
        assertThat(s.get("/v1/tenants/acme/export?prefix=other", k).status()).isEqualTo(403);
    }
}
