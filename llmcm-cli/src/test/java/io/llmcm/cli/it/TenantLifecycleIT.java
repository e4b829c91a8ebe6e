package io.llmcm.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.cli.Llmcm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenant states and quotas through the real jar, exit code 7 included. The details are tested in
 * process ({@code TenancyTest}); this proves the packaged jar wires the commands and exit codes up.
 */
class TenantLifecycleIT {
    @TempDir
    Path dir;

    @Test
    void archiveActivateAndQuotaThroughTheJar() {
        Llmcm llmcm = Llmcm.jar(dir.resolve("data"));
        llmcm.run("init").ok();
        llmcm.run("tenant", "create", "acme").ok();
        llmcm.run("tenant", "archive", "acme").ok();
        assertThat(llmcm.run("tenant", "list").ok().out()).isEqualTo("global\n  acme (archived)\n");
        assertThat(llmcm.run("set", "k", "1", "--tenant", "acme").fails(4).err()).contains("tenant 'acme' is archived");
        assertThat(llmcm.run("tenant", "archive", "global").fails(2).err()).contains("the root tenant 'global' is always active");
        llmcm.run("tenant", "activate", "acme").ok();

        llmcm.run("tenant", "quota", "acme", "--max-keys", "1", "--max-bytes", "1KiB").ok();
        llmcm.run("set", "k", "1", "--tenant", "acme").ok();
        assertThat(llmcm.run("set", "j", "1", "--tenant", "acme").fails(7).err())
                .isEqualTo("llmcm: tenant 'acme' would hold 2 keys; its quota allows 1 (max-keys): delete entries or raise the quota\n");
        assertThat(llmcm.run("tenant", "quota", "acme").ok().out()).startsWith("max-keys:            1 (1 in use)\nmax-bytes:           1 KiB (1 byte in use)\n");
    }
}
