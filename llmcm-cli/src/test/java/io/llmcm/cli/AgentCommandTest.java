package io.llmcm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors of llmcm agent and llmcm watch, found before anything starts (in process). */
class AgentCommandTest {
    @TempDir
    Path dir;

    private Llmcm remote() {
        return Llmcm.inProcess(dir.resolve("data")).without("LLMCM_STORE").env("LLMCM_CONFIG_DIR", dir.resolve("config").toString())
                .env("LLMCM_SERVER", "http://127.0.0.1:9");
    }

    @Test
    void bothNeedAServer() {
        Llmcm local = Llmcm.inProcess(dir.resolve("data")).env("LLMCM_CONFIG_DIR", dir.resolve("config").toString());
        assertThat(local.run("agent", "-t", "acme").fails(2).err())
                .isEqualTo("llmcm: llmcm agent replicates a server: pass --server URL, set LLMCM_SERVER or run llmcm login\n");
        assertThat(local.run("watch", "models").fails(2).err())
                .isEqualTo("llmcm: llmcm watch follows a server: pass --server URL, set LLMCM_SERVER or run llmcm login\n");
    }

    @Test
    void agentOptionsAreCheckedBeforeItStarts() throws Exception {
        assertThat(remote().run("agent", "--listen", "0.0.0.0:8300").fails(2).err())
                .contains("--listen must be a loopback address (127.0.0.1, ::1 or localhost), got '0.0.0.0'");
        assertThat(remote().run("agent", "--listen", "8300").fails(2).err()).contains("--listen must be ADDR:PORT");
        assertThat(remote().run("agent", "--listen", "127.0.0.1:70000").fails(2).err()).contains("the port must be between 0 and 65535");
        assertThat(remote().run("agent", "--template", "nothing").fails(2).err()).contains("--template must be SRC:DEST");
        assertThat(remote().run("agent", "--template", dir.resolve("none.tmpl") + ":" + dir.resolve("out")).fails(2).err()).contains("cannot read");
        Path t = Files.writeString(dir.resolve("bad.tmpl"), "x={{ models/a\n");
        assertThat(remote().run("agent", "--template", t + ":" + dir.resolve("out")).fails(2).err()).contains("line 1: '{{' is not closed");
        Path good = Files.writeString(dir.resolve("good.tmpl"), "x={{ models/a }}\n");
        assertThat(remote().run("agent", "--template", good + ":" + dir.resolve("no/such/dir/out")).fails(2).err()).contains("does not exist");
        assertThat(remote().run("agent", "--signal", "HUP").fails(2).err()).contains("--signal and --pid-file go together");
        assertThat(remote().run("agent", "--template", good + ":" + dir.resolve("out"), "--signal", "BOOM", "--pid-file", "p").fails(2).err())
                .contains("--signal must be one of HUP");
        assertThat(remote().run("agent", "--exec", "true").fails(2).err()).contains("add --template SRC:DEST");
        assertThat(remote().run("agent", "--prefix", "a//b").fails(2).err()).contains("--prefix");
    }

    @Test
    void watchOptionsAreChecked() {
        assertThat(remote().run("watch", "--count", "0").fails(2).err()).contains("--count must be at least 1");
        assertThat(remote().run("watch", "--from-revision", "-1").fails(2).err()).contains("--from-revision must be 0 or more");
        assertThat(remote().run("watch", "--count", "1").fails(1).err()).contains("cannot connect to http://127.0.0.1:9");
    }
}
