package io.llmcm.cli.it;

import static io.llmcm.cli.it.TokenSafeRuns.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.cli.Llmcm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Targeting through the real jar: rules written and read with a context locally, then the same
 * reads, the listing and a promotion against a {@code llmcm serve} process, then read locally again.
 */
class TargetingIT {
    @TempDir
    Path dir;

    @RegisterExtension
    final TokenSafeRuns runs = new TokenSafeRuns();

    @Test
    void rulesFireLocallyAndThroughAServerAndPromotionIsOneCommit() {
        Path store = dir.resolve("data");
        Llmcm local = Llmcm.jar(store);
        runs.ok(local, "init");
        runs.ok(local, "tenant", "create", "acme");
        runs.ok(local, "set", "models/chat", """
                {"model":"gpt-4o","$targeting":[
                  {"name":"eu-users","when":"ctx.region == 'eu'","set":{"endpoint":"https://eu.example/v1"}},
                  {"name":"gpt41","rollout":{"percent":100,"by":"user_id"},"set":{"model":"gpt-4.1"}}]}""", "-t", "acme", "-e", "prod");
        assertThat(runs.fails(local, 5, "set", "models/bad", "{\"$targeting\":[{\"name\":\"x\",\"set\":{}}]}").err())
                .contains("/$targeting/0: a rule needs when, rollout or both");
        String localEu = runs.ok(local, "get", "models/chat", "-t", "acme", "-e", "prod", "--context", "region=eu").out();
        assertThat(localEu).contains("https://eu.example/v1");
        String localExplain = runs.ok(local, "get", "models/chat", "-t", "acme", "-e", "prod", "--context", "user_id=42", "--explain").out();
        assertThat(localExplain).containsPattern("/model\\s+\"gpt-4.1\"\\s+acme:prod@3 rule gpt41\n");

        try (ServerProcess server = new ServerProcess(store, TOKEN)) {
            Llmcm remote = local.without("LLMCM_STORE").env("LLMCM_SERVER", server.url()).env("LLMCM_TOKEN", TOKEN);
            assertThat(runs.ok(remote, "get", "models/chat", "-t", "acme", "-e", "prod", "--context", "region=eu").out()).isEqualTo(localEu);
            assertThat(runs.ok(remote, "get", "models/chat", "-t", "acme", "-e", "prod", "--context", "user_id=42", "--explain").out())
                    .isEqualTo(localExplain);
            assertThat(runs.ok(remote, "get", "models/chat", "-t", "acme", "-e", "prod").out()).isEqualTo("{\n  \"model\": \"gpt-4o\"\n}\n");
            assertThat(runs.ok(remote, "targeting", "list", "models/chat", "-t", "acme", "-e", "prod").out())
                    .startsWith("acme:prod@3\n").contains("eu-users").contains("100% by user_id");
            assertThat(runs.ok(remote, "targeting", "promote", "models/chat", "--rule", "gpt41", "-t", "acme", "-e", "prod", "-m", "ship").out())
                    .isEqualTo("promoted rule gpt41 of models/chat in acme:prod (revision 4)\n");
        }
        assertThat(runs.ok(local, "get", "models/chat", "-t", "acme", "-e", "prod").out()).isEqualTo("{\n  \"model\": \"gpt-4.1\"\n}\n");
        assertThat(runs.ok(local, "get", "models/chat", "-t", "acme", "-e", "prod", "--raw").out())
                .contains("eu-users").doesNotContain("gpt41\"");
        assertThat(runs.ok(local, "history", "models/chat", "-t", "acme").out()).contains("ship");
    }
}
