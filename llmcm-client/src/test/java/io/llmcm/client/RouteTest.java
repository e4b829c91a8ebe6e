package io.llmcm.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.format.Format;
import io.llmcm.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link LlmcmClient#route}: the typed route from a real server, set up over HTTP. */
class RouteTest {
    static LiveServer server;

    @BeforeAll
    static void start() throws IOException {
        server = LiveServer.start();
        try (InputStream in = RouteTest.class.getResourceAsStream("/io/llmcm/core/llm/schemas/routes.yaml")) {
            String doc = Json.compact(Format.YAML.read(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            server.ok("PUT", "/v1/tenants/global/schemas/llm-routes", doc);
        }
        server.ok("PUT", "/v1/tenants/global/secrets/providers/openai", "{\"value\":\"sk-sdk-route-not-real\"}");
        server.ok("PUT", "/v1/tenants/global/secrets/providers/anthropic", "{\"value\":\"sk-ant-sdk-route-not-real\"}");
        server.put("global", "models/openai/gpt-4o", "{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"endpoint\":\"https://api.openai.com/v1\","
                + "\"api_key\":\"${secret:providers/openai}\",\"params\":{\"temperature\":0.2},\"limits\":{\"requests_per_minute\":600}}");
        server.put("global", "models/anthropic/claude-sonnet", "{\"provider\":\"anthropic\",\"model\":\"claude-sonnet-4-20250514\","
                + "\"endpoint\":\"https://api.anthropic.com\",\"api_key\":\"${secret:providers/anthropic}\"}");
        server.put("global", "models/local/llama", "{\"provider\":\"openai-compatible\",\"model\":\"llama-3.1-8b\",\"endpoint\":\"http://vllm:8000/v1\"}");
        server.put("acme", "routes/small", "{\"targets\":[{\"model\":\"models/local/llama\"}]}");
        server.put("acme", "routes/chat", """
                {"targets":[{"model":"models/openai/gpt-4o","weight":3},{"model":"models/anthropic/claude-sonnet","weight":1}],
                 "fallbacks":[{"route":"small"}],
                 "retry":{"attempts":2,"backoff_ms":100,"max_backoff_ms":1000,"on":["rate_limit","server_error"]},"timeout_ms":20000,
                 "fallback_on":{"errors":["rate_limit","timeout"],"latency_ms_above":5000},
                 "budgets":{"tokens_per_minute":1000,"requests_per_minute":10},
                 "cost_tracking":{"sink":"webhook","url":"https://costs.example/hook","tags":{"team":"support"}}}""");
        server.ok("PUT", "/v1/tenants/acme/config/routes/chat?env=prod", "{\"targets\":[{\"model\":\"models/openai/gpt-4o\",\"weight\":1},"
                + "{\"model\":\"models/anthropic/claude-sonnet\",\"weight\":1}]}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theResolvedRouteIsATypedObject() {
        try (LlmcmClient client = server.client().build()) {
            Route base = client.route("acme", "base", "chat");
            assertThat(base.scope()).isEqualTo("acme:base");
            assertThat(base.targets()).extracting(Route.Target::path, Route.Target::weight, Route.Target::percent).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("models/openai/gpt-4o", 3, 75.0),
                    org.assertj.core.groups.Tuple.tuple("models/anthropic/claude-sonnet", 1, 25.0));
            Route.Deployment openai = base.targets().getFirst().deployment();
            assertThat(openai.provider()).isEqualTo("openai");
            assertThat(openai.model()).isEqualTo("gpt-4o");
            assertThat(openai.endpoint()).isEqualTo("https://api.openai.com/v1");
            assertThat(openai.auth()).isEqualTo(Map.of("api_key", "${secret:providers/openai}"));
            assertThat(openai.params().path("temperature").asDouble()).isEqualTo(0.2);
            assertThat(openai.limits().path("requests_per_minute").asInt()).isEqualTo(600);
            assertThat(base.fallbacks()).hasSize(1);
            assertThat(base.fallbacks().getFirst().via()).isEqualTo(List.of("small"));
            assertThat(base.fallbacks().getFirst().targets().getFirst().deployment().model()).isEqualTo("llama-3.1-8b");
            assertThat(base.retry()).isEqualTo(new Route.RetryPolicy(2, 100, 1000, Set.of("rate_limit", "server_error")));
            assertThat(base.timeoutMs()).isEqualTo(20000);
            assertThat(base.fallbackOn()).isEqualTo(new Route.FallbackConditions(Set.of("rate_limit", "timeout"), 5000));
            assertThat(base.budgets()).isEqualTo(new Route.Budgets(1000, 0, 10));
            assertThat(base.costTracking()).isEqualTo(new Route.CostTracking(true, "webhook", "https://costs.example/hook", Map.of("team", "support")));
            assertThat(base.problems()).isEmpty();
            assertThat(base.toString()).doesNotContain("not-real");
        }
    }

    @Test
    void aProdOverrideChangesTheSharesInProdOnly() {
        try (LlmcmClient client = server.client().build()) {
            Route prod = client.route(ConfigSpec.of("acme", "prod"), "chat");
            assertThat(prod.from()).isEqualTo("acme:prod");
            assertThat(prod.targets()).extracting(Route.Target::percent).containsExactly(50.0, 50.0);
            assertThat(prod.timeoutMs()).as("inherited from base").isEqualTo(20000);
        }
    }

    @Test
    void anUnknownRouteIs404() {
        try (LlmcmClient client = server.client().build()) {
            assertThatThrownBy(() -> client.route("acme", "prod", "nope"))
                    .isInstanceOfSatisfying(LlmcmClientException.class, e -> {
                        assertThat(e.status()).isEqualTo(404);
                        assertThat(e.getMessage()).isEqualTo("HTTP 404: no route 'nope' in acme:prod (no entry routes/nope)");
                    });
        }
    }
}
