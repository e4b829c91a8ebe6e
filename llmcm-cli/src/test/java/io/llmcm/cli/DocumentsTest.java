package io.llmcm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import and export: depths, formats, raw layers, bad input (in process, on a real SQLite store). */
class DocumentsTest {
    @TempDir
    Path dir;

    @Test
    void importSplitsAtTheDepthAndExportJoinsBack() throws IOException {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        Path props = dir.resolve("limits.properties");
        Files.writeString(props, "rpm=600\ntpm=90000\n");
        assertThat(llmcm.run("import", props.toString(), "--into", "limits", "--env", "prod").ok().out())
                .isEqualTo("imported 2 keys under limits at revision 2\n");
        assertThat(llmcm.run("list", "limits", "--env", "prod").ok().out()).isEqualTo("limits/rpm\nlimits/tpm\n");

        assertThat(llmcm.runWithInput("{\"a\":{\"b\":1}}", "import", "-", "--into", "whole", "--depth", "0").ok().out())
                .isEqualTo("imported 1 key under whole at revision 3\n");
        assertThat(llmcm.run("get", "whole", "--output", "text").ok().out()).isEqualTo("{\"a\":{\"b\":1}}\n");
        assertThat(llmcm.run("export", "whole").ok().out()).as("a prefix that is a key exports its value").isEqualTo("{\n  \"a\": {\n    \"b\": 1\n  }\n}\n");

        llmcm.run("set", "limits/rpm", "700", "--env", "prod", "--service", "chat").ok();
        assertThat(llmcm.run("export", "limits", "--env", "prod", "--service", "chat", "--raw", "--format", "properties").ok().out())
                .as("--raw: only the layer's own keys")
                .contains("rpm=700")
                .doesNotContain("tpm");
        assertThat(llmcm.run("export", "limits", "--env", "prod", "--service", "chat", "--format", "toml").ok().out())
                .contains("rpm = 700").contains("tpm = ");
    }

    @Test
    void badDocumentsAreRefusedWithoutAPartialImport() throws IOException {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"a\": 1,");
        assertThat(llmcm.run("import", broken.toString(), "--into", "x").fails(2).err()).contains("line 1");
        assertThat(llmcm.run("import", dir.resolve("missing.yaml").toString(), "--into", "x").fails(1).err()).contains("no such file");
        assertThat(llmcm.run("import", broken.toString(), "--depth", "0").fails(2).err()).contains("--into");
        assertThat(llmcm.run("export", "--format", "xml").fails(2).err()).contains("unknown format 'xml'");
        assertThat(llmcm.run("list").ok().out()).isEmpty();
    }
}
