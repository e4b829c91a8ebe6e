package io.llmcm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.crypto.EnvironmentKeyProvider;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.Server;
import io.llmcm.store.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * llmcm prompt render and llmcm template list/show/set/docs/instantiate, on a local store (in
 * process) and against a server started in this JVM over another store set up the same way:
 * both print the same.
 */
class PromptTemplateCommandsTest {
    private static final String TOKEN = "cli-test-bootstrap-token-0123456789";

    @TempDir
    Path dir;

    private void files() throws IOException {
        Files.writeString(dir.resolve("prompts-schema.yaml"), "pattern: \"prompts/**\"\nchecks: [\"llm-prompt\"]\n");
        Files.writeString(dir.resolve("templates-schema.yaml"), "pattern: \"templates/**\"\nchecks: [\"config-template\"]\n");
        Files.writeString(dir.resolve("support-1.yaml"), """
                version: 1.0.0
                variables:
                  product: {type: string, required: true}
                  steps: {type: integer, default: 3}
                template: "Help with {{product}} in {{steps}} steps."
                variants:
                  short: {template: "{{product}}!", weight: 50}
                """);
        Files.writeString(dir.resolve("support-2.yaml"), """
                version: 1.1.0
                variables:
                  product: {type: string, required: true}
                messages:
                  - {role: system, content: "You support {{product}}."}
                  - {role: user, content: "Hi"}
                """);
        Files.writeString(dir.resolve("team-chat.yaml"), """
                version: 1.2.0
                description: Team chat on the built-in chat service.
                extends: builtin/chat-service
                variables:
                  max_tokens: {default: 512}
                """);
        Files.writeString(dir.resolve("vars.yaml"), "temperature: 0.3\n");
        Files.writeString(dir.resolve("chat-copy.yaml"), io.llmcm.core.format.Format.YAML.write(io.llmcm.core.llm.template.Library.get("chat-service")));
    }

    /** The same set-up through the CLI, on a store or a server. */
    private static void setUp(Llmcm llmcm, Path dir) {
        llmcm.run("schema", "set", "prompts", dir.resolve("prompts-schema.yaml").toString()).ok();
        llmcm.run("schema", "set", "templates", dir.resolve("templates-schema.yaml").toString()).ok();
        llmcm.run("set", "prompts/support", "@" + dir.resolve("support-1.yaml"), "--tenant", "acme").ok();
        llmcm.run("set", "prompts/support", "@" + dir.resolve("support-2.yaml"), "--tenant", "acme").ok();
        assertThat(llmcm.run("template", "set", "team-chat", dir.resolve("team-chat.yaml").toString(), "--tenant", "acme").ok().out())
                .startsWith("template team-chat 1.2.0 set in tenant acme at revision ");
        llmcm.run("template", "set", "chat-copy", dir.resolve("chat-copy.yaml").toString(), "--tenant", "acme").ok();
    }

    /** Reads whose output must be the same locally and remotely. */
    private static final List<List<String>> READS = List.of(
            List.of("prompt", "render", "prompts/support", "--var", "product=Widgets", "--tenant", "acme", "--env", "prod"),
            List.of("prompt", "render", "prompts/support", "--var", "product=W", "--var", "steps=5", "--version", "1.0.0", "--tenant", "acme"),
            List.of("prompt", "render", "prompts/support", "--var", "product=W", "--version", "1.0.0", "--variant", "short", "--tenant", "acme", "--output", "json"),
            List.of("template", "list", "--tenant", "acme"),
            List.of("template", "show", "builtin/gateway-fallbacks"),
            List.of("template", "show", "team-chat", "--tenant", "acme", "--output", "json"),
            List.of("template", "show", "chat-copy", "--tenant", "acme"),
            List.of("template", "docs", "team-chat", "--tenant", "acme"),
            List.of("template", "docs", "builtin/rag-pipeline", "--tenant", "acme"));

