package io.llmcm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.json.Json;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.Server;
import io.llmcm.store.sqlite.SqliteStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code llmcm route explain} on a local store (in process), then the same command with --server
 * against a server on that store: the same text and JSON either way.
 */
class RouteExplainTest {
    private static final String TOKEN = "route-explain-test-token-0123456789";

    @TempDir
    Path dir;

    private Llmcm setUp() throws IOException {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        llmcm.run("tenant", "create", "acme").ok();
        Path schema = dir.resolve("routes.yaml");
        try (InputStream in = RouteExplainTest.class.getResourceAsStream("/io/llmcm/core/llm/schemas/routes.yaml")) {
            Files.write(schema, in.readAllBytes());
        }
        llmcm.run("schema", "set", "llm-routes", "@" + schema).ok();
        llmcm.runWithInput("sk-cli-route-not-real", "secret", "set", "providers/openai", "-").ok();
        llmcm.runWithInput("azure-cli-route-not-real", "secret", "set", "providers/azure", "-").ok();
        llmcm.runWithInput("sk-ant-cli-route-not-real", "secret", "set", "providers/anthropic", "-").ok();
        llmcm.run("set", "models/openai/gpt-4o", "{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"endpoint\":\"https://api.openai.com/v1\","
                + "\"api_key\":\"${secret:providers/openai}\",\"params\":{\"temperature\":0.7}}").ok();
        llmcm.run("set", "models/azure/gpt-4o-eu", "{\"provider\":\"azure-openai\",\"model\":\"gpt-4o\",\"endpoint\":\"https://acme-eu.openai.azure.com\","
                + "\"api_key\":\"${secret:providers/azure}\"}").ok();
        llmcm.run("set", "models/anthropic/claude-sonnet", "{\"provider\":\"anthropic\",\"model\":\"claude-sonnet-4-20250514\","
                + "\"endpoint\":\"https://api.anthropic.com\",\"api_key\":\"${secret:providers/anthropic}\"}").ok();
        llmcm.run("set", "models/local/llama", "{\"provider\":\"openai-compatible\",\"model\":\"llama-3.1-8b\",\"endpoint\":\"http://vllm:8000/v1\"}").ok();
        llmcm.run("set", "routes/small", "{\"targets\":[{\"model\":\"models/local/llama\"}]}", "-t", "acme").ok();
        llmcm.run("set", "routes/chat", """
                {"targets":[{"model":"models/openai/gpt-4o","weight":80},{"model":"models/azure/gpt-4o-eu","weight":20}],
                 "fallbacks":[{"model":"models/anthropic/claude-sonnet"},{"route":"small"}],
                 "retry":{"attempts":2,"on":["rate_limit","timeout"]},"timeout_ms":30000,
                 "fallback_on":{"errors":["rate_limit","timeout","server_error"],"latency_ms_above":8000},
                 "budgets":{"tokens_per_minute":200000,"tokens_per_day":5000000,"requests_per_minute":600}}""", "-t", "acme").ok();
        // prod shifts the weights: arrays replace whole, so the override restates the targets
        llmcm.run("set", "routes/chat", "{\"targets\":[{\"model\":\"models/openai/gpt-4o\",\"weight\":60},{\"model\":\"models/azure/gpt-4o-eu\",\"weight\":40}]}",
                "-t", "acme", "-e", "prod").ok();
        return llmcm;
    }

