package io.llmcm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** set, get, delete, list and history on one store; each test uses its own keys (in process, on a real SQLite store). */
class ValuesTest {
    @TempDir
    static Path dir;

    private static Llmcm llmcm;

    @BeforeAll
    static void store() {
        llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        llmcm.run("tenant", "create", "acme").ok();
    }

    @Test
    void valuesComeInlineAsTextFromFilesAndFromStdin() throws IOException {
        llmcm.run("set", "prompts/system", "You are terse.", "--format", "text").ok();
        assertThat(llmcm.run("get", "prompts/system").ok().out()).isEqualTo("You are terse.\n");

        Path yaml = dir.resolve("local.yaml");
        Files.writeString(yaml, "model: llama3\nparams:\n  temperature: 0.1\n");
        llmcm.run("set", "models/local", "@" + yaml).ok();
        assertThat(llmcm.run("get", "models/local", "--output", "text").ok().out())
                .isEqualTo("{\"model\":\"llama3\",\"params\":{\"temperature\":0.1}}\n");

        assertThat(llmcm.runWithInput("{\"on\": true}\n", "set", "flags/beta", "-", "--tenant", "acme").ok().out())
                .startsWith("set acme:base flags/beta at revision ");
        assertThat(llmcm.run("get", "flags/beta", "--tenant", "acme", "--output", "yaml").ok().out()).isEqualTo("\"on\": true\n");

        Llmcm.Result bare = llmcm.run("set", "prompts/x", "hello");
        assertThat(bare.fails(2).err()).contains("pass --format text").doesNotContain("hello");
    }

    @Test
    void theSameValueTwiceIsUnchanged() {
        String first = llmcm.run("set", "limits/rpm", "600").ok().out();
        String rev = first.substring(first.lastIndexOf(' ') + 1).strip();
        assertThat(llmcm.run("set", "limits/rpm", "600").ok().out()).isEqualTo("unchanged global:base limits/rpm (revision " + rev + ")\n");
    }

    @Test
    void ifRevisionIsACompareAndSet() {
        String out = llmcm.run("set", "cas/key", "1", "--if-revision", "0").ok().out();
        String rev = out.substring(out.lastIndexOf(' ') + 1).strip();
        Llmcm.Result again = llmcm.run("set", "cas/key", "2", "--if-revision", "0").fails(4);
        assertThat(again.err()).contains("global:base cas/key is at revision " + rev);
        llmcm.run("set", "cas/key", "2", "--if-revision", rev).ok();
        assertThat(llmcm.run("delete", "cas/key", "--if-revision", rev).fails(4).err()).contains("expected revision " + rev);
    }

    @Test
    void layersMergeReplaceAndCanBeReadOneByOne() {
        llmcm.run("set", "models/m", "{\"a\":1,\"b\":2}").ok();
        llmcm.run("set", "models/m", "{\"b\":3}", "--tenant", "acme", "--env", "prod").ok();
        llmcm.run("set", "models/m", "{\"c\":4}", "--tenant", "acme", "--env", "prod", "--service", "chat", "--replace").ok();

        assertThat(llmcm.run("get", "models/m", "--tenant", "acme", "--env", "prod", "--output", "text").ok().out()).isEqualTo("{\"a\":1,\"b\":3}\n");
        assertThat(llmcm.env("LLMCM_TENANT", "acme").env("LLMCM_ENV", "prod").run("get", "models/m", "-s", "chat", "--output", "text").ok().out())
                .as("tenant and env from the environment; the service layer replaces")
                .isEqualTo("{\"c\":4}\n");
        assertThat(llmcm.run("get", "models/m", "--raw", "-t", "acme", "-e", "prod", "--output", "text").ok().out()).isEqualTo("{\"b\":3}\n");
        assertThat(llmcm.run("get", "models/m", "--raw", "-t", "acme", "--env", "dev").fails(3).err())
                .isEqualTo("llmcm: models/m has no value in layer acme:dev\n");
        assertThat(llmcm.run("get", "models/m", "--explain", "-t", "acme", "-e", "prod", "-s", "chat", "--output", "json").ok().out())
                .contains("\"scope\": \"acme:prod:chat\"")
                .contains("\"contributes\": false");
    }

    @Test
    void missingThingsExitWithThree() {
        assertThat(llmcm.run("get", "nothing/here", "--tenant", "acme", "--env", "prod").fails(3).err())
                .isEqualTo("llmcm: nothing/here is not set in acme:prod\n");
        assertThat(llmcm.run("get", "a", "--tenant", "nobody").fails(3).err()).contains("unknown tenant 'nobody'");
        assertThat(llmcm.run("delete", "nothing/here").fails(3).err()).contains("nothing/here");
        assertThat(llmcm.run("history", "nothing/here").fails(3).err()).contains("no history");
        assertThat(llmcm.run("get", "a", "--at", "999999").fails(3).err()).contains("revision 999999 does not exist");
    }

    @Test
    void deleteListAndHistory() {
        String first = llmcm.run("set", "catalog/x", "{\"v\":1}", "-m", "first").ok().out();
        String rev = first.substring(first.lastIndexOf(' ') + 1).strip();
        llmcm.run("set", "catalog/y", "\"why\"").ok();
        llmcm.run("set", "catalog/x", "{\"v\":2}", "--env", "prod").ok();

        assertThat(llmcm.run("list", "catalog").ok().out()).isEqualTo("catalog/x\ncatalog/y\n");
        assertThat(llmcm.run("list", "catalog", "--env", "prod", "--long").ok().out())
                .matches("catalog/x  \\d+ +\\{\"v\":2}\ncatalog/y  \\d+ +\"why\"\n");
        assertThat(llmcm.run("list", "catalog", "--raw").ok().out()).isEqualTo("catalog/x  base\ncatalog/x  prod\ncatalog/y  base\n");
        assertThat(llmcm.run("list", "catalog/y", "--output", "json").ok().out()).contains("\"path\": \"catalog/y\"").contains("\"value\": \"why\"");

        assertThat(llmcm.run("delete", "catalog/x", "--env", "prod", "-m", "gone").ok().out()).startsWith("deleted global:prod catalog/x at revision ");
        assertThat(llmcm.run("get", "catalog/x", "--env", "prod", "--output", "text").ok().out()).isEqualTo("{\"v\":1}\n");
        assertThat(llmcm.run("get", "catalog/x", "--env", "prod", "--at", rev, "--output", "text").ok().out()).isEqualTo("{\"v\":1}\n");
        List<String> history = llmcm.run("history", "catalog/x").ok().out().lines().toList();
        assertThat(history).hasSize(3);
        assertThat(history.get(0)).matches("\\d+ +\\S+Z  tester  prod  delete  gone");
        assertThat(history.get(2)).matches(rev + " +\\S+Z  tester  base  put +first");
    }
}
