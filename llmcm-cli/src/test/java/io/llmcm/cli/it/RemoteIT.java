package io.llmcm.cli.it;

import static io.llmcm.cli.it.TokenSafeRuns.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.cli.Llmcm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's remote mode through the real jar against a real {@code llmcm serve} process: every
 * remote command, their failures and exit codes, login and logout, and that the same reads print
 * the same text as local mode on the same store (read again locally once the server is stopped).
 * No output ever holds the token.
 */
class RemoteIT {
    @TempDir
    Path dir;

    @RegisterExtension
    final TokenSafeRuns runs = new TokenSafeRuns();

    @Test
    void everyRemoteCommandAgainstAServerProcess() throws IOException {
        Path store = dir.resolve("data");
        Path config = dir.resolve("config");
        Map<List<String>, String> remoteReads;
        List<List<String>> reads = List.of(
                List.of("tenant", "list"),
                List.of("get", "models/a", "-t", "acme", "-e", "prod"),
                List.of("get", "models/a", "-t", "acme", "-e", "prod", "--explain"),
                List.of("get", "models/a", "-t", "acme", "-e", "prod", "--explain", "--output", "json"),
                List.of("get", "models/a", "--output", "yaml"),
                List.of("get", "models/ref", "-t", "acme"),
                List.of("get", "models/ref", "-t", "acme", "--resolve"),
                List.of("get", "models/a", "-t", "acme", "-e", "prod", "--at", "4"),
                List.of("list", "-t", "acme", "-e", "prod", "--long"),
                List.of("list", "models", "-t", "acme", "-e", "prod", "--output", "json"),
                List.of("history", "models/a", "-t", "acme"),
                List.of("history", "models/a", "-t", "acme", "--output", "json", "--limit", "2"),
                List.of("diff", "--from", "2", "-t", "acme"),
                List.of("diff", "--from", "2", "--to", "5", "-t", "acme", "--output", "json"),
                List.of("secret", "get", "providers/openai/key", "-t", "acme"),
                List.of("secret", "get", "providers/openai/key", "-t", "acme", "--reveal"),
                List.of("secret", "list", "-t", "acme"),
                List.of("secret", "list", "-t", "acme", "--output", "json"),
                List.of("export", "-t", "acme", "-e", "prod"),
                List.of("export", "models", "-t", "acme", "-e", "prod", "--format", "yaml"),
                List.of("export", "-t", "acme", "-e", "prod", "--raw"),
                List.of("export", "limits", "-t", "acme", "-e", "prod", "--format", "toml"));
        Llmcm local = Llmcm.jar(store).env("LLMCM_CONFIG_DIR", config.toString());
        String url;
        try (ServerProcess server = new ServerProcess(store, TOKEN)) {
            url = server.url();
            Llmcm remote = local.without("LLMCM_STORE").env("LLMCM_SERVER", url).env("LLMCM_TOKEN", TOKEN);

            assertThat(runs.ok(remote, "tenant", "create", "acme").out()).isEqualTo("created tenant acme (parent global) at revision 2\n");
            assertThat(runs.ok(remote, "set", "models/a", "{\"t\":0.7,\"m\":\"x\"}").out()).isEqualTo("set global:base models/a at revision 3\n");
            assertThat(runs.ok(remote, "set", "models/a", "{\"t\":0.2}", "-t", "acme", "-e", "prod", "-m", "calmer").out())
                    .isEqualTo("set acme:prod models/a at revision 4\n");
            Path prompt = dir.resolve("system.txt");
            Files.writeString(prompt, "Be brief.\n");
            assertThat(runs.ok(remote, "set", "prompts/sys", "@" + prompt, "-t", "acme").out()).isEqualTo("set acme:base prompts/sys at revision 5\n");
            assertThat(runs.okWithInput(remote, "{\"t\": \"${config:models/a#/t}\"}", "set", "models/ref", "-", "-t", "acme").out())
                    .isEqualTo("set acme:base models/ref at revision 6\n");
            assertThat(runs.okWithInput(remote, "sk-live-123\n", "secret", "set", "providers/openai/key", "-", "-t", "acme", "-m", "first key").out())
                    .isEqualTo("set secret acme:base providers/openai/key at revision 7\n");
            assertThat(runs.ok(remote, "secret", "set", "tokens/ci", "{\"user\":\"ci\"}", "--format", "json", "-t", "acme", "--expires", "30d").out())
                    .isEqualTo("set secret acme:base tokens/ci at revision 8\n");

            // reads print what local mode prints (compared below, once the server is stopped)
            assertThat(runs.ok(remote, "get", "models/a", "-t", "acme", "-e", "prod").out()).isEqualTo("{\n  \"t\": 0.2,\n  \"m\": \"x\"\n}\n");
            assertThat(runs.ok(remote, "get", "prompts/sys", "-t", "acme").out()).isEqualTo("Be brief.\n");
            assertThat(runs.ok(remote, "get", "models/ref", "-t", "acme").out()).contains("${config:models/a#/t}");
            assertThat(runs.ok(remote, "get", "models/ref", "-t", "acme", "--resolve").out()).isEqualTo("{\n  \"t\": 0.7\n}\n");
            assertThat(runs.ok(remote, "secret", "get", "providers/openai/key", "-t", "acme").out())
                    .contains("\"secret\": \"***\"").contains("\"version\": 7").doesNotContain("sk-live");
            assertThat(runs.ok(remote, "secret", "get", "providers/openai/key", "-t", "acme", "--reveal").out()).isEqualTo("sk-live-123\n");
            assertThat(runs.ok(remote, "secret", "get", "tokens/ci", "-t", "acme", "--reveal", "--output", "json").out()).isEqualTo("{\n  \"user\": \"ci\"\n}\n");
            assertThat(runs.ok(remote, "list", "-t", "acme").out()).isEqualTo("models/a\nmodels/ref\nprompts/sys\nproviders/openai/key\ntokens/ci\n");
            assertThat(runs.ok(remote, "secret", "list", "-t", "acme").out())
                    .startsWith("providers/openai/key  7  text  key 1  ").contains("no expiry").contains("tokens/ci             8  json  key 1  ");
            assertThat(runs.ok(remote, "history", "models/a", "-t", "acme").out()).matches("4  \\S+Z  bootstrap  prod  put  calmer\n");
            assertThat(runs.ok(remote, "diff", "--from", "3", "--to", "4", "-t", "acme").out()).isEqualTo("+ models/a [prod]\n    + (root): {\"t\":0.2}\n");

            // compare-and-set: --if-revision means "the entry is at this revision", as locally
            assertThat(runs.fails(remote, 4, "set", "models/a", "{\"t\":0.1}", "-t", "acme", "-e", "prod", "--if-revision", "3").err())
                    .isEqualTo("llmcm: acme:prod models/a is at revision 4, expected revision 3; re-read it and retry\n");
            assertThat(runs.fails(remote, 4, "set", "models/a", "{\"t\":0.1}", "-t", "acme", "-e", "prod", "--if-revision", "5").err())
                    .contains("is at revision 4, expected revision 5");
            assertThat(runs.fails(remote, 4, "set", "models/a", "{\"t\":0.1}", "-t", "acme", "-e", "prod", "--if-revision", "0").err())
                    .contains("is at revision 4, expected absent");
            assertThat(runs.fails(remote, 4, "secret", "set", "providers/openai/key", "new", "-t", "acme", "--if-revision", "0").err()).startsWith("llmcm: ");
            assertThat(runs.fails(remote, 4, "delete", "models/a", "-t", "acme", "-e", "prod", "--if-revision", "3").err()).contains("expected revision 3");
            assertThat(runs.ok(remote, "set", "models/a", "{\"t\":0.1}", "-t", "acme", "-e", "prod", "--if-revision", "4").out())
                    .isEqualTo("set acme:prod models/a at revision 9\n");
            assertThat(runs.ok(remote, "set", "models/a", "{\"t\":0.1}", "-t", "acme", "-e", "prod").out())
                    .isEqualTo("unchanged acme:prod models/a (revision 9)\n");

            // failures: exit codes as in local mode, the server's detail, never a stack trace
            assertThat(runs.fails(remote, 3, "get", "models/a", "-t", "nope").err()).isEqualTo("llmcm: unknown tenant 'nope'\n");
            runs.fails(remote, 3, "get", "models/none", "-t", "acme");
            runs.fails(remote, 3, "history", "models/none", "-t", "acme");
            assertThat(runs.fails(remote, 2, "set", "providers/openai/key", "\"plain\"", "-t", "acme").err()).contains("holds a secret in layer acme:base");
            runs.fails(remote, 2, "secret", "get", "models/a");
            assertThat(runs.fails(remote.env("LLMCM_TOKEN", "wrong-token"), 6, "list").err())
                    .startsWith("llmcm: the server " + url + " refused the token from $LLMCM_TOKEN");
            assertThat(runs.fails(remote.without("LLMCM_TOKEN"), 6, "tenant", "list").err()).contains("needs a token");
            assertThat(runs.fails(remote, 2, "get", "models/a", "--raw").err()).contains("llmcm get --raw does not work with --server yet");
            assertThat(runs.fails(remote, 2, "list", "--raw").err()).contains("does not work with --server yet");
            assertThat(runs.fails(remote, 2, "set", "k", "1", "--author", "someone").err()).contains("--author does not work with a server");
            assertThat(runs.fails(remote, 2, "list", "--server", url, "--store", store.toString()).err()).contains("give --server or --store, not both");
            assertThat(runs.fails(remote, 2, "list", "--server", "ftp://x").err()).contains("is not an http:// or https:// URL");

            // writes that remove, on keys the reads below do not use
            runs.ok(remote, "set", "flags/x", "1", "-t", "acme");
            runs.ok(remote, "set", "flags/x", "2", "-t", "acme");
            assertThat(runs.ok(remote, "rollback", "flags", "--to", "10", "-t", "acme", "-m", "back").out())
                    .isEqualTo("rolled back flags in tenant acme to revision 10 at revision 12\n");
            assertThat(runs.ok(remote, "rollback", "flags", "--to", "10", "-t", "acme").out())
                    .isEqualTo("nothing to roll back: flags in tenant acme already matches revision 10\n");
            assertThat(runs.fails(remote, 3, "rollback", "flags", "--to", "no-such-tag", "-t", "acme").err()).isEqualTo("llmcm: no tag 'no-such-tag' in tenant 'acme'\n");
            assertThat(runs.ok(remote, "delete", "flags/x", "-t", "acme").out()).isEqualTo("deleted acme:base flags/x at revision 13\n");
            runs.fails(remote, 3, "delete", "flags/x", "-t", "acme");
            runs.okWithInput(remote, "tmp", "secret", "set", "tmp/s", "-", "-t", "acme");
            assertThat(runs.ok(remote, "secret", "delete", "tmp/s", "-t", "acme").out()).isEqualTo("deleted secret acme:base tmp/s at revision 15\n");
            runs.fails(remote, 3, "secret", "delete", "tmp/s", "-t", "acme");
            runs.fails(remote, 2, "secret", "delete", "models/a", "-t", "acme", "-e", "prod");
            assertThat(runs.ok(remote, "tenant", "create", "beta", "--parent", "acme").out()).isEqualTo("created tenant beta (parent acme) at revision 16\n");
            runs.fails(remote, 4, "tenant", "create", "beta");
            assertThat(runs.ok(remote, "tenant", "list").out()).isEqualTo("global\n  acme\n    beta\n");
            assertThat(runs.ok(remote, "tenant", "delete", "beta", "-m", "gone").out()).startsWith("deleted tenant beta and destroyed its keys (revision ");
            runs.fails(remote, 3, "tenant", "delete", "beta");
            Path limits = dir.resolve("limits.yaml");
            Files.writeString(limits, "rpm: 100\ntpm: 2000\n");
            assertThat(runs.ok(remote, "import", limits.toString(), "--into", "limits", "-t", "acme", "-e", "prod").out())
                    .startsWith("imported 2 keys under limits at revision ");
            assertThat(runs.ok(remote, "get", "limits/tpm", "-t", "acme", "-e", "prod").out()).isEqualTo("2000\n");

            remoteReads = runs.outputs(remote, reads);
            assertThat(server.output()).doesNotContain(TOKEN);
        }
        // the server is gone: a clear failure, exit 1
        assertThat(runs.fails(local.without("LLMCM_STORE").env("LLMCM_TOKEN", TOKEN), 1, "list", "--server", url).err())
                .isEqualTo("llmcm: cannot connect to " + url + " (connection refused); is the server running?\n");

        // the same reads in local mode on the store the server wrote: the same text
        runs.sameLocally(local, remoteReads);
    }

