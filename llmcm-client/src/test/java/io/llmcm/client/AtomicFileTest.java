package io.llmcm.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one atomic file replacement of the SDK and the agent: content, permissions, no leftovers. */
class AtomicFileTest {
    @TempDir
    Path dir;

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    void assertNoTemporaryFile() throws IOException {
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void replacesTheWholeContent() throws IOException {
        Path f = dir.resolve("a.json");
        AtomicFile.write(f, utf8("{\"a\":1,\"long\":\"xxxxxxxxxxxxxxxx\"}"), AtomicFile.Mode.ownerOnly());
        AtomicFile.write(f, utf8("{}"), AtomicFile.Mode.ownerOnly());
        assertThat(Files.readString(f)).isEqualTo("{}");
        assertNoTemporaryFile();
    }

    @Test
    void ownerOnlyAlwaysAndKeepExistingOnlyForNewFiles() throws IOException {
        Path secret = dir.resolve("s");
        Files.writeString(secret, "old");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        AtomicFile.write(secret, utf8("new"), AtomicFile.Mode.ownerOnly());
        assertThat(perms(secret)).isEqualTo("rw-------");

        Path rendered = dir.resolve("r");
        AtomicFile.write(rendered, utf8("1"), AtomicFile.Mode.keepExistingElse("rw-r--r--"));
        assertThat(perms(rendered)).isEqualTo("rw-r--r--");
        Files.setPosixFilePermissions(rendered, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFile.write(rendered, utf8("2"), AtomicFile.Mode.keepExistingElse("rw-r--r--"));
        assertThat(perms(rendered)).as("an existing file keeps its permissions").isEqualTo("rw-rw----");
    }

    @Test
    void aFailedReplaceLeavesTheTargetAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("busy");
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside"), "x"); // a non-empty directory cannot be replaced
        assertThatThrownBy(() -> AtomicFile.write(target, utf8("new"), AtomicFile.Mode.ownerOnly())).isInstanceOf(IOException.class);
        assertThat(Files.isDirectory(target)).isTrue();
        assertNoTemporaryFile();
    }
}
