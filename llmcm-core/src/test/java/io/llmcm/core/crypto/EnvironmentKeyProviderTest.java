package io.llmcm.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.KeyException;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvironmentKeyProviderTest {
    private static final String VAR = "LLMCM_MASTER_KEY";
    private static final String PREV = "LLMCM_MASTER_KEY_PREVIOUS";

    private static EnvironmentKeyProvider with(Map<String, String> env) {
        return new EnvironmentKeyProvider(VAR, env);
    }

    @Test
    void newKeysAre32RandomBytesInBase64() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String k = EnvironmentKeyProvider.newKey();
            assertThat(Base64.getDecoder().decode(k)).hasSize(32);
            keys.add(k);
        }
        assertThat(keys).hasSize(100);
    }

    @Test
    void theKeyInTheVariableOpensTheStore() {
        String key = EnvironmentKeyProvider.newKey();
        KekRecord record = with(Map.of(VAR, key)).create();
        assertThat(record.params()).containsEntry("variable", VAR).containsEntry("version", "1").containsKey("check");
        assertThat(new String(record.toBytes())).doesNotContain(key);
        Kek kek = with(Map.of(VAR, "  " + key + "\n")).open(record);
        assertThat(kek.id()).isEqualTo("env:1");
        assertThat(kek.unwrap(kek.wrap("x".getBytes(), new byte[0]), new byte[0])).isEqualTo("x".getBytes());
    }

    @Test
    void missingMalformedAndWrongKeysAreNamed() {
        KekRecord record = with(Map.of(VAR, EnvironmentKeyProvider.newKey())).create();
        assertThatThrownBy(() -> with(Map.of()).open(record))
                .isInstanceOf(KeyException.class)
                .hasMessage("environment variable LLMCM_MASTER_KEY is not set");
        assertThatThrownBy(() -> with(Map.of(VAR, Base64.getEncoder().encodeToString(new byte[16]))).open(record))
                .hasMessage("LLMCM_MASTER_KEY must be 32 bytes in base64 (got 16)");
        assertThatThrownBy(() -> with(Map.of(VAR, "not base64!")).open(record))
                .hasMessage("LLMCM_MASTER_KEY must be 32 bytes in base64 (got text that is not base64)");
        assertThatThrownBy(() -> with(Map.of(VAR, EnvironmentKeyProvider.newKey())).open(record))
                .hasMessage("the master key in LLMCM_MASTER_KEY does not match this store");
    }

    @Test
    void aRotationSetUpButNotRunGetsAHint() {
        String current = EnvironmentKeyProvider.newKey();
        KekRecord record = with(Map.of(VAR, current)).create();
        assertThatThrownBy(() -> with(Map.of(VAR, EnvironmentKeyProvider.newKey(), PREV, current)).open(record))
                .hasMessage("the master key in LLMCM_MASTER_KEY does not match this store"
                        + " (LLMCM_MASTER_KEY_PREVIOUS does: run the master key rotation)");
    }

    @Test
    void rotationUsesTheNewKeyAndThePreviousOneUntilRetired() {
        String k1 = EnvironmentKeyProvider.newKey();
        String k2 = EnvironmentKeyProvider.newKey();
        KekRecord v1 = with(Map.of(VAR, k1)).create();
        Kek oldKek = with(Map.of(VAR, k1)).open(v1);
        byte[] wrapped = TenantKeyring.create("acme").wrap(oldKek);

        assertThatThrownBy(() -> with(Map.of(VAR, k2)).rotate(v1))
                .hasMessage("environment variable LLMCM_MASTER_KEY_PREVIOUS is not set: put the current key there and a new key (llmcm key new) in LLMCM_MASTER_KEY");
        assertThatThrownBy(() -> with(Map.of(VAR, k1, PREV, k1)).rotate(v1))
                .hasMessage("LLMCM_MASTER_KEY still holds the current master key; put a new key in it (llmcm key new)");
        assertThatThrownBy(() -> with(Map.of(VAR, k2, PREV, EnvironmentKeyProvider.newKey())).rotate(v1))
                .hasMessage("the previous master key in LLMCM_MASTER_KEY_PREVIOUS does not match this store");

        EnvironmentKeyProvider rotating = with(Map.of(VAR, k2, PREV, k1));
        KeyProvider.Rotation r = rotating.rotate(v1);
        assertThat(r.kek().id()).isEqualTo("env:2");
        byte[] rewrapped = TenantKeyring.rewrap("acme", wrapped, r.kek());
        assertThat(TenantKeyring.wrappedBy(rewrapped)).isEqualTo("env:2");
        assertThat(TenantKeyring.unwrap("acme", wrapped, rotating.open(r.record())).tenant()).isEqualTo("acme");
        assertThatThrownBy(() -> with(Map.of(VAR, k2)).open(r.record()))
                .hasMessage("environment variable LLMCM_MASTER_KEY_PREVIOUS is not set: a master key rotation is unfinished"
                        + " and needs the previous key until it is retired");

        KeyProvider.Retirement done = rotating.retire(r.record());
        assertThat(done.note()).isEqualTo("discard the previous key in LLMCM_MASTER_KEY_PREVIOUS; backups made before this rotation still need it");
        Kek newKek = with(Map.of(VAR, k2)).open(done.record());
        assertThat(TenantKeyring.unwrap("acme", rewrapped, newKek).tenant()).isEqualTo("acme");
        assertThatThrownBy(() -> TenantKeyring.unwrap("acme", rewrapped, oldKek)).isInstanceOf(KeyException.class);
        assertThatThrownBy(() -> TenantKeyring.unwrap("acme", wrapped, newKek)).isInstanceOf(KeyException.class);
    }
}
