package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.auth.BuiltInRoles;
import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.model.SchemaBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Built-in schemas and the model catalog over HTTP, on a running server. */
class LlmRoutesTest {
    static TestServer s;
    static String admin;
    static String dev;
    static String betaAdmin;

    @BeforeAll
    static void start() {
        s = TestServer.start();
        admin = s.key("acme", BuiltInRoles.TENANT_ADMIN, BindingScope.SUBTREE);
        dev = s.key("acme", BuiltInRoles.DEVELOPER);
        betaAdmin = s.key("beta", BuiltInRoles.TENANT_ADMIN);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void theBuiltinsAreListedToAnyCaller() {
        TestServer.Reply r = s.get("/v1/builtin-schemas", dev);
        assertThat(r.status()).isEqualTo(200);
        JsonNode first = r.json().get("items").get(0);
        assertThat(first.get("name").asString()).isEqualTo("openai");
        assertThat(first.get("pattern").asString()).isEqualTo("models/openai/**");
        assertThat(first.get("namespace").asBoolean()).isTrue();
        assertThat(r.json().get("items").size()).isEqualTo(11);
        assertThat(s.get("/v1/builtin-schemas", null).status()).isEqualTo(401);
    }

    @Test
    void applyingABuiltinStoresTheBindingAndItGuardsWrites() {
        TestServer.Reply applied = s.post("/v1/builtin-schemas/anthropic/apply", admin,
                "{\"tenant\":\"acme\",\"namespace\":\"llm/anthropic\",\"message\":\"anthropic presets\"}");
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        assertThat(applied.json().get("changed").asBoolean()).isTrue();
        SchemaBinding b = s.repo().schemas("acme").stream().filter(x -> x.name().equals("anthropic")).findFirst().orElseThrow();
        assertThat(b.pattern()).isEqualTo("llm/anthropic/**");

        TestServer.Reply bad = s.put("/v1/tenants/acme/config/llm/anthropic/claude", admin,
                "{\"provider\":\"anthropic\",\"model\":\"claude-opus-4-20250514\",\"api_key\":\"${secret:a/k}\",\"params\":{\"max_tokens\":64000}}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("/params/max_tokens")
                .contains("params.max_tokens 64000 is above the 32000-token output limit (max_output_tokens) of claude-opus-4-20250514");
    }

    @Test
    void applyingNeedsPolicyWriteInTheTenantAndHidesOtherTenants() {
        assertThat(s.post("/v1/builtin-schemas/openai/apply", dev, "{\"tenant\":\"acme\"}").status()).isEqualTo(403);
        TestServer.Reply hidden = s.post("/v1/builtin-schemas/openai/apply", betaAdmin, "{\"tenant\":\"acme\"}");
        TestServer.Reply missing = s.post("/v1/builtin-schemas/openai/apply", betaAdmin, "{\"tenant\":\"nosuch\"}");
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(hidden.json().get("detail").asString()).isEqualTo("unknown tenant 'acme'");
        assertThat(s.post("/v1/builtin-schemas/cohere/apply", admin, "{\"tenant\":\"acme\"}").json().get("detail").asString())
                .startsWith("no built-in schema 'cohere'; built-in schemas: openai, anthropic,");
        TestServer.Reply ns = s.post("/v1/builtin-schemas/llm-catalog/apply", admin, "{\"tenant\":\"acme\",\"namespace\":\"x\"}");
        assertThat(ns.status()).isEqualTo(400);
        assertThat(ns.body()).contains("takes no namespace");
        TestServer.Reply unknownField = s.post("/v1/builtin-schemas/openai/apply", admin, "{\"tenant\":\"acme\",\"pattern\":\"x/**\"}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.body()).contains("unknown field 'pattern'");
    }

    @Test
    void initAppliesEveryBuiltinInOneCommit() {
        long before = s.repo().revision();
        TestServer.Reply r = s.post("/v1/llm/init", admin, "{\"tenant\":\"acme-eu\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("revision").asLong()).isEqualTo(before + 1);
        assertThat(s.repo().schemas("acme-eu")).extracting(SchemaBinding::name)
                .containsExactlyInAnyOrder("openai", "anthropic", "gemini", "vertex", "bedrock", "azure-openai", "openai-compatible", "llm-catalog", "routes", "prompts", "templates");
    }

    @Test
    void theCatalogIsTheScopesOwn() {
        TestServer.Reply put = s.put("/v1/tenants/beta/config/llm/catalog?env=prod", betaAdmin,
                "{\"models\":{\"gpt-4o\":{\"max_output_tokens\":4096},\"beta-7b\":{\"provider\":\"local\",\"context_window\":8192}}}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);

        JsonNode prod = s.get("/v1/catalog?tenant=beta&env=prod", betaAdmin).json();
        assertThat(prod.get("scope").asString()).isEqualTo("beta:prod");
        assertThat(prod.get("overridden").asBoolean()).isTrue();
        assertThat(prod.get("models").get("gpt-4o").get("max_output_tokens").asLong()).isEqualTo(4096);
        assertThat(prod.get("models").get("beta-7b").get("context_window").asLong()).isEqualTo(8192);

        JsonNode base = s.get("/v1/catalog?tenant=beta", betaAdmin).json();
        assertThat(base.get("overridden").asBoolean()).isFalse();
        assertThat(base.get("as_of").asString()).isEqualTo("2025-06-01");
        assertThat(base.get("models").get("gpt-4o").get("max_output_tokens").asLong()).isEqualTo(16384);
        assertThat(base.get("models").has("beta-7b")).isFalse();

        TestServer.Reply one = s.get("/v1/catalog/anthropic.claude-3-5-sonnet-20240620-v1:0?tenant=beta&env=prod", betaAdmin);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("id").asString()).isEqualTo("anthropic.claude-3-5-sonnet-20240620-v1:0");
        assertThat(one.json().get("provider").asString()).isEqualTo("bedrock");
        TestServer.Reply unknown = s.get("/v1/catalog/beta-7b?tenant=beta", betaAdmin);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asString()).startsWith("model 'beta-7b' is not in the catalog; add it in llm/catalog");
        assertThat(s.get("/v1/catalog?tenant=beta", dev).status()).isEqualTo(404); // acme's developer cannot see beta
    }
}
