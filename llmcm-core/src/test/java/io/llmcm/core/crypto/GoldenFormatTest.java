package io.llmcm.core.crypto;

import static io.llmcm.core.crypto.CryptoFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.json.Json;
import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files written once by {@link GoldenFiles} and checked in: stores and backups made by this release
 * must open in every later one. If this fails, the stored format changed: add a new format version
 * instead of editing these files.
 */
class GoldenFormatTest {
    @TempDir
    Path dir;

    private static byte[] golden(String name) {
        return resource("golden/" + name);
    }

    private static TenantKeyring keyring(String provider, Kek kek) {
        return TenantKeyring.unwrap("acme", golden("keyring-acme." + provider + ".json"), kek);
    }

    private static Kek envKek() {
        return CryptoFixtures.envProvider(CryptoFixtures.FIXED_KEY).open(KekRecord.fromBytes(golden("env-kek-record.json")));
    }

    @Test
    void theGoldenKeyringOpensItsSecretsAndVerifiesItsToken() {
        TenantKeyring keys = keyring("env", envKek());
        assertThat(keys.versions()).containsExactly(1, 2);
        assertThat(keys.primaryVersion()).isEqualTo(2);

        Value text = Value.fromStore(ContentType.SECRET, golden("secret-text.json"));
        assertThat(Sealer.open(keys, GoldenFiles.TEXT_AT, text)).isEqualTo(GoldenFiles.TEXT);
        assertThat(Sealer.metadata(text))
                .isEqualTo(new SecretEnvelope.Metadata(1, ContentType.TEXT, GoldenFiles.SEALED, GoldenFiles.EXPIRES));
        Value json = Value.fromStore(ContentType.SECRET, golden("secret-json.json"));
        assertThat(Sealer.open(keys, GoldenFiles.JSON_AT, json)).isEqualTo(GoldenFiles.JSON);
        assertThat(Sealer.metadata(json).dekVersion()).isEqualTo(2);

        String jwt = new String(golden("token.jwt"), java.nio.charset.StandardCharsets.US_ASCII);
        JwtClaims claims = keys.verifyJwt(jwt, GoldenFiles.AUDIENCE, GoldenFiles.SEALED.plusSeconds(60)).orElseThrow();
        assertThat(claims.jwtId()).isEqualTo("lease-1");
        assertThat(claims.claims()).containsEntry("scope", "read");
    }

    @Test
    void theEnvelopeLayoutIsStable() {
        String text = Json.utf8(golden("secret-text.json"));
        assertThat(text).startsWith("{\"v\":1,\"dek\":1,\"type\":\"text\",\"sealed\":\"2026-11-25T23:00:00Z\","
                + "\"expires\":\"2030-01-01T00:00:00Z\",\"ct\":\"AQAAAAE"); // base64 of 0x01 00 00 00 01: Tink prefix, version 1
        // re-encoding the parsed envelope gives the same bytes
        assertThat(SecretEnvelope.parse(golden("secret-json.json")).toJson()).isEqualTo(golden("secret-json.json"));
    }

    @Test
    void theGoldenMasterKeyFileOpensItsKeyring() throws Exception {
        Path key = dir.resolve("master.key");
        Files.write(key, golden("master.key"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Kek kek = new MasterKeyFileProvider(key).open(KekRecord.fromBytes(golden("file-kek-record.json")));
        assertThat(kek.id()).isEqualTo("file:1");
        assertThat(Sealer.open(keyring("file", kek), GoldenFiles.TEXT_AT, Value.fromStore(ContentType.SECRET, golden("secret-text.json"))))
                .isEqualTo(GoldenFiles.TEXT);
    }

    @Test
    void theGoldenPassphraseRecordDerivesTheSameKey() {
        KekRecord record = KekRecord.fromBytes(golden("passphrase-kek-record.json"));
        Kek kek = new PassphraseKeyProvider(GoldenFiles.PASSPHRASE::toCharArray, null).open(record);
        assertThat(keyring("passphrase", kek).versions()).containsExactly(1, 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"env", "file", "passphrase"})
    void goldenKeyringsNameTheirKek(String provider) {
        assertThat(TenantKeyring.wrappedBy(golden("keyring-acme." + provider + ".json"))).isEqualTo(provider + ":1");
    }
}
