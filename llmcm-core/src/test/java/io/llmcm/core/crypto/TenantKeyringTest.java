package io.llmcm.core.crypto;

import static io.llmcm.core.crypto.CryptoFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.KeyException;
import io.llmcm.core.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class TenantKeyringTest {
    private final Kek kek = CryptoFixtures.envProvider(CryptoFixtures.FIXED_KEY)
            .open(CryptoFixtures.envProvider(CryptoFixtures.FIXED_KEY).create());

    @Test
    void aNewKeyringHasVersionOne() {
        TenantKeyring k = TenantKeyring.create("acme");
        assertThat(k.tenant()).isEqualTo("acme");
        assertThat(k.versions()).containsExactly(1);
        assertThat(k.primaryVersion()).isEqualTo(1);
        assertThat(k.versionOf(k.encrypt(utf8("x"), new byte[0]))).isEqualTo(1);
    }

    @Test
    void everyEncryptionUsesAFreshNonce() {
        TenantKeyring k = TenantKeyring.create("acme");
        Set<String> nonces = new HashSet<>();
        Set<String> ciphertexts = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            byte[] ct = k.encrypt(utf8("same plaintext"), utf8("same aad"));
            nonces.add(CryptoFixtures.hex(Arrays.copyOfRange(ct, 5, 17)));
            ciphertexts.add(CryptoFixtures.hex(ct));
        }
        assertThat(nonces).hasSize(1000);
        assertThat(ciphertexts).hasSize(1000);
    }

    @Test
    void decryptionNeedsTheSameAssociatedData() {
        TenantKeyring k = TenantKeyring.create("acme");
        byte[] ct = k.encrypt(utf8("secret"), utf8("aad-1"));
        assertThat(k.decrypt(ct, utf8("aad-1"))).isEqualTo(utf8("secret"));
        assertThatThrownBy(() -> k.decrypt(ct, utf8("aad-2")))
                .isInstanceOf(KeyException.class)
                .hasMessage("data does not decrypt with key version 1 of tenant acme: it belongs elsewhere or is damaged");
    }

    @Test
    void anotherTenantsKeysDoNotDecrypt() {
        byte[] ct = TenantKeyring.create("acme").encrypt(utf8("secret"), new byte[0]);
        assertThatThrownBy(() -> TenantKeyring.create("beta").decrypt(ct, new byte[0])).isInstanceOf(KeyException.class);
    }

    @Test
    void tamperedCiphertextsDoNotDecrypt() {
        TenantKeyring k = TenantKeyring.create("acme");
        byte[] ct = k.encrypt(utf8("secret"), new byte[0]);
        for (int i = 5; i < ct.length; i++) {
            byte[] bad = ct.clone();
            bad[i] ^= 1;
            assertThatThrownBy(() -> k.decrypt(bad, new byte[0])).isInstanceOf(KeyException.class);
        }
    }

    @Test
    void rotationKeepsOldCiphertextsReadableAndEncryptsWithTheNewVersion() {
        TenantKeyring v1 = TenantKeyring.create("acme");
        byte[] old = v1.encrypt(utf8("old"), new byte[0]);
        TenantKeyring v2 = v1.rotate();
        TenantKeyring v3 = v2.rotate();
        assertThat(v3.versions()).containsExactly(1, 2, 3);
        assertThat(v3.primaryVersion()).isEqualTo(3);
        assertThat(v1.versions()).containsExactly(1); // immutable
        byte[] fresh = v3.encrypt(utf8("new"), new byte[0]);
        assertThat(v3.versionOf(fresh)).isEqualTo(3);
        assertThat(v3.versionOf(old)).isEqualTo(1);
        assertThat(v3.decrypt(old, new byte[0])).isEqualTo(utf8("old"));
        assertThatThrownBy(() -> v1.decrypt(fresh, new byte[0]))
                .isInstanceOf(KeyException.class)
                .hasMessage("data was encrypted with key version 3 of tenant acme, which this keyring no longer holds");
    }

    @Test
    void droppingOldVersionsMakesTheirCiphertextsUnreadable() {
        TenantKeyring v2 = TenantKeyring.create("acme").rotate();
        byte[] old = v2.encrypt(utf8("x"), new byte[0]);
        TenantKeyring v3 = v2.rotate();
        TenantKeyring trimmed = v3.withoutVersionsBefore(3);
        assertThat(trimmed.versions()).containsExactly(3);
        assertThatThrownBy(() -> trimmed.decrypt(old, new byte[0])).hasMessageContaining("no longer holds");
        assertThatThrownBy(() -> v3.withoutVersionsBefore(4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wrapAndUnwrapKeepEveryVersion() {
        TenantKeyring k = TenantKeyring.create("acme").rotate();
        byte[] old = k.encrypt(utf8("v2 data"), new byte[0]);
        byte[] wrapped = k.wrap(kek);
        assertThat(TenantKeyring.wrappedBy(wrapped)).isEqualTo("env:1");
        TenantKeyring back = TenantKeyring.unwrap("acme", wrapped, kek);
        assertThat(back.versions()).containsExactly(1, 2);
        assertThat(back.primaryVersion()).isEqualTo(2);
        assertThat(back.decrypt(old, new byte[0])).isEqualTo(utf8("v2 data"));
        assertThat(back.rotate().primaryVersion()).isEqualTo(3);
    }

    @Test
    void theWrappedFormHoldsNoKeyMaterialInTheClear() {
        TenantKeyring k = TenantKeyring.create("acme");
        String wrapped = Json.utf8(k.wrap(kek));
        assertThat(Json.parse(wrapped).propertyNames()).containsExactly("v", "tenant", "kek", "dek", "jwt");
        for (String part : List.of("dek", "jwt")) {
            byte[] blob = java.util.Base64.getDecoder().decode(Json.parse(wrapped).get(part).stringValue());
            // an encrypted keyset, not a cleartext one: Tink cannot read it without the KEK
            assertThatThrownBy(() -> com.google.crypto.tink.TinkProtoKeysetFormat.parseKeyset(
                            blob, com.google.crypto.tink.InsecureSecretKeyAccess.get(), TinkSetup.config()))
                    .isInstanceOf(java.security.GeneralSecurityException.class);
            assertThat(Json.utf8(blob)).doesNotContain("type.googleapis.com");
        }
    }

    @Test
    void aKeyringCopiedToAnotherTenantDoesNotUnwrap() {
        byte[] wrapped = TenantKeyring.create("acme").wrap(kek);
        assertThatThrownBy(() -> TenantKeyring.unwrap("beta", wrapped, kek))
                .isInstanceOf(KeyException.class)
                .hasMessage("the keyring stored for tenant beta belongs to tenant acme");
        ObjectNode edited = (ObjectNode) Json.parse(wrapped);
        edited.put("tenant", "beta");
        assertThatThrownBy(() -> TenantKeyring.unwrap("beta", Json.bytes(edited), kek))
                .isInstanceOf(KeyException.class)
                .hasMessage("cannot unwrap the keys of tenant beta with master key env:1: wrong master key or damaged data");
    }

    @Test
    void theWrongMasterKeyDoesNotUnwrapAndSaysWhichKeyWrapped() {
        byte[] wrapped = TenantKeyring.create("acme").wrap(kek);
        EnvironmentKeyProvider other = CryptoFixtures.envProvider(EnvironmentKeyProvider.newKey());
        Kek otherKek = other.open(other.create());
        assertThatThrownBy(() -> TenantKeyring.unwrap("acme", wrapped, otherKek))
                .isInstanceOf(KeyException.class)
                .hasMessage("cannot unwrap the keys of tenant acme with master key env:1: wrong master key or damaged data");
        assertThatThrownBy(() -> TenantKeyring.unwrap("acme", "{}".getBytes(), kek))
                .hasMessage("the keyring of tenant acme is damaged: not a wrapped keyring");
    }

    @Test
    void keyringsMoveBetweenProviders(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        MasterKeyFileProvider file = new MasterKeyFileProvider(dir.resolve("master.key"));
        Kek fileKek = file.open(file.create());
        PassphraseKeyProvider pass = new PassphraseKeyProvider(() -> "correct horse".toCharArray(), null, CryptoFixtures.FAST);
        Kek passKek = pass.open(pass.create());
        TenantKeyring k = TenantKeyring.create("acme");
        byte[] ct = k.encrypt(utf8("moves"), new byte[0]);
        byte[] viaFile = k.wrap(fileKek);
        byte[] viaPass = TenantKeyring.unwrap("acme", viaFile, fileKek).wrap(passKek);
        byte[] viaEnv = TenantKeyring.unwrap("acme", viaPass, passKek).wrap(kek);
        assertThat(TenantKeyring.wrappedBy(viaFile)).isEqualTo("file:1");
        assertThat(TenantKeyring.wrappedBy(viaPass)).isEqualTo("passphrase:1");
        assertThat(TenantKeyring.unwrap("acme", viaEnv, kek).decrypt(ct, new byte[0])).isEqualTo(utf8("moves"));
        assertThatThrownBy(() -> TenantKeyring.unwrap("acme", viaEnv, fileKek)).isInstanceOf(KeyException.class);
    }

    @Test
    void oneKeyringServesManyThreads() throws Exception {
        TenantKeyring k = TenantKeyring.create("acme").rotate();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        byte[] pt = utf8(thread + ":" + i);
                        if (!Arrays.equals(k.decrypt(k.encrypt(pt, pt), pt), pt)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void toStringShowsNoKeys() {
        TenantKeyring k = TenantKeyring.create("acme");
        assertThat(k.toString()).isEqualTo("TenantKeyring[acme, versions [1], primary 1]");
        assertThat(kek.toString()).isEqualTo("Kek[env:1, versions [1]]");
    }
}
