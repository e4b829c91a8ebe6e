package io.llmcm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** schema builtin, llm init and catalog (in process, on a real SQLite store). */
class LlmCommandsTest {
    @TempDir
    Path dir;

    private static final String DEPLOYMENT =
            "{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"api_key\":\"${secret:providers/openai/api-key}\",\"params\":{\"max_tokens\":%d}}";

    @Test
    void builtinSchemasAreListedAndAppliedAtADefaultPatternOrANamespace() {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        llmcm.run("tenant", "create", "acme").ok();
        String list = llmcm.run("schema", "builtin", "list").ok().out();
        assertThat(list.lines().toList()).hasSize(11);
        assertThat(list).startsWith("openai ").contains("models/openai/**").contains("OpenAI API model deployment")
                .contains("llm-catalog").contains("llm/catalog");

        assertThat(llmcm.run("schema", "builtin", "apply", "openai", "--tenant", "acme", "-m", "openai presets").ok().out())
                .matches("schema openai \\(models/openai/\\*\\*\\) applied in tenant acme at revision \\d+\\n");
        assertThat(llmcm.run("schema", "builtin", "apply", "openai-compatible", "--tenant", "acme", "--namespace", "gpu/vllm").ok().out())
                .contains("schema openai-compatible (gpu/vllm/**) applied in tenant acme");
        assertThat(llmcm.run("schema", "list", "--tenant", "acme").ok().out())
                .isEqualTo("openai             models/openai/**  acme\nopenai-compatible  gpu/vllm/**       acme\n");

        Llmcm.Result tooMany = llmcm.run("set", "models/openai/chat", DEPLOYMENT.formatted(200000), "--tenant", "acme").fails(5);
        assertThat(tooMany.err())
                .contains("/params/max_tokens")
                .contains("params.max_tokens 200000 is above the 128000-token context window of gpt-4o")
                .contains("params.max_tokens 200000 is above the 16384-token output limit (max_output_tokens) of gpt-4o");
        Llmcm.Result inline = llmcm.run("set", "models/openai/chat",
                "{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"api_key\":\"sk-live-abcdef\"}", "--tenant", "acme").fails(5);
        assertThat(inline.err()).contains("api_key must be a secret reference").doesNotContain("sk-live-abcdef");
        llmcm.run("set", "models/openai/chat", DEPLOYMENT.formatted(4096), "--tenant", "acme").ok();

        assertThat(llmcm.run("schema", "builtin", "apply", "cohere").fails(3).err())
                .contains("no built-in schema 'cohere'; built-in schemas: openai, anthropic");
        assertThat(llmcm.run("schema", "builtin", "apply", "llm-catalog", "--namespace", "x").fails(2).err())
                .contains("takes no namespace");
    }

    @Test
    void llmInitAppliesEveryBuiltinInOneCommitAndTheCatalogFollowsOverrides() {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        llmcm.run("tenant", "create", "acme").ok();
        llmcm.run("tenant", "create", "beta").ok();
        Llmcm.Result init = llmcm.run("llm", "init").ok();
        assertThat(init.out()).contains("schema bedrock (models/bedrock/**)\n")
                .containsPattern("applied 11 built-in schemas in tenant global at revision \\d+\\n$");
        assertThat(llmcm.run("schema", "list", "--tenant", "acme").ok().out().lines()).hasSize(11);

        llmcm.run("set", "llm/catalog", "{\"models\":{\"gpt-4o\":{\"max_output_tokens\":32768}}}", "--tenant", "acme").ok();
        llmcm.run("set", "models/openai/big", DEPLOYMENT.formatted(20000), "--tenant", "acme").ok();
        assertThat(llmcm.run("set", "models/openai/big", DEPLOYMENT.formatted(20000), "--tenant", "beta").fails(5).err())
                .contains("params.max_tokens 20000 is above the 16384-token output limit (max_output_tokens) of gpt-4o");
        assertThat(llmcm.run("set", "llm/catalog", "{\"models\":{\"gpt-4o\":{\"context_window\":\"big\"}}}", "--tenant", "beta").fails(5).err())
                .contains("/models/gpt-4o/context_window").contains("must be an integer");

        String acme = llmcm.run("catalog", "list", "--tenant", "acme").ok().out();
        assertThat(acme.lines().filter(l -> l.startsWith("gpt-4o ")).findFirst().orElseThrow())
                .matches("gpt-4o +openai +128000 +32768 +2.5 +10.0 +-");
        assertThat(acme).endsWith("catalog as of 2025-06-01, with the overrides of acme:base\n");
        String beta = llmcm.run("catalog", "list", "--tenant", "beta").ok().out();
        assertThat(beta.lines().filter(l -> l.startsWith("gpt-4o ")).findFirst().orElseThrow()).contains(" 16384 ");
        assertThat(beta).endsWith("catalog as of 2025-06-01\n");

        assertThat(llmcm.run("catalog", "show", "gpt-4o", "--tenant", "acme").ok().out())
                .contains("\"id\": \"gpt-4o\"").contains("\"max_output_tokens\": 32768");
        assertThat(llmcm.run("catalog", "show", "my-model").fails(3).err())
                .contains("model 'my-model' is not in the catalog; add it in llm/catalog");
        assertThat(llmcm.run("catalog", "list", "--output", "json").ok().out()).contains("\"as_of\": \"2025-06-01\"");
    }
}
