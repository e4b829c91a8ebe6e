package io.llmcm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures that need no store: usage errors and input errors, in process. */
class ErrorHandlerTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, Map.of("LLMCM_STORE", dir.resolve("none").toString()), InputStream.nullInputStream(), out, err);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownOptionIsAUsageErrorOnOneLine() {
        Run r = run("get", "models/a", "--bogus");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("llmcm: Unknown option: '--bogus'").contains("'llmcm get --help'").hasLineCount(1);
    }

    @Test
    void aMissingParameterIsAUsageError() {
        Run r = run("set", "models/a");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("llmcm: Missing required parameter: 'VALUE'").hasLineCount(1);
    }

    @Test
    void anUnquotedValueIsNotEchoed() {
        Run r = run("set", "prompts/p", "You", "are", "s3cret");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("llmcm: 2 unexpected arguments; quote a VALUE that contains spaces (see 'llmcm set --help')\n");
    }

    @Test
    void noSubcommandPrintsUsageOnStderrWithExitTwo() {
        Run r = run();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("Usage: llmcm");
    }

    @Test
    void aMissingStoreIsReportedWithTheFix() {
        Run r = run("get", "models/a");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("llmcm: no store at " + dir.resolve("none") + "; run `llmcm init` first (or pass --store DIR)\n");
    }

    @Test
    void anInvalidPathIsRejectedBeforeTheStoreIsOpened() {
        Run r = run("set", "models/../etc", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'..'").hasLineCount(1);
    }

    @Test
    void unparsableInlineJsonSuggestsTextWithoutEchoingTheValue() {
        Run r = run("set", "prompts/p", "sk-secret-value");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("pass --format text to store it as text").doesNotContain("sk-secret-value").hasLineCount(1);
    }

    @Test
    void anUnknownFormatListsTheKnownOnes() {
        Run r = run("set", "a", "1", "--format", "xml");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown format 'xml'").contains("yaml");
    }

    @Test
    void aMissingValueFileNamesTheFile() {
        Run r = run("set", "a", "@" + dir.resolve("missing.json"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("llmcm: cannot read " + dir.resolve("missing.json") + ": no such file\n");
    }

    @Test
    void versionPrintsTheProjectVersion() {
        Run r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).matches("llmcm \\d+\\.\\d+\\.\\d+.*\n");
    }
}
