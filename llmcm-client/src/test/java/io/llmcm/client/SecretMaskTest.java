package io.llmcm.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import javax.crypto.KeyGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A revealed secret keeps the server's mask beside it, for logs; the mask never holds the value. */
class SecretMaskTest {
    static final String PLAINTEXT = "sk-live-MASKTEST-91c2";

    static LiveServer server;
    static long version;

    @BeforeAll
    static void start() {
        server = LiveServer.start();
        version = server.ok("PUT", "/v1/tenants/acme/secrets/mask/key", "{\"value\":\"" + PLAINTEXT + "\"}").path("revision").asLong();
        server.put("acme", "mask/plain", "{\"a\":1}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aRevealedSecretCarriesItsMaskAndPrintsOnlyThat() {
        try (LlmcmClient client = server.client().build()) {
            ConfigView view = client.config(ConfigSpec.of("acme", "base").prefix("mask/").revealSecrets(true));
            assertThat(view.get("mask/key", String.class)).contains(PLAINTEXT);
            SecretMask mask = view.snapshot().mask("mask/key").orElseThrow();
            assertThat(mask.json().path("secret").asString()).isEqualTo("***");
            assertThat(mask.version()).isEqualTo(version);
            assertThat(mask.toString()).doesNotContain(PLAINTEXT).contains("***");
            ConfigValue raw = view.getRaw("mask/key").orElseThrow();
            assertThat(raw.mask()).isEqualTo(mask);
            assertThat(raw.toString()).as("a value printed by mistake").doesNotContain(PLAINTEXT).contains("***");
            assertThat(view.snapshot().mask("mask/plain")).as("not a secret").isEmpty();
            assertThat(view.snapshot().mask("mask/none")).isEmpty();
        }
    }

    @Test
    void aMaskedViewHasTheSameMask() {
        try (LlmcmClient client = server.client().build()) {
            Snapshot revealed = client.config(ConfigSpec.of("acme", "base").prefix("mask/").revealSecrets(true)).snapshot();
            Snapshot masked = client.config(ConfigSpec.of("acme", "base").prefix("mask/")).snapshot();
            assertThat(masked.mask("mask/key")).isEqualTo(revealed.mask("mask/key"));
            assertThat(masked.node("mask/key").orElseThrow()).isEqualTo(masked.mask("mask/key").orElseThrow().json());
        }
    }

    @Test
    void theMaskSurvivesTheSealedDiskSnapshot(@TempDir Path dir) throws Exception {
        KeyGenerator g = KeyGenerator.getInstance("AES");
        g.init(256);
        var key = g.generateKey();
        ConfigSpec spec = ConfigSpec.of("acme", "base").prefix("mask/").revealSecrets(true);
        SecretMask online;
        try (LlmcmClient client = server.client().snapshotDir(dir).persistSecrets(key).build()) {
            online = client.config(spec).snapshot().mask("mask/key").orElseThrow();
        }
        Snapshot disk = SnapshotFile.read(dir, spec, key, LlmcmClient.defaultMapper()).orElseThrow();
        assertThat(disk.get("mask/key", String.class)).contains(PLAINTEXT);
        assertThat(disk.mask("mask/key")).contains(online);
    }

    @Test
    void aMaskCannotWrapAValueNorSitOnANonSecret() {
        var m = LlmcmClient.defaultMapper();
        assertThatThrownBy(() -> new SecretMask(m.readTree("\"" + PLAINTEXT + "\""))).isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain(PLAINTEXT);
        assertThatThrownBy(() -> new SecretMask(m.readTree("{\"secret\":\"" + PLAINTEXT + "\"}"))).isInstanceOf(IllegalArgumentException.class);
        SecretMask mask = new SecretMask(m.readTree("{\"secret\":\"***\",\"version\":3}"));
        assertThatThrownBy(() -> new ConfigValue("p", m.readTree("1"), "json", 1, null, mask)).isInstanceOf(IllegalArgumentException.class);
    }
}
