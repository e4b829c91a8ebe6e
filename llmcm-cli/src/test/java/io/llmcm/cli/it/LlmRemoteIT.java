package io.llmcm.cli.it;

import static io.llmcm.cli.it.TokenSafeRuns.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.cli.Llmcm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code schema builtin}, {@code llm init} and {@code catalog} through the real jar against a
 * {@code llmcm serve} process, and the same reads locally on the same store once it stopped.
 */
class LlmRemoteIT {
    @TempDir
    Path dir;

    @RegisterExtension
    final TokenSafeRuns runs = new TokenSafeRuns();

    @Test
    void builtinSchemasAndTheCatalogOverAServer() {
        Path store = dir.resolve("data");
        Llmcm local = Llmcm.jar(store).env("LLMCM_CONFIG_DIR", dir.resolve("config").toString());
        String remoteCatalog;
        String remoteList;
        try (ServerProcess server = new ServerProcess(store, TOKEN)) {
            Llmcm remote = local.without("LLMCM_STORE").env("LLMCM_SERVER", server.url()).env("LLMCM_TOKEN", TOKEN);
            runs.ok(remote, "tenant", "create", "acme");
            runs.ok(remote, "tenant", "create", "beta");

            remoteList = runs.ok(remote, "schema", "builtin", "list").out();
            assertThat(remoteList).startsWith("openai ").contains("models/azure/**");
            assertThat(runs.ok(remote, "schema", "builtin", "apply", "anthropic", "-t", "beta", "--namespace", "claude", "-m", "claude only").out())
                    .isEqualTo("schema anthropic (claude/**) applied in tenant beta at revision 4\n");
            assertThat(runs.fails(remote, 5, "set", "claude/x",
                            "{\"provider\":\"anthropic\",\"model\":\"claude-3-5-haiku-20241022\",\"api_key\":\"${secret:k}\",\"params\":{\"max_tokens\":9000}}",
                            "-t", "beta").err())
                    .contains("params.max_tokens 9000 is above the 8192-token output limit (max_output_tokens) of claude-3-5-haiku-20241022");

            assertThat(runs.ok(remote, "llm", "init", "-t", "acme").out())
                    .endsWith("applied 11 built-in schemas in tenant acme at revision 5\n");
            assertThat(runs.fails(remote, 3, "schema", "builtin", "apply", "cohere", "-t", "acme").err())
                    .startsWith("llmcm: no built-in schema 'cohere'");

            runs.ok(remote, "set", "llm/catalog", "{\"models\":{\"gpt-4o\":{\"max_output_tokens\":8192}}}", "-t", "acme", "-e", "prod");
            remoteCatalog = runs.ok(remote, "catalog", "list", "-t", "acme", "-e", "prod").out();
            assertThat(remoteCatalog).contains("catalog as of 2025-06-01, with the overrides of acme:prod");
            assertThat(remoteCatalog.lines().filter(l -> l.startsWith("gpt-4o ")).findFirst().orElseThrow()).contains(" 8192 ");
            assertThat(runs.ok(remote, "catalog", "show", "meta.llama3-1-70b-instruct-v1:0", "-t", "acme").out())
                    .contains("\"provider\": \"bedrock\"").contains("\"max_output_tokens\": 2048");
            assertThat(runs.fails(remote, 3, "catalog", "show", "nope", "-t", "acme").err())
                    .startsWith("llmcm: model 'nope' is not in the catalog");
        }
        // the same store read locally prints the same
        assertThat(runs.ok(local, "catalog", "list", "-t", "acme", "-e", "prod").out()).isEqualTo(remoteCatalog);
        assertThat(runs.ok(local, "schema", "builtin", "list").out()).isEqualTo(remoteList);
    }
}
