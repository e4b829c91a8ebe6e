package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.auth.BuiltInRoles;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Targeting over HTTP: reads with ctx.* parameters, the fired-rules header, explain, listing rules, promotion. */
class TargetingRoutesTest {
    static TestServer s;
    static String dev;
    static String viewer;

    @BeforeAll
    static void start() {
        s = TestServer.start();
        dev = s.key("acme", BuiltInRoles.DEVELOPER);
        viewer = s.key("acme", BuiltInRoles.VIEWER);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static long put(String path, String json) {
        TestServer.Reply r = s.put(path, dev, json);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("revision").asLong();
    }

    private static final String RULES = """
            {"model":"gpt-4o","$targeting":[
              {"name":"eu-users","when":"ctx.region == 'eu'","set":{"endpoint":"https://eu.example/v1"}},
              {"name":"gpt41-rollout","rollout":{"percent":100,"by":"user_id"},"set":{"model":"gpt-4.1"}}]}""";

    @Test
    void aReadWithAContextFiresRulesAndNamesThemInAHeader() {
        put("/v1/tenants/acme/config/t1/chat?env=prod", RULES);
        TestServer.Reply plain = s.get("/v1/tenants/acme/config/t1/chat?env=prod", viewer);
        assertThat(plain.json()).isEqualTo(io.llmcm.core.json.Json.parse("{\"model\":\"gpt-4o\"}"));
        assertThat(plain.header("X-Llmcm-Rules")).isNull();

        TestServer.Reply eu = s.get("/v1/tenants/acme/config/t1/chat?env=prod&ctx.region=eu", viewer);
        assertThat(eu.status()).isEqualTo(200);
        assertThat(eu.json().get("endpoint").asString()).isEqualTo("https://eu.example/v1");
        assertThat(eu.json().get("model").asString()).isEqualTo("gpt-4o");
        assertThat(eu.header("X-Llmcm-Rules")).isEqualTo("acme:prod/eu-users");
        assertThat(eu.json().has("$targeting")).isFalse();

        TestServer.Reply user = s.get("/v1/tenants/acme/config/t1/chat?env=prod&ctx.user_id=42", viewer);
        assertThat(user.json().get("model").asString()).isEqualTo("gpt-4.1");
        assertThat(user.header("X-Llmcm-Rules")).isEqualTo("acme:prod/gpt41-rollout");

        // no rule fires for this context: no header
        assertThat(s.get("/v1/tenants/acme/config/t1/chat?env=prod&ctx.region=us", viewer).header("X-Llmcm-Rules")).isNull();
    }

    @Test
    void explainWithAContextNamesTheRuleOfEachField() {
        put("/v1/tenants/acme/config/t2/chat?env=prod", RULES);
        TestServer.Reply r = s.get("/v1/tenants/acme/config/t2/chat?env=prod&explain=true&ctx.user_id=7", viewer);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("X-Llmcm-Rules")).isEqualTo("acme:prod/gpt41-rollout");
        JsonNode model = null;
        for (JsonNode f : r.json().get("fields")) {
            if (f.get("pointer").asString().equals("/model")) {
                model = f;
            }
        }
        assertThat(model).isNotNull();
        assertThat(model.get("value").asString()).isEqualTo("gpt-4.1");
        assertThat(model.get("rule").asString()).isEqualTo("gpt41-rollout");
        assertThat(r.json().get("rules").get(0).get("rule").asString()).isEqualTo("gpt41-rollout");
        assertThat(r.json().get("rules").get(0).get("layer").get("tenant").asString()).isEqualTo("acme");
    }

