package io.llmcm.cli.it;

import static io.llmcm.cli.it.TokenSafeRuns.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.cli.Llmcm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote forms of {@code secret history}, {@code secret rollback} and {@code validate} through
 * the real jar against a real {@code llmcm serve} process: their answers, their failures (one line,
 * the local exit code), no secret value in anything they print, and the same text as local mode on
 * the store the server wrote.
 */
class RemoteSecretsIT {
    /** Every secret value here starts so: no output but an explicit --reveal may hold it. */
    private static final String PLAIN = "sk-live-";

    @TempDir
    Path dir;

    @RegisterExtension
    final TokenSafeRuns runs = new TokenSafeRuns();

    @Test
    void secretHistoryRollbackAndValidateAgainstAServerProcess() throws IOException {
        Path store = dir.resolve("data");
        List<List<String>> reads = List.of(
                List.of("secret", "history", "providers/openai/key", "-t", "acme"),
                List.of("secret", "history", "providers/openai/key", "-t", "acme", "--output", "json"),
                List.of("secret", "history", "providers/openai/key", "-t", "acme", "--limit", "2", "--output", "json"),
                List.of("validate", "models/a", "{\"t\":1.5}", "-t", "acme", "-e", "prod"),
                List.of("validate", "models/a", "{\"t\":1.5,\"key\":\"${secret:providers/openai/key}\"}", "-t", "acme"),
                List.of("validate", "prompts/sys", "Be brief.", "--format", "text", "-t", "acme"),
                List.of("validate", "providers/openai/key", "--delete", "-t", "acme"),
                List.of("validate", "models/a", "--delete", "-t", "acme"));
        Map<List<String>, String> remoteReads;
        Llmcm local = Llmcm.jar(store).env("LLMCM_CONFIG_DIR", dir.resolve("config").toString());
        try (ServerProcess server = new ServerProcess(store, TOKEN)) {
            String url = server.url();
            Llmcm remote = local.without("LLMCM_STORE").env("LLMCM_SERVER", url).env("LLMCM_TOKEN", TOKEN);
            runs.ok(remote, "tenant", "create", "acme");
            runs.okWithInput(remote, PLAIN + "111\n", "secret", "set", "providers/openai/key", "-", "-t", "acme", "-m", "first key");
            runs.okWithInput(remote, PLAIN + "222\n", "secret", "set", "providers/openai/key", "-", "-t", "acme", "-e", "prod", "--expires", "2099-01-01");
            runs.okWithInput(remote, PLAIN + "333\n", "secret", "set", "providers/openai/key", "-", "-t", "acme", "-m", "second key");
            runs.ok(remote, "set", "models/a", "{\"t\":1}", "-t", "acme");
            Path schema = dir.resolve("m.schema.yaml");
            Files.writeString(schema, "schema:\n  type: object\n  properties:\n    t: {type: number, maximum: 2}\n");
            runs.ok(remote, "schema", "set", "m", schema.toString(), "--pattern", "models/**", "-t", "acme");

            // secret history: versions, kinds and data keys; never a value
            assertThat(masked(runs.ok(remote, "secret", "history", "providers/openai/key", "-t", "acme").out()))
                    .matches("5  \\S+Z  bootstrap  base  put  text key 1  second key\n"
                            + "4  \\S+Z  bootstrap  prod  put  text key 1\n"
                            + "3  \\S+Z  bootstrap  base  put  text key 1  first key\n");
            assertThat(masked(runs.ok(remote, "secret", "history", "providers/openai/key", "-t", "acme", "--output", "json").out()))
                    .contains("\"kind\": \"text\"", "\"key\": 1", "\"expires\": \"2099-01-01T00:00:00Z\"", "\"expires\": null");
            assertThat(runs.fails(remote, 3, "secret", "history", "providers/none", "-t", "acme").err())
                    .isEqualTo("llmcm: providers/none has no history in tenant acme\n");
            assertThat(runs.fails(remote, 2, "secret", "history", "models/a", "-t", "acme").err())
                    .isEqualTo("llmcm: models/a holds configuration in tenant acme, not a secret; see llmcm history\n");
            assertThat(runs.fails(remote, 3, "secret", "history", "providers/openai/key", "-t", "nope").err()).isEqualTo("llmcm: unknown tenant 'nope'\n");

            // validate: the commits route's dry run, nothing stored
            assertThat(runs.ok(remote, "validate", "models/a", "{\"t\":1.5}", "-t", "acme").out())
                    .startsWith("valid\n  acme:base     models/a  {\"t\":1.5}\n").contains("  acme:prod     models/a  {\"t\":1.5}\n");
            assertThat(runs.fails(remote, 5, "validate", "models/a", "{\"t\":3}", "-t", "acme").err())
                    .startsWith("llmcm: validation failed").contains("/t: ").contains("[schema m]");
            assertThat(masked(runs.ok(remote, "validate", "providers/openai/key", "--delete", "-t", "acme").out())).startsWith("valid\n");
            assertThat(runs.fails(remote, 3, "validate", "models/a", "1", "-t", "nope").err()).isEqualTo("llmcm: unknown tenant 'nope'\n");
            assertThat(runs.fails(remote, 4, "validate", "models/a", "{\"t\":1.5}", "-t", "acme", "--if-revision", "3").err())
                    .isEqualTo("llmcm: acme:base models/a is at revision 6, expected revision 3; re-read it and retry\n");
            assertThat(runs.fails(remote, 2, "validate", "models/a", "1", "-t", "acme", "--author", "someone").err())
                    .contains("--author does not work with a server");
            String viewer = ApiKeys.issue(url, TOKEN, "acme", "viewer");
            assertThat(runs.fails(remote.env("LLMCM_TOKEN", viewer), 6, "validate", "models/a", "1", "-t", "acme").err())
                    .startsWith("llmcm: permission denied by " + url + ": ");

            // secret rollback: back to the first key in base, prod's layer (set after revision 3) deleted; the viewer key above was revision 8
            assertThat(runs.ok(remote, "secret", "rollback", "providers/openai/key", "--to", "3", "-t", "acme").out())
                    .isEqualTo("rolled back secret providers/openai/key in tenant acme to revision 3 at revision 9\n");
            assertThat(runs.ok(remote, "secret", "rollback", "providers/openai/key", "--to", "3", "-t", "acme").out())
                    .isEqualTo("nothing to roll back: secret providers/openai/key in tenant acme already matches revision 3\n");
            assertThat(runs.ok(remote, "secret", "get", "providers/openai/key", "-t", "acme", "--reveal").out()).isEqualTo(PLAIN + "111\n");
            assertThat(runs.ok(remote, "history", "providers/openai/key", "-t", "acme", "--limit", "2").out())
                    .contains("rollback providers/openai/key to revision 3");
            assertThat(runs.fails(remote, 3, "secret", "rollback", "providers/openai/key", "--to", "no-such-tag", "-t", "acme").err())
                    .isEqualTo("llmcm: no tag 'no-such-tag' in tenant 'acme'\n");
            assertThat(runs.fails(remote, 2, "secret", "rollback", "models/a", "--to", "7", "-t", "acme").err())
                    .isEqualTo("llmcm: models/a holds configuration in tenant acme, not a secret; see llmcm rollback\n");
            assertThat(runs.fails(remote, 3, "secret", "rollback", "providers/none", "--to", "3", "-t", "acme").err())
                    .isEqualTo("llmcm: providers/none is not set in tenant acme, now or at revision 3\n");
            assertThat(runs.fails(remote, 2, "secret", "rollback", "providers/openai/key", "--to", "3", "-t", "acme", "--author", "x").err())
                    .contains("--author does not work with a server");

            remoteReads = runs.outputs(remote, reads);
            remoteReads.values().forEach(RemoteSecretsIT::masked);
        }
        // the same commands in local mode on the store the server wrote: the same text
        runs.sameLocally(local, remoteReads);
    }

    private static String masked(String out) {
        assertThat(out).doesNotContain(PLAIN);
        return out;
    }
}
