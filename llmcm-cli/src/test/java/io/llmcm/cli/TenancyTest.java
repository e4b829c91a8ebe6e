package io.llmcm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tenant and env: create and list as trees (in process, on a real SQLite store). */
class TenancyTest {
    @TempDir
    Path dir;

    @Test
    void tenantsAndEnvironmentsFormTrees() {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        llmcm.run("tenant", "create", "acme").ok();
        assertThat(llmcm.run("tenant", "create", "acme-eu", "--parent", "acme").ok().out())
                .isEqualTo("created tenant acme-eu (parent acme) at revision 3\n");
        llmcm.run("tenant", "create", "beta").ok();
        assertThat(llmcm.run("tenant", "list").ok().out()).isEqualTo("global\n  acme\n    acme-eu\n  beta\n");
        assertThat(llmcm.run("tenant", "create", "acme").fails(4).err()).isEqualTo("llmcm: tenant 'acme' already exists\n");
        assertThat(llmcm.run("tenant", "create", "x", "--parent", "nope").fails(3).err()).contains("parent tenant 'nope' does not exist");
        assertThat(llmcm.run("tenant", "create", "Bad_Name").fails(2).err()).contains("tenant name 'Bad_Name' is not allowed");

        assertThat(llmcm.run("env", "create", "canary", "--parent", "prod").ok().out())
                .isEqualTo("created environment canary (parent prod) at revision 5\n");
        assertThat(llmcm.run("env", "list").ok().out()).isEqualTo("base\n  dev\n  prod\n    canary\n    edge\n  staging\n");
        assertThat(llmcm.run("env", "create", "dev").fails(4).err()).contains("environment 'dev' already exists");
        assertThat(llmcm.run("env", "create", "base").fails(4).err()).contains("environment 'base' already exists");
        assertThat(llmcm.run("tenant", "create", "global").fails(4).err()).contains("tenant 'global' already exists");

        // a child tenant inherits its parent's values, a sibling does not
        llmcm.run("set", "k", "{\"from\":\"acme\"}", "--tenant", "acme", "--env", "canary").ok();
        assertThat(llmcm.run("get", "k", "--tenant", "acme-eu", "--env", "canary", "--output", "text").ok().out()).isEqualTo("{\"from\":\"acme\"}\n");
        llmcm.run("get", "k", "--tenant", "beta", "--env", "canary").fails(3);
    }
}
