package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.BuiltInRoles;
import io.llmcm.core.format.Format;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.validation.SchemaDocuments;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/routes/{alias}} over HTTP against a real server. */
class LlmRouteRoutesTest {
    static TestServer s;
    static String dev;
    static long beforeProd;

    @BeforeAll
    static void start() throws IOException {
        s = TestServer.start();
        dev = s.key("acme", BuiltInRoles.DEVELOPER);
        try (InputStream in = LlmRouteRoutesTest.class.getResourceAsStream("/io/llmcm/core/llm/schemas/routes.yaml")) {
            s.commit(new Mutation.PutSchema(SchemaDocuments.parse("global", "llm-routes",
                    Format.YAML.read(new String(in.readAllBytes(), StandardCharsets.UTF_8)), null)));
        }
        EntryKey secret = EntryKey.of("global", "providers/openai", Layer.of("base"));
        s.repo().commit(ChangeRequest.by("test").put(secret, s.repo().secrets().seal(secret, Value.text("sk-route-test-not-real"), null)).build());
        put("global", "base", "models/openai/gpt-4o",
                "{provider: openai, model: gpt-4o, endpoint: 'https://api.openai.com/v1', api_key: '${secret:providers/openai}'}");
        put("global", "base", "models/local/llama", "{provider: openai-compatible, model: llama-3.1-8b, endpoint: 'http://vllm:8000/v1'}");
        put("acme", "base", "routes/small", "{targets: [{model: models/local/llama}]}");
        put("acme", "base", "routes/chat", "{targets: [{model: models/openai/gpt-4o, weight: 80}, {model: models/local/llama, weight: 20}],"
                + " fallbacks: [{route: small}], timeout_ms: 30000, retry: {attempts: 2}}");
        beforeProd = s.repo().revision();
        put("acme", "prod", "routes/chat", "{targets: [{model: models/openai/gpt-4o, weight: 1}, {model: models/local/llama, weight: 3}]}");
    }

    private static void put(String tenant, String env, String path, String yaml) {
        s.repo().commit(ChangeRequest.by("test").put(EntryKey.of(tenant, path, Layer.of(env)), Value.of(Format.YAML.read(yaml))).build());
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void theEffectiveRouteOfAScope() {
        TestServer.Reply r = s.get("/v1/routes/chat?tenant=acme&env=prod", dev);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("X-Revision")).isEqualTo(Long.toString(s.repo().revision()));
        JsonNode j = r.json();
        assertThat(j.get("alias").asString()).isEqualTo("chat");
        assertThat(j.get("scope").asString()).isEqualTo("acme:prod");
        assertThat(j.get("from").asString()).isEqualTo("acme:prod");
        JsonNode first = j.get("steps").get(0);
        assertThat(first.get("kind").asString()).isEqualTo("weighted");
        assertThat(first.get("choices").get(0).get("percent").asDouble()).isEqualTo(25.0);
        assertThat(first.get("choices").get(1).get("percent").asDouble()).isEqualTo(75.0);
        JsonNode openai = first.get("choices").get(0).get("deployment");
        assertThat(openai.get("provider").asString()).isEqualTo("openai");
        assertThat(openai.get("auth").get("api_key").asString()).isEqualTo("${secret:providers/openai}");
        assertThat(j.get("steps").get(1).get("via").get(0).asString()).isEqualTo("small");
        assertThat(j.get("retry").get("attempts").asInt()).isEqualTo(2);
        assertThat(j.get("timeoutMs").asLong()).isEqualTo(30000);
        assertThat(r.body()).doesNotContain("sk-route-test");
    }

    @Test
    void aPastRevisionShowsTheRouteAsItWas() {
        TestServer.Reply r = s.get("/v1/routes/chat?tenant=acme&env=prod&at=" + beforeProd, dev);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("X-Revision")).isEqualTo(Long.toString(beforeProd));
        assertThat(r.json().get("from").asString()).isEqualTo("acme:base");
        assertThat(r.json().get("steps").get(0).get("choices").get(0).get("percent").asDouble()).isEqualTo(80.0);
    }

    @Test
    void anUnknownAliasIs404WithAClearMessage() {
        TestServer.Reply r = s.get("/v1/routes/nope?tenant=acme&env=prod", dev);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("detail").asString()).isEqualTo("no route 'nope' in acme:prod (no entry routes/nope)");
    }

    @Test
    void aCallerWhoCannotReadADeploymentIsRefused() {
        String routesOnly = s.key("acme", BuiltInRoles.VIEWER, new BindingScope(false, "routes/", ""));
        TestServer.Reply r = s.get("/v1/routes/chat?tenant=acme&env=prod", routesOnly);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("detail").asString()).contains("models/openai/gpt-4o");
        assertThat(r.body()).doesNotContain("api.openai.com");
    }

    @Test
    void anotherTenantsCallerSeesNoTenant() {
        String beta = s.key("beta", BuiltInRoles.DEVELOPER);
        assertThat(s.get("/v1/routes/chat?tenant=acme&env=prod", beta).status()).isEqualTo(404);
    }

    @Test
    void aMalformedAliasIs400() {
        TestServer.Reply r = s.get("/v1/routes/bad%20alias?tenant=acme", dev);
        assertThat(r.status()).isEqualTo(400);
    }

    @Test
    void writingARouteToAMissingDeploymentIsRefusedOverHttp() {
        TestServer.Reply r = s.put("/v1/tenants/acme/config/routes/broken?env=prod", dev, "{\"targets\":[{\"model\":\"models/openai/gpt-9\"}]}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body()).contains("/targets/0/model").contains("deployment models/openai/gpt-9 does not exist in this scope").contains("acme:prod routes/broken");
    }

    @Test
    void aSchemaBindingNamesItsChecksOverHttp() {
        String admin = TestServer.BOOTSTRAP;
        TestServer.Reply put = s.put("/v1/tenants/acme/schemas/routes-strict", admin,
                "{\"pattern\":\"routes/strict/**\",\"checks\":[\"llm-route\"]}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(s.get("/v1/tenants/acme/schemas/routes-strict", admin).json().get("checks").get(0).asString()).isEqualTo("llm-route");
        TestServer.Reply unknown = s.put("/v1/tenants/acme/schemas/bad", admin, "{\"pattern\":\"x/**\",\"checks\":[\"no-such-check\"]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown check 'no-such-check'").contains("llm-route");
    }
}
