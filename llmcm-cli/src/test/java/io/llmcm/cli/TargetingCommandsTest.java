package io.llmcm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.Server;
import io.llmcm.store.sqlite.SqliteStore;
import java.time.Duration;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * get --context, get --context --explain, targeting list and targeting promote: locally on a
 * SQLite store, and the same command lines with --server against a real server.
 */
class TargetingCommandsTest {
    private static final String TOKEN = "targeting-cli-test-token-0123456789";
    private static final String VALUE = """
            {"model":"gpt-4o","temperature":0.2,"$targeting":[
              {"name":"eu-users","when":"ctx.region == 'eu'","set":{"endpoint":"https://eu.example/v1"}},
              {"name":"gpt41-rollout","rollout":{"percent":100,"by":"user_id"},"set":{"model":"gpt-4.1"}}]}""";

    @TempDir
    Path dir;

    @Test
    void locally() {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        llmcm.run("tenant", "create", "acme").ok();
        llmcm.run("set", "models/chat", VALUE, "-t", "acme", "-e", "prod").ok();
        exercise(llmcm);
    }

    @Test
    void againstAServer() {
        Repository repo = Repository.open(SqliteStore.open(dir.resolve("server"), Duration.ofSeconds(5)));
        repo.initialize("test");
        repo.commit(ChangeRequest.by("test").add(new Mutation.PutTenant(new Tenant("acme", "global"))).build());
        try (Server server = Server.start(repo, Server.Options.defaults().withBootstrapToken(TOKEN).withPort(0))) {
            Llmcm llmcm = Llmcm.inProcess(dir.resolve("unused")).env("LLMCM_TOKEN", TOKEN);
            String url = "http://127.0.0.1:" + server.port();
            llmcm.run("set", "models/chat", VALUE, "-t", "acme", "-e", "prod", "--server", url).ok();
            exercise(new ServerRuns(llmcm, url));
        }
    }

    /** The same checks whichever way the commands reach the store. */
    private static void exercise(Runs llmcm) {
        String plain = llmcm.run("get", "models/chat", "-t", "acme", "-e", "prod").ok().out();
        assertThat(plain).contains("\"gpt-4o\"").doesNotContain("$targeting").doesNotContain("endpoint");
        assertThat(llmcm.run("get", "models/chat", "-t", "acme", "-e", "prod", "--context", "region=eu").ok().out())
                .contains("https://eu.example/v1").contains("\"gpt-4o\"");
        assertThat(llmcm.run("get", "models/chat", "-t", "acme", "-e", "prod", "--context", "user_id=42").ok().out())
                .contains("\"gpt-4.1\"");
        assertThat(llmcm.run("get", "models/chat", "-t", "acme", "-e", "prod", "--context", "user_id=42", "--resolve").ok().out())
                .contains("\"gpt-4.1\"");

        String explain = llmcm.run("get", "models/chat", "-t", "acme", "-e", "prod", "--context", "user_id=42", "--explain").ok().out();
        assertThat(explain).containsPattern("/model\\s+\"gpt-4.1\"\\s+acme:prod@\\d+ rule gpt41-rollout\n")
                .containsPattern("/temperature\\s+0.2\\s+acme:prod@\\d+\n")
                .contains("rules fired:\n  acme:prod/gpt41-rollout\n");
        assertThat(llmcm.run("get", "models/chat", "-t", "acme", "-e", "prod", "--context", "user_id=42", "--explain", "--output", "json").ok().out())
                .contains("\"rule\": \"gpt41-rollout\"");

        assertThat(llmcm.run("get", "models/chat", "-t", "acme", "-e", "prod", "--context", "region").fails(2).err())
                .contains("context attribute 'region' must be NAME=VALUE");
        assertThat(llmcm.run("get", "models/chat", "-t", "acme", "-e", "prod", "--context", "region=eu", "--raw").fails(2).err())
                .contains("--raw and --context cannot be combined");

        String list = llmcm.run("targeting", "list", "models/chat", "-t", "acme", "-e", "prod").ok().out();
        assertThat(list).containsPattern("acme:prod@\\d+\n")
                .containsPattern("  eu-users\\s+when ctx.region == 'eu'\\s+set \\{\"endpoint\":\"https://eu.example/v1\"}\n")
                .containsPattern("  gpt41-rollout\\s+100% by user_id\\s+set \\{\"model\":\"gpt-4.1\"}\n");
        assertThat(llmcm.run("targeting", "list", "models/chat", "-t", "acme", "-e", "prod", "--output", "json").ok().out())
                .contains("\"by\": \"user_id\"");

        assertThat(llmcm.run("targeting", "promote", "models/chat", "--rule", "nope", "-t", "acme", "-e", "prod").fails(3).err())
                .contains("no targeting rule 'nope'");
        assertThat(llmcm.run("targeting", "promote", "models/chat", "--rule", "gpt41-rollout", "-t", "acme", "-e", "prod", "--if-revision", "1")
                .fails(4).err()).contains("expected revision 1");
        assertThat(llmcm.run("targeting", "promote", "models/chat", "--rule", "gpt41-rollout", "-t", "acme", "-e", "prod", "-m", "ship it")
                .ok().out()).startsWith("promoted rule gpt41-rollout of models/chat in acme:prod (revision ");
        assertThat(llmcm.run("get", "models/chat", "-t", "acme", "-e", "prod").ok().out()).contains("\"gpt-4.1\"");
        assertThat(llmcm.run("history", "models/chat", "-t", "acme").ok().out()).contains("ship it");
        assertThat(llmcm.run("targeting", "list", "models/chat", "-t", "acme", "-e", "prod").ok().out())
                .contains("eu-users").doesNotContain("gpt41-rollout");
    }

    /** Runs command lines. */
    interface Runs {
        Llmcm.Result run(String... args);
    }

    /** Every command line with --server URL appended. */
    private record ServerRuns(Llmcm llmcm, String url) implements Runs {
        @Override
        public Llmcm.Result run(String... args) {
            String[] all = java.util.Arrays.copyOf(args, args.length + 2);
            all[args.length] = "--server";
            all[args.length + 1] = url;
            return llmcm.run(all);
        }
    }

    private static void exercise(Llmcm llmcm) {
        exercise((Runs) llmcm::run);
    }
}