    @Test
    void loginSavesTheServerAndTokenForLaterCommandsAndLogoutForgetsThem() throws IOException {
        Path store = dir.resolve("data");
        Path config = dir.resolve("config");
        Path profile = config.resolve("profile.json");
        try (ServerProcess server = new ServerProcess(store, TOKEN)) {
            String url = server.url();
            Llmcm cli = Llmcm.jar(store).without("LLMCM_STORE").env("LLMCM_CONFIG_DIR", config.toString());

            // a wrong token is refused and nothing is saved
            assertThat(runs.record(cli.runWithInput("wrong-token\n", "login", "--server", url).fails(6)).err())
                    .isEqualTo("llmcm: the server " + url + " refused the token (authentication required: the bearer token is not valid (unknown, expired or revoked))\n");
            assertThat(profile).doesNotExist();
            assertThat(runs.record(cli.run("login", "--server", url).fails(2)).err()).contains("give the token on standard input or with --token");

            assertThat(runs.okWithInput(cli, TOKEN + "\n", "login", "--server", url + "/").out())
                    .isEqualTo("logged in to " + url + " (1 tenant visible); saved in " + profile + "\n");
            assertThat(Files.getPosixFilePermissions(profile)).isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            assertThat(Files.getPosixFilePermissions(config)).doesNotContain(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
            assertThat(Files.readString(profile)).contains("\"server\": \"" + url + "\"");

            // later commands use the profile: its server and its token
            assertThat(runs.ok(cli, "set", "k", "{\"a\":1}").out()).isEqualTo("set global:base k at revision 2\n");
            assertThat(runs.ok(cli, "get", "k", "--output", "text").out()).isEqualTo("{\"a\":1}\n");
            assertThat(runs.ok(cli, "tenant", "list").out()).isEqualTo("global\n");
            // the profile's token goes only to the profile's server
            String other = "http://localhost:" + server.port();
            assertThat(runs.fails(cli, 6, "tenant", "list", "--server", other).err()).contains("the server " + other + " needs a token");
            assertThat(runs.ok(cli.env("LLMCM_TOKEN", TOKEN), "tenant", "list", "--server", other).out()).isEqualTo("global\n");
            // $LLMCM_TOKEN overrides the profile's token; --store overrides the profile's server
            assertThat(runs.fails(cli.env("LLMCM_TOKEN", "wrong-token"), 6, "get", "k").err()).contains("refused the token from $LLMCM_TOKEN");
            runs.fails(cli, 1, "get", "k", "--store", dir.resolve("none").toString());

            // --token works too (and replaces the profile); a failed login leaves the profile as it was
            String before = Files.readString(profile);
            runs.fails(cli, 6, "login", "--server", url, "--token", "wrong-token");
            assertThat(Files.readString(profile)).isEqualTo(before);
            assertThat(runs.ok(cli, "login", "--server", url, "--token", TOKEN).out()).startsWith("logged in to " + url);

            assertThat(runs.ok(cli, "logout").out()).isEqualTo("logged out of " + url + " (removed " + profile + ")\n");
            assertThat(profile).doesNotExist();
            assertThat(runs.ok(cli, "logout").out()).isEqualTo("not logged in (no " + profile + ")\n");
            // without the profile, commands are local again
            assertThat(runs.fails(cli.env("LLMCM_STORE", dir.resolve("none").toString()), 1, "list").err()).contains("no store at");
        }
    }
}
