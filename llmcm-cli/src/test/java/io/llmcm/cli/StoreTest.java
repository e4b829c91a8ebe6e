package io.llmcm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening and creating stores, the top command, and prune (in process, on a real SQLite store). */
class StoreTest {
    @TempDir
    Path dir;

    @Test
    void everyCommandButInitNeedsAStore() {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        assertThat(llmcm.run("list").fails(1).err())
                .isEqualTo("llmcm: no store at " + dir.resolve("data") + "; run `llmcm init` first (or pass --store DIR)\n");
    }

    @Test
    void initTwiceIsHarmlessAndTheOptionBeatsTheEnvironment() {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("from-env"));
        Path other = dir.resolve("from-option");
        assertThat(llmcm.run("init", "--store", other.toString()).ok().out()).isEqualTo("initialized store " + other + " at revision 1\n"
                + "master key created in " + other.resolve("master.key") + " (mode 0600)\n"
                + "back it up, separately from the data: without it the secrets cannot be read, and anyone with both can read them\n");
        assertThat(llmcm.run("init", "--store", other.toString()).ok().out())
                .isEqualTo("store " + other + " is already initialized (revision 1)\n");
        assertThat(llmcm.run("tenant", "list").fails(1).err()).as("$LLMCM_STORE was never initialized").contains("no store at " + llmcm.store());
    }

    @Test
    void theTopCommandPrintsUsageVersionAndUsageErrors() {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        Llmcm.Result none = llmcm.run();
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).startsWith("Usage: llmcm").contains("Examples:");
        assertThat(llmcm.run("--version").ok().out()).startsWith("llmcm ");
        assertThat(llmcm.run("frobnicate").fails(2).err()).isEqualTo("llmcm: unknown command 'frobnicate' (see 'llmcm --help')\n");
        assertThat(llmcm.run("tag").fails(2).err()).isEqualTo("llmcm: Missing required subcommand (see 'llmcm tag --help')\n");
        assertThat(llmcm.run("set", "--help").ok().out()).contains("Examples:\n  llmcm set ");
    }

    @Test
    void pruneKeepsCurrentValuesAndChecksItsWindow() {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        llmcm.run("set", "a", "1").ok();
        llmcm.run("set", "a", "2").ok();
        assertThat(llmcm.run("prune").ok().out()).isEqualTo("pruned 0 versions older than 90 days\n");
        assertThat(llmcm.env("LLMCM_RETENTION_DAYS", "0").run("prune").fails(2).err()).contains("at least 1 day");
        assertThat(llmcm.run("prune", "--retention-days", "7").ok().out()).isEqualTo("pruned 0 versions older than 7 days\n");
        assertThat(llmcm.run("get", "a").ok().out()).isEqualTo("2\n");
    }
}
