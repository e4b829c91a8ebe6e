package io.llmcm.client;

import static io.llmcm.client.LiveServer.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot on disk: an application starts and serves with the server down; secrets stay off the disk or sealed. */
class DiskSnapshotTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String PLAINTEXT = "sk-live-PLAINTEXT-4f9a1c77e2";

    record Model(String model, double temperature) {}

    LiveServer server;
    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        server = LiveServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static SecretKey aesKey() throws Exception {
        KeyGenerator g = KeyGenerator.getInstance("AES");
        g.init(256);
        return g.generateKey();
    }

    Path file(ConfigSpec spec) {
        return SnapshotFile.path(dir, spec);
    }

    /** Byte-exact: ISO-8859-1 maps each byte to one char. */
    static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1)
                .contains(new String(needle.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }

    /** Every form in which a plaintext could leak into a file: raw, base64, hex. */
    static void assertNoPlaintext(Path file, String plaintext) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] p = plaintext.getBytes(StandardCharsets.UTF_8);
        assertThat(contains(bytes, plaintext)).as("the plaintext in %s", file).isFalse();
        assertThat(contains(bytes, plaintext.substring(0, plaintext.length() / 2))).as("half the plaintext").isFalse();
        assertThat(contains(bytes, Base64.getEncoder().encodeToString(p).substring(0, 12))).as("base64 of it").isFalse();
        assertThat(contains(bytes, java.util.HexFormat.of().formatHex(p))).as("hex of it").isFalse();
    }

    @Test
    void startsFromTheDiskSnapshotWhileTheServerIsDownThenCatchesUp() throws Exception {
        ConfigSpec spec = ConfigSpec.of("acme", "base").prefix("disk/");
        long r = server.put("acme", "disk/models/chat", "{\"model\":\"gpt-4o\",\"temperature\":0.5}");
        try (LlmcmClient client = server.client().snapshotDir(dir).build()) {
            ConfigView view = client.config(spec);
            assertThat(view.revision()).isGreaterThanOrEqualTo(r);
            await(WAIT, "the snapshot file", () -> Files.exists(file(spec)));
        }
        server.stop();

        try (LlmcmClient client = server.client().snapshotDir(dir).pollInterval(Duration.ofMillis(100)).build()) {
            ConfigView view = client.config(spec);
            assertThat(view.snapshot().source()).isEqualTo(Snapshot.Source.DISK);
            assertThat(view.require("disk/models/chat", Model.class)).isEqualTo(new Model("gpt-4o", 0.5));
            assertThat(view.revision()).isGreaterThanOrEqualTo(r);
            await(WAIT, "a retry state", () -> view.state() == ConfigView.State.RETRYING);

            server.restart();
            long r2 = server.put("acme", "disk/models/chat", "{\"model\":\"gpt-5\",\"temperature\":0.5}");
            await(WAIT, "the change after the restart", () -> view.require("disk/models/chat", Model.class).model().equals("gpt-5"));
            assertThat(view.snapshot().source()).isEqualTo(Snapshot.Source.SERVER);
            assertThat(view.revision()).isGreaterThanOrEqualTo(r2);
            await(WAIT, "the file at the new revision", () -> SnapshotFile.read(dir, spec, null, client.mapper())
                    .map(s -> s.revision() >= r2).orElse(false));
        }
    }

    @Test
    void aSnapshotFileOfAnotherSpecOrCorruptIsNotUsed() throws Exception {
        ConfigSpec spec = ConfigSpec.of("acme", "base").prefix("disk2/");
        server.put("acme", "disk2/k", "1");
        try (LlmcmClient client = server.client().snapshotDir(dir).build()) {
            client.config(spec);
            await(WAIT, "the snapshot file", () -> Files.exists(file(spec)));
        }
        assertThat(SnapshotFile.read(dir, spec.prefix("other/"), null, LlmcmClient.defaultMapper())).isEmpty();
        Files.writeString(file(spec), "{not json");
        assertThat(SnapshotFile.read(dir, spec, null, LlmcmClient.defaultMapper())).isEmpty();
    }

    @Test
    void secretsAreNotWrittenUnlessOptedInAndThenOnlyEncrypted() throws Exception {
        ConfigSpec masked = ConfigSpec.of("acme", "base").prefix("llm/");
        ConfigSpec revealed = masked.revealSecrets(true);
        server.put("acme", "llm/models/chat", "{\"model\":\"gpt-4o\",\"temperature\":0.1}");
        server.ok("PUT", "/v1/tenants/acme/secrets/llm/keys/openai", "{\"value\":\"" + PLAINTEXT + "\"}");

        Path plainDir = dir.resolve("no-key");
        try (LlmcmClient client = server.client().snapshotDir(plainDir).build()) {
            ConfigView view = client.config(revealed);
            assertThat(view.get("llm/keys/openai", String.class)).as("revealed in memory").contains(PLAINTEXT);
            ConfigView maskedView = client.config(masked);
            assertThat(maskedView.getNode("llm/keys/openai").orElseThrow().path("secret").asString()).isEqualTo("***");
            await(WAIT, "both files", () -> Files.exists(SnapshotFile.path(plainDir, revealed)) && Files.exists(SnapshotFile.path(plainDir, masked)));
        }
        for (ConfigSpec s : new ConfigSpec[] {revealed, masked}) {
            Path f = SnapshotFile.path(plainDir, s);
            assertNoPlaintext(f, PLAINTEXT);
            assertThat(Files.readString(f)).as("no secret item at all, not even its mask").doesNotContain("llm/keys/openai").contains("llm/models/chat");
        }

        SecretKey key = aesKey();
        Path sealedDir = dir.resolve("with-key");
        try (LlmcmClient client = server.client().snapshotDir(sealedDir).persistSecrets(key).build()) {
            client.config(revealed);
            await(WAIT, "the file", () -> Files.exists(SnapshotFile.path(sealedDir, revealed)));
        }
        Path f = SnapshotFile.path(sealedDir, revealed);
        assertNoPlaintext(f, PLAINTEXT);
        assertThat(Files.readString(f)).contains("\"secrets\"").contains("llm/keys/openai");

        server.stop();
        try (LlmcmClient client = server.client().snapshotDir(sealedDir).persistSecrets(key).build()) {
            ConfigView view = client.config(revealed);
            assertThat(view.snapshot().source()).isEqualTo(Snapshot.Source.DISK);
            assertThat(view.get("llm/keys/openai", String.class)).as("decrypted from disk").contains(PLAINTEXT);
            assertThat(view.getRaw("llm/keys/openai").orElseThrow().isSecret()).isTrue();
        }
        try (LlmcmClient client = server.client().snapshotDir(sealedDir).persistSecrets(aesKey()).build()) {
            ConfigView view = client.config(revealed);
            assertThat(view.get("llm/keys/openai", String.class)).as("another key opens nothing").isEmpty();
            assertThat(view.require("llm/models/chat", Model.class).model()).isEqualTo("gpt-4o");
        }
        try (LlmcmClient client = server.client().snapshotDir(sealedDir).build()) {
            assertThat(client.config(revealed).get("llm/keys/openai", String.class)).as("no key, no secrets").isEqualTo(Optional.empty());
        }
    }

    @Test
    void aRevealedAndAMaskedViewOfOneScopeKeepOneFileEach() throws Exception {
        ConfigSpec masked = ConfigSpec.of("acme", "base").prefix("two/");
        ConfigSpec revealed = masked.revealSecrets(true);
        assertThat(SnapshotFile.path(dir, revealed)).isNotEqualTo(SnapshotFile.path(dir, masked));
        server.ok("PUT", "/v1/tenants/acme/secrets/two/key", "{\"value\":\"" + PLAINTEXT + "\"}");
        SecretKey key = aesKey();
        try (LlmcmClient client = server.client().snapshotDir(dir).persistSecrets(key).build()) {
            client.config(revealed);
            client.config(masked); // written last: under one name it would overwrite the revealed file
            await(WAIT, "both files", () -> Files.exists(SnapshotFile.path(dir, revealed)) && Files.exists(SnapshotFile.path(dir, masked)));
        }
        server.stop();
        try (LlmcmClient client = server.client().snapshotDir(dir).persistSecrets(key).build()) {
            assertThat(client.config(revealed).get("two/key", String.class)).contains(PLAINTEXT);
            assertThat(client.config(masked).getNode("two/key").orElseThrow().path("secret").asString()).isEqualTo("***");
        }
        Files.copy(SnapshotFile.path(dir, masked), SnapshotFile.path(dir, revealed), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(SnapshotFile.read(dir, revealed, key, LlmcmClient.defaultMapper())).as("a masked file under the revealed name").isEmpty();
    }

    @Test
    void aSealedSecretCannotBeMovedToAnotherPath() throws Exception {
        SecretKey key = aesKey();
        ConfigSpec spec = ConfigSpec.of("acme", "base").prefix("mv/");
        Snapshot s = Snapshot.of(9, java.util.List.of(
                new ConfigValue("mv/a", LlmcmClient.defaultMapper().readTree("\"" + PLAINTEXT + "\""), "secret", 9, null)));
        SnapshotFile.write(dir, spec, s, key, LlmcmClient.defaultMapper());
        Path f = SnapshotFile.path(dir, spec);
        assertNoPlaintext(f, PLAINTEXT);
        assertThat(SnapshotFile.read(dir, spec, key, LlmcmClient.defaultMapper()).orElseThrow().get("mv/a", String.class)).contains(PLAINTEXT);
        Files.writeString(f, Files.readString(f).replace("\"mv/a\"", "\"mv/b\""));
        Snapshot moved = SnapshotFile.read(dir, spec, key, LlmcmClient.defaultMapper()).orElseThrow();
        assertThat(moved.paths()).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).as("no temporary file left").isEmpty();
        }
    }
}
