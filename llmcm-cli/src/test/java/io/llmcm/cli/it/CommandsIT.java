package io.llmcm.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.cli.Llmcm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command the tour does not use, through the real jar, with the exit codes 1 to 5. The
 * details of each command are tested in process (the *Test classes next to {@code Llmcm}); this
 * sweep proves the packaged jar wires them all up.
 */
class CommandsIT {
    @TempDir
    Path dir;

    @Test
    void everyOtherCommandThroughTheJar() throws IOException {
        Llmcm llmcm = Llmcm.jar(dir.resolve("data"));
        assertThat(llmcm.run("--version").ok().out()).startsWith("llmcm ");
        assertThat(llmcm.run("set", "--help").ok().out()).contains("Examples:\n  llmcm set ");
        assertThat(llmcm.run("list").fails(1).err()).contains("no store at " + llmcm.store() + "; run `llmcm init` first");
        llmcm.run("init").ok();
        assertThat(llmcm.run("init").ok().out()).isEqualTo("store " + llmcm.store() + " is already initialized (revision 1)\n");

        llmcm.run("tenant", "create", "acme").ok();
        assertThat(llmcm.run("env", "create", "canary", "--parent", "prod").ok().out())
                .isEqualTo("created environment canary (parent prod) at revision 3\n");
        assertThat(llmcm.run("tenant", "list").ok().out()).isEqualTo("global\n  acme\n");
        assertThat(llmcm.run("env", "list").ok().out()).isEqualTo("base\n  dev\n  prod\n    canary\n    edge\n  staging\n");

        // tenant and environment from the environment variables; value from stdin and from a file
        Llmcm acmeCanary = llmcm.env("LLMCM_TENANT", "acme").env("LLMCM_ENV", "canary");
        llmcm.runWithInput("a: 1\n", "set", "k", "-", "--format", "yaml").ok();
        assertThat(acmeCanary.run("set", "k", "{\"b\":2}", "--if-revision", "0").ok().out()).isEqualTo("set acme:canary k at revision 5\n");
        assertThat(acmeCanary.run("set", "k", "{\"b\":3}", "--if-revision", "0").fails(4).err()).contains("acme:canary k is at revision 5");
        assertThat(acmeCanary.run("get", "k", "--output", "yaml").ok().out()).isEqualTo("a: 1\nb: 2\n");
        assertThat(acmeCanary.run("get", "nope").fails(3).err()).isEqualTo("llmcm: nope is not set in acme:canary\n");
        Path prompt = dir.resolve("system.txt");
        Files.writeString(prompt, "Be brief.\n");
        acmeCanary.run("set", "prompts/system", "@" + prompt).ok();
        assertThat(acmeCanary.run("list", "--long").ok().out()).isEqualTo("k               5  {\"a\":1,\"b\":2}\nprompts/system  6  \"Be brief.\\n\"\n");
        assertThat(acmeCanary.run("list", "--raw").ok().out()).isEqualTo("k               canary\nprompts/system  canary\n");
        assertThat(acmeCanary.run("delete", "k").ok().out()).isEqualTo("deleted acme:canary k at revision 7\n");
        assertThat(acmeCanary.run("delete", "k").fails(3).err()).contains("k is not set in layer acme:canary");

        assertThat(llmcm.run("tag", "create", "v1").ok().out()).isEqualTo("tagged revision 7 as v1 in tenant global (revision 8)\n");
        assertThat(llmcm.run("tag", "create", "v1").fails(4).err()).contains("pass --force to move it");
        assertThat(llmcm.run("tag", "list").ok().out()).isEqualTo("v1  7\n");
        assertThat(llmcm.run("tag", "delete", "v1").ok().out()).isEqualTo("deleted tag v1 in tenant global (revision 9)\n");

        String binding = "{\"pattern\":\"k\",\"rules\":[{\"rule\":\"self.a < 10\",\"message\":\"a is small\",\"pointer\":\"/a\"}]}";
        assertThat(llmcm.runWithInput(binding, "schema", "set", "small", "-").ok().out()).isEqualTo("schema small (k) set in tenant global at revision 10\n");
        assertThat(llmcm.run("schema", "get", "small", "--output", "yaml").ok().out()).contains("rule: \"self.a < 10\"");
        assertThat(acmeCanary.run("schema", "list").ok().out()).isEqualTo("small  k  global\n");
        assertThat(acmeCanary.run("validate", "k", "{\"a\":11}").fails(5).err())
                .isEqualTo("llmcm: validation failed: acme:canary k /a: a is small [rule small#1]\n");
        assertThat(acmeCanary.run("validate", "k", "{\"a\":9}").ok().out()).startsWith("valid\n").contains("acme:canary  k  {\"a\":9}");
        assertThat(llmcm.run("schema", "delete", "small").ok().out()).isEqualTo("deleted schema small in tenant global (revision 11)\n");

        assertThat(llmcm.run("rollback", "--to", "1").fails(2).err()).contains("or --all for the whole tenant");
        assertThat(llmcm.run("get", "k", "--bogus").fails(2).err()).contains("Unknown option: '--bogus'");
        assertThat(llmcm.run("prune", "--retention-days", "30").ok().out()).isEqualTo("pruned 0 versions older than 30 days\n");
    }
}
