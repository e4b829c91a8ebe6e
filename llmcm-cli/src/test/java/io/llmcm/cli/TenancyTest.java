package io.llmcm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tenant and env: create and list as trees, tenant states and quotas (in process, on a real SQLite store). */
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

    @Test
    void suspendArchiveAndActivateATenant() {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        llmcm.run("tenant", "create", "acme").ok();
        llmcm.run("tenant", "create", "acme-eu", "--parent", "acme").ok();
        llmcm.run("tenant", "create", "beta").ok();
        llmcm.run("set", "k", "1", "--tenant", "acme").ok();

        assertThat(llmcm.run("tenant", "suspend", "acme").ok().out()).isEqualTo("suspended tenant acme at revision 6\n");
        assertThat(llmcm.run("tenant", "suspend", "acme").ok().out()).isEqualTo("tenant acme is already suspended\n");
        assertThat(llmcm.run("tenant", "archive", "beta").ok().out()).isEqualTo("archived tenant beta at revision 7\n");
        assertThat(llmcm.run("tenant", "list").ok().out())
                .isEqualTo("global\n  acme (suspended)\n    acme-eu\n  beta (archived)\n");

        // archived: readable, but no entry, tag or schema changes until it is active again
        assertThat(llmcm.run("tenant", "archive", "acme").ok().out()).isEqualTo("archived tenant acme at revision 8\n");
        assertThat(llmcm.run("get", "k", "--tenant", "acme", "--output", "text").ok().out()).isEqualTo("1\n");
        String refused = "llmcm: tenant 'acme' is archived (read-only): its entries, tags and schemas cannot change;"
                + " set its state to active first\n";
        assertThat(llmcm.run("set", "k", "2", "--tenant", "acme").fails(4).err()).isEqualTo(refused);
        assertThat(llmcm.run("delete", "k", "--tenant", "acme").fails(4).err()).isEqualTo(refused);
        assertThat(llmcm.run("tag", "create", "v1", "--tenant", "acme").fails(4).err()).isEqualTo(refused);
        llmcm.run("set", "k", "2", "--tenant", "acme-eu").ok(); // a child is not archived with its parent

        assertThat(llmcm.run("tenant", "activate", "acme").ok().out()).isEqualTo("activated tenant acme at revision 10\n");
        llmcm.run("set", "k", "2", "--tenant", "acme").ok();
        assertThat(llmcm.run("get", "k", "--tenant", "acme", "--output", "text").ok().out()).isEqualTo("2\n");
        assertThat(llmcm.run("tenant", "list").ok().out()).isEqualTo("global\n  acme\n    acme-eu\n  beta (archived)\n");

        assertThat(llmcm.run("tenant", "archive", "global").fails(2).err())
                .isEqualTo("llmcm: the root tenant 'global' is always active; it cannot be archived\n");
        assertThat(llmcm.run("tenant", "suspend", "global").fails(2).err()).contains("it cannot be suspended");
        assertThat(llmcm.run("tenant", "archive", "nope").fails(3).err()).isEqualTo("llmcm: unknown tenant 'nope'\n");
        // an archived tenant may still be deleted
        llmcm.run("tenant", "delete", "beta").ok();
    }

    @Test
    void quotasShowUsageAndStopWritesThatGoOver() {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        llmcm.run("tenant", "create", "acme").ok();
        assertThat(llmcm.run("tenant", "quota", "acme").ok().out()).isEqualTo("""
                max-keys:            unlimited (0 in use)
                max-bytes:           unlimited (0 bytes in use)
                requests-per-second: unlimited
                max-watches:         unlimited
                """);
        llmcm.run("set", "a", "\"hello\"", "--tenant", "acme").ok();
        llmcm.run("set", "a", "1", "--tenant", "acme", "--env", "prod").ok();

        assertThat(llmcm.run("tenant", "quota", "acme", "--max-keys", "3", "--max-bytes", "10MiB").ok().out()).isEqualTo("""
                set quota of tenant acme at revision 5
                max-keys:            3 (2 in use)
                max-bytes:           10 MiB (8 bytes in use)
                requests-per-second: unlimited
                max-watches:         unlimited
                """);
        // options not given keep their value
        assertThat(llmcm.run("tenant", "quota", "acme", "--requests-per-second", "2.5", "--max-watches", "4").ok().out())
                .contains("max-keys:            3 (2 in use)\n", "requests-per-second: 2.5\n", "max-watches:         4\n");
        assertThat(llmcm.run("tenant", "quota", "acme", "--max-watches", "4").ok().out()).startsWith("quota of tenant acme unchanged\n");

        llmcm.run("set", "b", "1", "--tenant", "acme").ok();
        assertThat(llmcm.run("set", "c", "1", "--tenant", "acme").fails(7).err())
                .isEqualTo("llmcm: tenant 'acme' would hold 4 keys; its quota allows 3 (max-keys): delete entries or raise the quota\n");
        llmcm.run("set", "b", "2", "--tenant", "acme").ok(); // a new version of a held key is not another key

        assertThat(llmcm.run("tenant", "quota", "acme", "--max-bytes", "10").ok().out()).contains("max-bytes:           10 bytes (9 bytes in use)\n");
        assertThat(llmcm.run("set", "a", "\"hello, world\"", "--tenant", "acme").fails(7).err())
                .startsWith("llmcm: tenant 'acme' would hold 16 bytes of values; its quota allows 10 (max-bytes)");
        assertThat(llmcm.run("tenant", "quota", "acme", "--max-bytes", "0", "--max-keys", "0").ok().out())
                .contains("max-keys:            unlimited (3 in use)\n", "max-bytes:           unlimited (9 bytes in use)\n");
        llmcm.run("set", "c", "1", "--tenant", "acme").ok();

        assertThat(llmcm.run("tenant", "quota", "acme", "--max-bytes", "10MB").fails(2).err())
                .contains("size '10MB' is not a number of bytes, optionally with a unit KiB, MiB, GiB or TiB");
        assertThat(llmcm.run("tenant", "quota", "acme", "--max-keys", "-1").fails(2).err())
                .isEqualTo("llmcm: max keys must be 0 or more (0 = unlimited), got -1\n");
        assertThat(llmcm.run("tenant", "quota", "acme", "--requests-per-second", "NaN").fails(2).err())
                .contains("requests per second must be a finite number");
        llmcm.run("tenant", "quota", "acme", "--max-keys", "many").fails(2);
        llmcm.run("tenant", "quota", "nope").fails(3);
    }
    @Test
    void aDedicatedTenantIsCreatedShownAndListed() {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        assertThat(llmcm.run("tenant", "create", "bank", "--isolation", "dedicated").ok().out())
                .isEqualTo("created tenant bank (parent global, isolation dedicated) at revision 2\n");
        llmcm.run("tenant", "create", "shop", "--isolation", "shared").ok();
        llmcm.run("tenant", "archive", "bank").ok();
        assertThat(llmcm.run("tenant", "list").ok().out()).isEqualTo("global\n  bank (archived, dedicated)\n  shop\n");
        assertThat(llmcm.run("tenant", "show", "bank").ok().out()).isEqualTo("name:      bank\nparent:    global\nisolation: dedicated\n");
        assertThat(llmcm.run("tenant", "show", "global").ok().out()).isEqualTo("name:      global\nparent:    (none: the root)\nisolation: shared\n");
        assertThat(llmcm.run("tenant", "show", "nope").fails(3).err()).isEqualTo("llmcm: unknown tenant 'nope'\n");
        assertThat(llmcm.run("tenant", "create", "x", "--isolation", "private").fails(2).err())
                .isEqualTo("llmcm: --isolation is 'private'; allowed values: shared, dedicated\n");
        assertThat(llmcm.run("tenant", "create", "bank", "--isolation", "shared").fails(4).err())
                .contains("tenant 'bank' already exists with isolation 'dedicated'; isolation is fixed at creation");
        assertThat(dir.resolve("data").resolve("tenants")).isDirectoryContaining(p -> p.getFileName().toString().startsWith("bank."));
    }
}
