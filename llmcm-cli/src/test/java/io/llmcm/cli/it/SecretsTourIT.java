package io.llmcm.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.cli.Llmcm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secrets part of the README tour, end to end, through the real jar. */
class SecretsTourIT {
    private static final String KEY = "providers/openai/api-key";
    private static final String FIRST = "sk-tour-FIRST-0001";
    private static final String SECOND = "sk-tour-SECOND-0002";

    @TempDir
    Path dir;

    private static long revision(String out) {
        String[] words = out.strip().split(" ");
        return Long.parseLong(words[words.length - 1]);
    }

    @Test
    void secretsTour() throws IOException, InterruptedException {
        Llmcm llmcm = Llmcm.jar(dir.resolve("data"));
        assertThat(llmcm.run("init").ok().out()).isEqualTo("initialized store " + llmcm.store() + " at revision 1\n"
                + "master key created in " + llmcm.store().resolve("master.key") + " (mode 0600)\n"
                + "back it up, separately from the data: without it the secrets cannot be read, and anyone with both can read them\n");
        llmcm.run("tenant", "create", "acme").ok();

        // set from stdin: the value is never an argument and never printed
        assertThat(llmcm.runWithInput(FIRST + "\n", "secret", "set", KEY, "-", "--tenant", "acme", "--env", "prod", "-m", "first key").ok().out())
                .isEqualTo("set secret acme:prod " + KEY + " at revision 3\n");
        assertThat(llmcm.run("secret", "get", KEY, "--tenant", "acme", "--env", "prod").ok().out())
                .startsWith("{\n  \"secret\": \"***\",\n  \"version\": 3,\n  \"type\": \"text\",\n").doesNotContain(FIRST);
        assertThat(llmcm.run("secret", "get", KEY, "--tenant", "acme", "--env", "prod", "--reveal").ok().out()).isEqualTo(FIRST + "\n");

        // configuration refers to the secret; it resolves masked unless revealed
        llmcm.run("set", "models/openai/gpt-4o", "{\"model\":\"gpt-4o\",\"api_key\":\"${secret:" + KEY + "}\"}", "--tenant", "acme").ok();
        assertThat(llmcm.run("get", "models/openai/gpt-4o", "--tenant", "acme", "--env", "prod", "--resolve").ok().out())
                .isEqualTo("{\n  \"model\": \"gpt-4o\",\n  \"api_key\": \"***\"\n}\n");
        assertThat(llmcm.run("get", "models/openai/gpt-4o", "--tenant", "acme", "--env", "prod", "--resolve", "--reveal").ok().out())
                .isEqualTo("{\n  \"model\": \"gpt-4o\",\n  \"api_key\": \"" + FIRST + "\"\n}\n");
        assertThat(llmcm.run("get", "models/openai/gpt-4o", "--tenant", "acme", "--env", "prod", "--explain").ok().out())
                .containsPattern("references:\n  /api_key +\\$\\{secret:" + KEY + "} +acme:prod@3  secret\n");

        // a new version, a data key rotation with progress, history, rollback
        long second = revision(llmcm.runWithInput(SECOND, "secret", "set", KEY, "-", "--tenant", "acme", "--env", "prod", "-m", "rotated at OpenAI").ok().out());
        Llmcm.Result rotate = llmcm.run("key", "rotate", "--tenant", "acme").ok();
        assertThat(rotate.out()).isEqualTo("rotated the data key of tenant acme to version 2 (1 secret re-encrypted)\n");
        assertThat(rotate.err()).isEqualTo("re-encrypted 0/1\nre-encrypted 1/1\n");
        assertThat(llmcm.run("key", "status", "--tenant", "acme").ok().out()).contains("data keys   1, 2 (primary 2)\n").contains("  key 2     1 secret\n");
        assertThat(llmcm.run("secret", "history", KEY, "--tenant", "acme").ok().out())
                .containsPattern("\\d+  \\S+Z  tester  prod  put  text key 2  re-encrypt secrets with data key version 2\n")
                .containsPattern(second + "  \\S+Z  tester  prod  put  text key 1  rotated at OpenAI\n")
                .containsPattern("3  \\S+Z  tester  prod  put  text key 1  first key\n");
        assertThat(llmcm.run("secret", "rollback", KEY, "--to", "3", "--tenant", "acme").ok().out())
                .matches("rolled back secret " + KEY + " in tenant acme to revision 3 at revision \\d+\n");
        assertThat(llmcm.run("secret", "get", KEY, "--tenant", "acme", "--env", "prod", "--reveal").ok().out()).isEqualTo(FIRST + "\n");

        // expiry
        long set = System.currentTimeMillis();
        llmcm.runWithInput("short-lived", "secret", "set", "tmp/token", "-", "--tenant", "acme", "--expires", "6s").ok();
        assertThat(llmcm.run("secret", "get", "tmp/token", "--tenant", "acme", "--reveal").ok().out()).isEqualTo("short-lived\n");
        Thread.sleep(Math.max(0, set + 6100 - System.currentTimeMillis()));
        assertThat(llmcm.run("secret", "get", "tmp/token", "--tenant", "acme", "--reveal").fails(3).err())
                .matches("llmcm: secret acme:base tmp/token expired at \\S+Z\n");

        // a dynamic secret issues tokens that can be checked and revoked
        llmcm.run("secret", "set", "tokens/ci", "--dynamic", "token", "--ttl", "1h", "--tenant", "acme").ok();
        Llmcm.Result issued = llmcm.run("secret", "get", "tokens/ci", "--tenant", "acme", "--reveal").ok();
        String token = issued.out().strip();
        String lease = issued.err().split(" ")[1];
        assertThat(llmcm.runWithInput(token, "secret", "check").ok().out()).startsWith("valid until ").contains("lease " + lease);
        assertThat(llmcm.run("secret", "revoke", lease, "--tenant", "acme").ok().out()).startsWith("revoked lease " + lease);
        Llmcm.Result revoked = llmcm.runWithInput(token, "secret", "check");
        assertThat(revoked.code()).isEqualTo(3);
        assertThat(revoked.out()).startsWith("revoked at ");

        // an export encrypted to a recipient, imported into another tenant
        assertThat(llmcm.run("key", "pair", "--out", dir.resolve("ops").toString()).ok().out()).contains("x25519 fingerprint");
        Path signer = dir.resolve("exporter.pub");
        Files.writeString(signer, llmcm.run("key", "public").ok().out());
        Path bundle = dir.resolve("providers.bundle");
        assertThat(llmcm.run("export", "providers", "--tenant", "acme", "--env", "prod", "--recipient", dir.resolve("ops.pub").toString(),
                "-o", bundle.toString()).ok().out()).startsWith("exported 0 values and 1 secret under providers to " + bundle + " (signed, encrypted to ");
        assertThat(Files.readString(bundle)).doesNotContain(FIRST);
        llmcm.run("tenant", "create", "beta").ok();
        assertThat(llmcm.run("import", bundle.toString(), "--into", "providers", "--tenant", "beta", "--env", "prod",
                "--identity", dir.resolve("ops.key").toString(), "--signer", signer.toString()).ok().out())
                .matches("imported the bundle \\(signed by [0-9a-f]{16}\\) under providers in beta:prod at revision \\d+\n");
        assertThat(llmcm.run("secret", "get", KEY, "--tenant", "beta", "--env", "prod", "--reveal").ok().out()).isEqualTo(FIRST + "\n");

        // deleting a tenant destroys its keys
        assertThat(llmcm.run("tenant", "delete", "acme", "-m", "offboarded").ok().out())
                .startsWith("deleted tenant acme and destroyed its keys (revision ").contains("\nmaster key rotated: ");
        assertThat(llmcm.run("secret", "get", KEY, "--tenant", "acme", "--env", "prod").fails(3).err()).contains("acme");
        assertThat(llmcm.run("secret", "get", KEY, "--tenant", "beta", "--env", "prod", "--reveal").ok().out()).isEqualTo(FIRST + "\n");

        String audit = llmcm.run("audit", "list", "--limit", "1000").ok().out();
        assertThat(audit).contains("secret.reveal").contains("secret.issue").contains("secret.revoke").contains("key.rotate")
                .contains("export").contains("tenant.delete").doesNotContain(FIRST).doesNotContain(SECOND);
    }
}
