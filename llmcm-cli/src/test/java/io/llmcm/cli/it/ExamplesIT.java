package io.llmcm.cli.it;

import static io.llmcm.cli.it.TokenSafeRuns.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.cli.Llmcm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code examples/} gateway, loaded by {@code examples/load.sh} itself (with the jar as its
 * {@code llmcm}), then everything issue 6 promises checked on it: provider schemas and the
 * catalog, routes and their explain, targeting and promotion, prompts, templates, and the same
 * route answered by a server.
 */
class ExamplesIT {
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    private static final String[] ACME_PROD = {"--tenant", "acme", "--env", "prod"};

    @TempDir
    Path dir;

    @RegisterExtension
    final TokenSafeRuns runs = new TokenSafeRuns();

    @Test
    void theExampleGateway() throws Exception {
        Path store = dir.resolve("demo");
        String loaded = load(store);
        assertThat(loaded).contains("applied 11 built-in schemas in tenant global")
                .contains("imported 4 keys under models")
                .contains("imported 2 keys under routes")
                .contains("imported 2 keys under prompts");
        Llmcm llmcm = Llmcm.jar(store).env("LLMCM_CONFIG_DIR", dir.resolve("config").toString());

        // the effective route in prod: prod's weights over base's chain, the fallback route expanded
        String route = runs.ok(llmcm, args("route", "explain", "chat", ACME_PROD)).out();
        assertThat(route).startsWith("route chat  (acme:prod@")
                .containsPattern("\n     90%  models/openai/gpt-4o +openai +gpt-4o +https://api\\.openai\\.com/v1 +key \\$\\{secret:providers/openai}")
                .containsPattern("\n     10%  models/anthropic/claude-sonnet +anthropic +claude-sonnet-4-20250514")
                .contains("2. fallback via route chat-small: models/openai/gpt-4o-mini")
                .contains("budgets: 400000 tokens/min, 20000000 tokens/day, 1200 requests/min")
                .doesNotContain("sk-example");
        assertThat(runs.ok(llmcm, "route", "explain", "chat", "--tenant", "acme").out()).contains("80%").contains("20%");

        // targeting: EU users get the data-residency endpoint, and explain names the rule
        String eu = runs.ok(llmcm, args("get", "models/openai/gpt-4o", ACME_PROD, "--context", "region=eu", "--explain")).out();
        assertThat(eu).contains("\"endpoint\": \"https://eu.api.openai.com/v1\"")
                .containsPattern("/endpoint +\"https://eu\\.api\\.openai\\.com/v1\" +acme:prod@\\d+ rule eu-data-residency");
        assertThat(runs.ok(llmcm, args("get", "models/openai/gpt-4o", ACME_PROD, "--output", "text")).out())
                .as("a read without a context fires no rule and shows none")
                .contains("\"model\":\"gpt-4o\"").contains("\"temperature\":0.3").doesNotContain("$targeting");

        // prompts: rendered with declared variables; a missing one is named
        assertThat(runs.ok(llmcm, "prompt", "render", "prompts/summarize-ticket", "--tenant", "acme", "--var", "ticket=Printer on fire").out())
                .isEqualTo("Summarize this support ticket in at most 5 bullet points, most important first:\n\nPrinter on fire\n");
        assertThat(runs.ok(llmcm, "prompt", "render", "prompts/support-agent", "--tenant", "acme", "--var", "product=Acme",
                        "--var", "question=Where is my invoice?", "--variant", "concise").out())
                .contains("Answer in at most three sentences, in a friendly tone.").contains("Where is my invoice?");
        assertThat(runs.fails(llmcm, 5, "prompt", "render", "prompts/support-agent", "--tenant", "acme", "--var", "product=Acme").err())
                .contains("variable 'question' is required but was not given");

        // validation before anything is stored: the catalog's limits, acme's own catalog, keys by reference only
        assertThat(runs.fails(llmcm, 5, args("set", "models/openai/gpt-4o", "{\"params\":{\"max_tokens\":200000}}", ACME_PROD)).err())
                .contains("params.max_tokens 200000 is above the 128000-token context window of gpt-4o");
        assertThat(runs.fails(llmcm, 5, "set", "models/local/llama", "{\"provider\":\"openai-compatible\",\"server\":\"vllm\","
                        + "\"model\":\"llama-3.1-8b-instruct\",\"endpoint\":\"http://localhost:8000/v1\",\"params\":{\"max_tokens\":8192}}",
                        "--tenant", "acme").err())
                .as("acme's catalog override (a 4096-token output limit) decides")
                .contains("params.max_tokens 8192 is above the 4096-token output limit (max_output_tokens) of llama-3.1-8b-instruct");
        assertThat(runs.fails(llmcm, 5, "set", "models/anthropic/claude-sonnet", "{\"api_key\":\"sk-ant-inline\"}", "--tenant", "acme").err())
                .contains("api_key must be a secret reference").doesNotContain("sk-ant-inline");

        // routes: a cycle and a missing secret are refused, whichever write would cause them
        assertThat(runs.fails(llmcm, 5, "set", "routes/chat-small", "{\"targets\":[{\"model\":\"models/openai/gpt-4o-mini\",\"weight\":1}],"
                        + "\"fallbacks\":[{\"route\":\"chat\"}]}", "--tenant", "acme").err())
                .contains("chat-small → chat → chat-small");
        assertThat(runs.fails(llmcm, 5, "secret", "delete", "providers/anthropic", "--tenant", "acme").err())
                .contains("providers/anthropic");

        // promotion: the rollout becomes the default in one commit
        assertThat(runs.ok(llmcm, args("targeting", "promote", "models/openai/gpt-4o", "--rule", "gpt41-rollout", ACME_PROD)).out())
                .contains("gpt41-rollout");
        assertThat(runs.ok(llmcm, args("get", "models/openai/gpt-4o", ACME_PROD, "--output", "text")).out()).contains("\"model\":\"gpt-4.1\"");

        // a library template, checked before anything is written
        assertThat(runs.ok(llmcm, "template", "list", "--tenant", "acme").out()).contains("builtin/chat-service").contains("builtin/rag-pipeline");
        assertThat(runs.ok(llmcm, "template", "docs", "builtin/gateway-fallbacks", "--tenant", "acme").out()).startsWith("# ").contains("| ");

        // the same route from a server on the same store
        String local = runs.ok(llmcm, args("route", "explain", "chat", ACME_PROD, "--output", "json")).out();
        try (ServerProcess server = new ServerProcess(store, TOKEN)) {
            Llmcm remote = llmcm.without("LLMCM_STORE").env("LLMCM_SERVER", server.url()).env("LLMCM_TOKEN", TOKEN);
            assertThat(runs.ok(remote, args("route", "explain", "chat", ACME_PROD, "--output", "json")).out()).isEqualTo(local);
        }
    }

    /** Runs examples/load.sh with a one-line {@code llmcm} that starts the jar under test. */
    private String load(Path store) throws IOException, InterruptedException {
        Path wrapper = dir.resolve("llmcm");
        String cmd = Llmcm.javaCommand().stream().map(ExamplesIT::quoted).collect(Collectors.joining(" "));
        Files.writeString(wrapper, "#!/bin/sh\nexec " + cmd + " \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        ProcessBuilder pb = new ProcessBuilder("bash", EXAMPLES.resolve("load.sh").toString(), store.toString()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("LLMCM_") || k.endsWith("_API_KEY"));
        pb.environment().put("LLMCM", wrapper.toString());
        pb.environment().put("LLMCM_AUTHOR", "tester");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String[] args(String first, Object... rest) {
        List<String> out = new ArrayList<>();
        out.add(first);
        for (Object o : rest) {
            if (o instanceof String[] a) {
                out.addAll(List.of(a));
            } else {
                out.add((String) o);
            }
        }
        return out.toArray(String[]::new);
    }
}