    @Test
    void localAndRemoteFormsPrintTheSame() throws IOException {
        files();
        Llmcm local = Llmcm.inProcess(dir.resolve("data"));
        local.run("init").ok();
        local.run("tenant", "create", "acme").ok();
        setUp(local, dir);

        assertThat(local.run(READS.get(0).toArray(String[]::new)).ok().out()).isEqualTo("[system]\nYou support Widgets.\n[user]\nHi\n");
        assertThat(local.run(READS.get(1).toArray(String[]::new)).ok().out()).isEqualTo("Help with W in 5 steps.\n");
        assertThat(local.run(READS.get(2).toArray(String[]::new)).ok().out()).contains("\"text\": \"W!\"").contains("\"variant\": \"short\"")
                .contains("\"version\": \"1.0.0\"");
        assertThat(local.run(READS.get(3).toArray(String[]::new)).ok().out())
                .contains("builtin/chat-service").contains("builtin/rag-pipeline").contains("builtin/gateway-fallbacks")
                .containsPattern("team-chat +1\\.2\\.0 +own +Team chat on the built-in chat service\\.");
        assertThat(local.run(READS.get(6).toArray(String[]::new)).ok().out()).as("references stay as written")
                .contains("default: \"${secret:providers/openai}\"");
        assertThat(local.run(READS.get(7).toArray(String[]::new)).ok().out())
                .startsWith("# Template `acme:team-chat`\n\nTeam chat on the built-in chat service.\n\n- **Version:** 1.2.0\n- **Extends:** `builtin/chat-service`\n")
                .contains("| `max_tokens` | integer | `512` | no | — | Most tokens per answer |")
                .contains("| `environment` | string | — | no | `environment` | Target environment (tagged on cost events) |");

        // failures: every variable problem at once (exit 5); an unknown version (exit 3)
        Llmcm.Result missing = local.run("prompt", "render", "prompts/support", "--var", "prodct=x", "--tenant", "acme").fails(5);
        assertThat(missing.err()).contains("variable 'product' is required but was not given").contains("variable 'prodct' was given but is not declared");
        assertThat(local.run("prompt", "render", "prompts/support", "--var", "product=x", "--version", "3.0.0", "--tenant", "acme").fails(3).err())
                .isEqualTo("llmcm: prompt prompts/support never had version 3.0.0 in acme:base; versions found: 1.0.0, 1.1.0\n");
        assertThat(local.run("prompt", "render", "prompts/support", "--var", "product", "--tenant", "acme").fails(2).err())
                .contains("--var takes NAME=VALUE");

        // instantiate: dry run, then for real with the environment, a vars file and a --var
        Llmcm.Result dry = local.run("template", "instantiate", "team-chat", "--tenant", "acme", "--env", "prod", "--dry-run").ok();
        assertThat(dry.out()).startsWith("dry run: template acme:team-chat 1.2.0 would write 2 entries into acme:prod (valid)\n")
                .contains("  models/openai/chat  {\"provider\":\"openai\",\"model\":\"gpt-4o\"");
        local.run("get", "models/openai/chat", "--tenant", "acme", "--env", "prod").fails(3);
        Llmcm withEnv = local.env("APP_MAX_TOKENS", "2048").env("APP_SERVICE", "support");
        Llmcm.Result done = withEnv.run("template", "instantiate", "team-chat", "--into-tenant", "acme", "--env", "prod",
                "--vars-from-env", "APP_", "--vars-file", dir.resolve("vars.yaml").toString(), "--var", "model=gpt-4o-mini").ok();
        assertThat(done.out()).startsWith("template acme:team-chat 1.2.0 instantiated into acme:prod at revision ")
                .contains("\n  models/openai/support\n  routes/support\n");
        assertThat(local.run("get", "models/openai/support", "--tenant", "acme", "--env", "prod").ok().out())
                .contains("\"max_tokens\": 2048").contains("\"temperature\": 0.3").contains("\"model\": \"gpt-4o-mini\"")
                .contains("\"api_key\": \"${secret:providers/openai}\"");
        assertThat(local.run("history", "models/openai/support", "--tenant", "acme").ok().out()).contains("instantiate template acme:team-chat 1.2.0");
        Llmcm.Result bad = local.run("template", "instantiate", "builtin/rag-pipeline", "--tenant", "acme", "--var", "top_k=many").fails(5);
        assertThat(bad.err()).contains("variable 'top_k' must be an integer, got a string").contains("variable 'vector_store_url' is required but was not given");

        // the same against a server over a store set up the same way
        Path serverStore = dir.resolve("server-data");
        Map<String, String> keyEnv = new java.util.HashMap<>(Map.of("LLMCM_MASTER_KEY", EnvironmentKeyProvider.newKey()));
        Repository repo = Repository.open(SqliteStore.open(serverStore, Duration.ofSeconds(5)),
                Repository.Options.defaults().withKeyProviders(r -> new EnvironmentKeyProvider("LLMCM_MASTER_KEY", keyEnv)));
        repo.initialize("test");
        repo.commit(ChangeRequest.by("test").add(new Mutation.PutTenant(new Tenant("acme", "global"))).build());
        try (Server server = Server.start(repo, Server.Options.defaults().withPort(0).withBootstrapToken(TOKEN))) {
            Llmcm remote = local.without("LLMCM_STORE").env("LLMCM_SERVER", "http://127.0.0.1:" + server.port()).env("LLMCM_TOKEN", TOKEN)
                    .env("LLMCM_CONFIG_DIR", dir.resolve("config").toString());
            setUp(remote, dir);
            for (List<String> read : READS) {
                String[] args = read.toArray(String[]::new);
                assertThat(remote.run(args).ok().out()).as(String.join(" ", read)).isEqualTo(local.run(args).ok().out());
            }
            Llmcm.Result rdry = remote.run("template", "instantiate", "team-chat", "--tenant", "acme", "--env", "prod", "--dry-run").ok();
            assertThat(rdry.out()).isEqualTo(dry.out());
            Llmcm.Result rdone = remote.env("APP_MAX_TOKENS", "2048").env("APP_SERVICE", "support").run("template", "instantiate", "team-chat", "--into-tenant", "acme",
                    "--env", "prod", "--vars-from-env", "APP_", "--vars-file", dir.resolve("vars.yaml").toString(), "--var", "model=gpt-4o-mini").ok();
            assertThat(rdone.out()).startsWith("template acme:team-chat 1.2.0 instantiated into acme:prod at revision ")
                    .endsWith("\n  models/openai/support\n  routes/support\n");
            assertThat(remote.run("prompt", "render", "prompts/support", "--var", "prodct=x", "--tenant", "acme").fails(5).err())
                    .contains("variable 'product' is required but was not given");
            assertThat(remote.run("template", "instantiate", "builtin/rag-pipeline", "--tenant", "acme", "--var", "top_k=many").fails(5).err())
                    .contains("variable 'top_k' must be an integer, got a string");
        }
    }
}