    @Test
    void explainShowsTheEffectiveChainLocallyAndFromAServer() throws IOException {
        Llmcm llmcm = setUp();
        Llmcm.Result local = llmcm.run("route", "explain", "chat", "--tenant", "acme", "--env", "prod").ok();
        String rev = local.out().substring(local.out().indexOf('@') + 1, local.out().indexOf(')'));
        assertThat(local.out()).isEqualTo("""
                route chat  (acme:prod@%s)  timeout 30000 ms, retry 2× on rate_limit, timeout (backoff 200–2000 ms)
                  1. weighted
                     60%%  models/openai/gpt-4o            openai             gpt-4o                    https://api.openai.com/v1         key ${secret:providers/openai}  params {"temperature":0.7}
                     40%%  models/azure/gpt-4o-eu          azure-openai       gpt-4o                    https://acme-eu.openai.azure.com  key ${secret:providers/azure}
                  2. fallback  models/anthropic/claude-sonnet  anthropic          claude-sonnet-4-20250514  https://api.anthropic.com         key ${secret:providers/anthropic}
                  3. fallback via route small: models/local/llama              openai-compatible  llama-3.1-8b              http://vllm:8000/v1
                  fallback on: rate_limit, timeout, server_error; latency above 8000 ms
                  budgets: 200000 tokens/min, 5000000 tokens/day, 600 requests/min
                  cost tracking: off
                """.formatted(rev));
        assertThat(local.out()).doesNotContain("not-real");
        Llmcm.Result localJson = llmcm.run("route", "explain", "chat", "-t", "acme", "-e", "prod", "--output", "json").ok();
        JsonNode j = Json.parse(localJson.out());
        assertThat(j.get("steps").get(0).get("choices").get(0).get("percent").asDouble()).isEqualTo(60.0);
        assertThat(localJson.out()).doesNotContain("not-real");

        // before the prod override: the base weights
        String before = Long.toString(Long.parseLong(rev) - 1);
        String localBefore = llmcm.run("route", "explain", "chat", "-t", "acme", "-e", "prod", "--at", before).ok().out();
        assertThat(localBefore).contains("80%  models/openai/gpt-4o").contains("(acme:base@" + before + ", read in acme:prod)");
        assertThat(llmcm.run("route", "explain", "nope", "-t", "acme", "-e", "prod").fails(3).err())
                .isEqualTo("llmcm: no route 'nope' in acme:prod (no entry routes/nope)\n");
        assertThat(llmcm.run("route", "explain", "chat", "-t", "acme", "--output", "yaml").fails(2).err()).contains("expected text or json");

        // the same store served: the remote form prints the same
        Repository repo = Repository.open(SqliteStore.open(dir.resolve("data"), Duration.ofSeconds(10)), Repository.Options.defaults());
        Server server = Server.start(repo, Server.Options.defaults().withBootstrapToken(TOKEN).withPort(0));
        try {
            Llmcm remote = llmcm.env("LLMCM_TOKEN", TOKEN).env("LLMCM_CONFIG_DIR", dir.resolve("config").toString());
            String url = "http://127.0.0.1:" + server.port();
            assertThat(remote.run("route", "explain", "chat", "-t", "acme", "-e", "prod", "--server", url).ok().out()).isEqualTo(local.out());
            assertThat(Json.parse(remote.run("route", "explain", "chat", "-t", "acme", "-e", "prod", "--server", url, "--output", "json").ok().out()))
                    .isEqualTo(j);
            assertThat(remote.run("route", "explain", "chat", "-t", "acme", "-e", "prod", "--server", url, "--at", before).ok().out())
                    .isEqualTo(localBefore);
            assertThat(remote.run("route", "explain", "nope", "-t", "acme", "-e", "prod", "--server", url).fails(3).err())
                    .contains("no route 'nope' in acme:prod (no entry routes/nope)");
        } finally {
            server.close();
            repo.close();
        }
    }

    @Test
    void aRouteWhoseSecretIsMissingCannotBeWritten() throws IOException {
        Llmcm llmcm = setUp();
        llmcm.run("set", "models/openai/mini", "{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"api_key\":\"${secret:providers/nope}\"}").ok();
        Llmcm.Result r = llmcm.run("set", "routes/mini", "{\"targets\":[{\"model\":\"models/openai/mini\"}]}", "-t", "acme").fails(5);
        assertThat(r.err()).contains("/targets/0/model")
                .contains("deployment models/openai/mini field /api_key refers to secret providers/nope, which does not exist in this scope");
        assertThat(llmcm.run("secret", "delete", "providers/anthropic").fails(5).err())
                .contains("routes/chat").contains("/fallbacks/0/model");
    }
}