    @Test
    void theListTakesAContextAndNamesTheRulesPerItem() {
        put("/v1/tenants/acme/config/t3/chat?env=prod", RULES);
        put("/v1/tenants/acme/config/t3/plain?env=prod", "{\"a\":1}");
        JsonNode items = s.get("/v1/tenants/acme/config?prefix=t3&env=prod&ctx.region=eu", viewer).json().get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("value").get("endpoint").asString()).isEqualTo("https://eu.example/v1");
        assertThat(items.get(0).get("rules").get(0).get("rule").asString()).isEqualTo("eu-users");
        assertThat(items.get(1).has("rules")).isFalse();
        JsonNode plain = s.get("/v1/tenants/acme/config?prefix=t3&env=prod", viewer).json().get("items");
        assertThat(plain.get(0).get("value").has("$targeting")).isFalse();
        assertThat(plain.get(0).get("value").has("endpoint")).isFalse();
        // a past revision, with a context: the rules as they were then
        long before = s.repo().revision();
        put("/v1/tenants/acme/config/t3/chat?env=prod", "{\"model\":\"other\"}");
        JsonNode past = s.get("/v1/tenants/acme/config?prefix=t3&env=prod&ctx.region=eu&at=" + before, viewer).json().get("items");
        assertThat(past.get(0).get("value").get("endpoint").asString()).isEqualTo("https://eu.example/v1");
        assertThat(s.get("/v1/tenants/acme/config?prefix=t3&env=prod&ctx.region=eu", viewer).json().get("items").get(0).has("rules")).isFalse();
    }

    @Test
    void aBadContextIsA400NamingTheParameter() {
        put("/v1/tenants/acme/config/t4/chat", RULES);
        Problem.field(s.get("/v1/tenants/acme/config/t4/chat?ctx.region=eu&ctx.region=us", viewer), 400, "query:ctx.region");
        Problem.field(s.get("/v1/tenants/acme/config/t4/chat?ctx.=x", viewer), 400, "query:ctx.*");
    }

    @Test
    void aRuleErrorIsRefusedWithItsPointer() {
        TestServer.Reply r = s.put("/v1/tenants/acme/config/t5/chat", dev,
                "{\"$targeting\":[{\"name\":\"a\",\"rollout\":{\"percent\":150,\"by\":\"user_id\"},\"set\":{}}]}");
        JsonNode p = Problem.of(r, 422);
        assertThat(p.get("detail").asString()).contains("/$targeting/0/rollout/percent").contains("percent must be from 0 to 100, got 150");
    }

    @Test
    void rulesAreListedPerLayerAndARuleIsPromotedInOneCommit() {
        assertThat(s.put("/v1/tenants/global/config/t6/chat", TestServer.BOOTSTRAP,
                "{\"model\":\"gpt-4o\",\"$targeting\":[{\"name\":\"g\",\"when\":\"ctx.region == 'eu'\",\"set\":{\"x\":1}}]}").status())
                .isEqualTo(200);
        long rev = put("/v1/tenants/acme/config/t6/chat?env=prod", RULES);
        JsonNode list = s.get("/v1/tenants/acme/targeting/t6/chat?env=prod", viewer).json();
        assertThat(list.get("layers")).hasSize(2);
        JsonNode prod = list.get("layers").get(1);
        assertThat(prod.get("layer").get("env").asString()).isEqualTo("prod");
        assertThat(prod.get("revision").asLong()).isEqualTo(rev);
        assertThat(prod.get("rules").get(1).get("rollout").get("by").asString()).isEqualTo("user_id");
        assertThat(prod.get("rules").get(1).get("set").get("model").asString()).isEqualTo("gpt-4.1");

        // a viewer may not promote; a stale revision conflicts; an unknown rule is 404
        assertThat(s.post("/v1/tenants/acme/promote/t6/chat?env=prod", viewer, "{\"rule\":\"gpt41-rollout\"}").status()).isEqualTo(403);
        Problem.of(s.post("/v1/tenants/acme/promote/t6/chat?env=prod", dev, "{\"rule\":\"gpt41-rollout\",\"revision\":" + (rev - 1) + "}"), 409);
        Problem.of(s.post("/v1/tenants/acme/promote/t6/chat?env=prod", dev, "{\"rule\":\"nope\"}"), 404);
        Problem.field(s.post("/v1/tenants/acme/promote/t6/chat?env=prod", dev, "{\"rule\":\"x\",\"extra\":1}"), 400, "/extra");

        TestServer.Reply promoted = s.call("POST", "/v1/tenants/acme/promote/t6/chat?env=prod", dev,
                "{\"rule\":\"gpt41-rollout\",\"revision\":" + rev + "}", Map.of("X-Commit-Message", "ship gpt-4.1"));
        assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);
        long after = promoted.json().get("revision").asLong();
        assertThat(after).isEqualTo(s.repo().revision());
        assertThat(s.repo().commitInfo(after).orElseThrow().message()).isEqualTo("ship gpt-4.1");
        assertThat(s.get("/v1/tenants/acme/config/t6/chat?env=prod", viewer).json().get("model").asString()).isEqualTo("gpt-4.1");
        JsonNode rules = s.get("/v1/tenants/acme/targeting/t6/chat?env=prod", viewer).json().get("layers").get(1).get("rules");
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).get("name").asString()).isEqualTo("eu-users");
    }
}
