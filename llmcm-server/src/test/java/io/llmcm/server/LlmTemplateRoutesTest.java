package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.BuiltInRoles;
import io.llmcm.core.json.Json;
import io.llmcm.core.repo.Scope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Prompt rendering and configuration templates over HTTP, with their permissions. */
class LlmTemplateRoutesTest {
    static TestServer s;
    static String acmeDev;
    static String betaDev;

    @BeforeAll
    static void start() {
        s = TestServer.start();
        acmeDev = s.key("acme", BuiltInRoles.DEVELOPER, BindingScope.SUBTREE);
        betaDev = s.key("beta", BuiltInRoles.DEVELOPER);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static TestServer.Reply put(String tenant, String path, String json, String token) {
        TestServer.Reply r = s.put("/v1/tenants/" + tenant + "/config/" + path, token, json);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r;
    }

    @Test
    void renderAPromptWithVariablesVariantsAndVersions() {
        long v1 = put("acme", "prompts/support", "{\"version\":\"1.0.0\",\"variables\":{\"product\":{\"required\":true},\"n\":{\"type\":\"integer\",\"default\":3}},"
                + "\"template\":\"Help with {{product}} in {{n}} steps.\",\"variants\":{\"short\":{\"template\":\"{{product}}!\",\"weight\":50}}}", acmeDev)
                .json().get("revision").asLong();
        put("acme", "prompts/support", "{\"version\":\"1.1.0\",\"variables\":{\"product\":{\"required\":true}},\"messages\":[{\"role\":\"system\",\"content\":\"Support {{product}}\"}]}", acmeDev);

        TestServer.Reply r = s.post("/v1/prompts/render", acmeDev, "{\"tenant\":\"acme\",\"env\":\"prod\",\"path\":\"prompts/support\",\"variables\":{\"product\":\"Widgets\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(Json.compact(r.json().get("messages"))).isEqualTo("[{\"role\":\"system\",\"content\":\"Support Widgets\"}]");
        assertThat(r.json().get("version").asString()).isEqualTo("1.1.0");
        assertThat(r.json().has("text")).isFalse();

        TestServer.Reply old = s.post("/v1/prompts/render", acmeDev,
                "{\"tenant\":\"acme\",\"path\":\"prompts/support\",\"version\":\"1.0.0\",\"variant\":\"short\",\"variables\":{\"product\":\"W\"}}");
        assertThat(old.status()).as(old.body()).isEqualTo(200);
        assertThat(old.json().get("text").asString()).isEqualTo("W!");
        assertThat(old.json().get("variant").asString()).isEqualTo("short");
        assertThat(old.json().get("revision").asLong()).isEqualTo(v1);

        String sticky = s.post("/v1/prompts/render", acmeDev,
                "{\"tenant\":\"acme\",\"path\":\"prompts/support\",\"version\":\"1.0.0\",\"key\":\"user-7\",\"variables\":{\"product\":\"W\"}}").json().get("variant").asString();
        for (int i = 0; i < 5; i++) {
            assertThat(s.post("/v1/prompts/render", acmeDev,
                    "{\"tenant\":\"acme\",\"path\":\"prompts/support\",\"version\":\"1.0.0\",\"key\":\"user-7\",\"variables\":{\"product\":\"W\"}}").json().get("variant").asString())
                    .isEqualTo(sticky);
        }

        JsonNode p = Problem.of(s.post("/v1/prompts/render", acmeDev, "{\"tenant\":\"acme\",\"path\":\"prompts/support\",\"variables\":{\"prodct\":\"x\"}}"), 422);
        assertThat(p.get("errors").toString())
                .contains("variable 'product' is required but was not given")
                .contains("variable 'prodct' was given but is not declared");
        JsonNode none = Problem.of(s.post("/v1/prompts/render", acmeDev, "{\"tenant\":\"acme\",\"path\":\"prompts/support\",\"version\":\"9.9.9\",\"variables\":{}}"), 404);
        assertThat(none.get("detail").asString()).isEqualTo("prompt prompts/support never had version 9.9.9 in acme:base; versions found: 1.0.0, 1.1.0");
        Problem.of(s.post("/v1/prompts/render", betaDev, "{\"tenant\":\"acme\",\"path\":\"prompts/support\"}"), 404);
        Problem.of(s.post("/v1/prompts/render", acmeDev, "{\"tenant\":\"acme\",\"path\":\"prompts/support\",\"colour\":1}"), 400);
    }

    @Test
    void listDocsAndInstantiateWithSharingPermissions() {
        put("acme", "templates/team-chat", "{\"version\":\"1.2.0\",\"description\":\"team chat\",\"extends\":\"builtin/chat-service\","
                + "\"variables\":{\"max_tokens\":{\"default\":512}}}", acmeDev);
        put("acme", "templates/private", "{\"version\":\"1.0.0\",\"entries\":{\"notes/a\":{\"x\":1}}}", acmeDev);
        put("acme", "templates/shared", "{\"version\":\"1.0.0\",\"shared_with\":[\"beta\"],\"variables\":{\"who\":{\"from\":\"tenant\"}},"
                + "\"entries\":{\"notes/shared\":{\"by\":\"{{who}}\"}}}", acmeDev);

        JsonNode list = s.get("/v1/templates?tenant=acme-eu", acmeDev).json();
        assertThat(list.get("items").findValuesAsString("name")).startsWith("builtin/chat-service", "builtin/rag-pipeline", "builtin/gateway-fallbacks")
                .contains("team-chat", "private", "shared");
        assertThat(list.get("items").get(3).get("kind").asString()).isEqualTo("inherited");
        JsonNode betaList = s.get("/v1/templates?tenant=beta", betaDev).json();
        assertThat(betaList.get("items").findValuesAsString("name")).as("beta sees the shared one only if it may read it in acme")
                .doesNotContain("acme:shared", "acme:private");

        TestServer.Reply docs = s.get("/v1/templates/team-chat/docs?tenant=acme", acmeDev);
        assertThat(docs.status()).as(docs.body()).isEqualTo(200);
        assertThat(docs.header("Content-Type")).startsWith("text/markdown");
        assertThat(docs.body()).startsWith("# Template `acme:team-chat`\n\nteam chat\n\n- **Version:** 1.2.0\n- **Extends:** `builtin/chat-service`\n")
                .contains("| `max_tokens` | integer | `512` | no | — | Most tokens per answer |");
        assertThat(s.get("/v1/templates/builtin/rag-pipeline/docs?tenant=beta", betaDev).body()).startsWith("# Template `builtin/rag-pipeline`");

        TestServer.Reply dry = s.post("/v1/templates/instantiate", acmeDev, "{\"tenant\":\"acme-eu\",\"env\":\"prod\",\"name\":\"team-chat\",\"dryRun\":true}");
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(dry.json().get("valid").asBoolean()).isTrue();
        assertThat(s.repo().get(Scope.of("acme-eu", "prod"), "models/openai/chat")).isEmpty();
        TestServer.Reply done = s.post("/v1/templates/instantiate", acmeDev, "{\"tenant\":\"acme-eu\",\"env\":\"prod\",\"name\":\"team-chat\"}");
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.json().get("template").asString()).isEqualTo("acme:team-chat");
        assertThat(s.repo().get(Scope.of("acme-eu", "prod"), "models/openai/chat").orElseThrow().value().json().get("params").get("max_tokens").asInt())
                .isEqualTo(512);
        assertThat(s.repo().commitInfo(done.json().get("revision").asLong()).orElseThrow().message()).isEqualTo("instantiate template acme:team-chat 1.2.0");

        // beta: outside acme's subtree — the private template is refused, the shared one needs read in acme too
        JsonNode refused = Problem.of(s.post("/v1/templates/instantiate", betaDev, "{\"tenant\":\"beta\",\"name\":\"acme:private\"}"), 403);
        assertThat(refused.get("detail").asString()).isEqualTo("template acme:private belongs to tenant acme, whose subtree does not hold tenant beta, and is not shared with it (shared_with)");
        JsonNode noRead = Problem.of(s.post("/v1/templates/instantiate", betaDev, "{\"tenant\":\"beta\",\"name\":\"acme:shared\"}"), 403);
        assertThat(noRead.get("detail").asString()).startsWith("not allowed: config:read in tenant 'acme'");
        // a store-wide credential (a tenant's own key never acts outside its tenant) bound as
        // developer in beta and viewer in acme
        io.llmcm.core.auth.IssuedKey k = new io.llmcm.core.auth.ApiKeys(s.repo(), java.time.Clock.systemUTC()).issue("", "cross", null, "test");
        s.commit(new io.llmcm.core.model.Mutation.PutBinding(new io.llmcm.core.auth.Binding("beta", "cross-dev", io.llmcm.core.auth.Subjects.KEY + k.key().id(),
                        BuiltInRoles.DEVELOPER, BindingScope.TENANT, "")),
                new io.llmcm.core.model.Mutation.PutBinding(new io.llmcm.core.auth.Binding("acme", "cross-read", io.llmcm.core.auth.Subjects.KEY + k.key().id(),
                        BuiltInRoles.VIEWER, BindingScope.TENANT, "")));
        String betaWithAcmeRead = k.secret();
        TestServer.Reply shared = s.post("/v1/templates/instantiate", betaWithAcmeRead, "{\"tenant\":\"beta\",\"name\":\"acme:shared\"}");
        assertThat(shared.status()).as(shared.body()).isEqualTo(200);
        assertThat(s.repo().get(Scope.of("beta", "base"), "notes/shared").orElseThrow().value().toString()).isEqualTo("{\"by\":\"beta\"}");
        assertThat(s.get("/v1/templates?tenant=beta", betaWithAcmeRead).json().get("items").findValuesAsString("name")).contains("acme:shared")
                .doesNotContain("acme:private");

        // a schema of the target refuses: 422 with the violation, nothing written
        s.commit(new io.llmcm.core.model.Mutation.PutSchema(new io.llmcm.core.model.SchemaBinding("beta", "small", "models/**", null,
                java.util.List.of(new io.llmcm.core.model.Rule("self.params.max_tokens <= 1000", "params.max_tokens must be at most 1000", "/params/max_tokens")))));
        long before = s.repo().revision();
        JsonNode schema = Problem.of(s.post("/v1/templates/instantiate", betaDev, "{\"tenant\":\"beta\",\"name\":\"builtin/chat-service\",\"variables\":{\"max_tokens\":4000}}"), 422);
        assertThat(schema.get("errors").toString()).contains("params.max_tokens must be at most 1000");
        assertThat(s.repo().revision()).isEqualTo(before);
        // a viewer may read but not write what the template produces
        String viewer = s.key("beta", BuiltInRoles.VIEWER);
        Problem.of(s.post("/v1/templates/instantiate", viewer, "{\"tenant\":\"beta\",\"name\":\"builtin/chat-service\"}"), 403);
    }

}
