package io.llmcm.core.crypto;

import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Writes the golden files {@link GoldenFormatTest} reads. Run once, by hand, and commit the output;
 * never again for the same format version (the point is that old files keep opening):
 *
 * <pre>
 * ./mvnw -pl llmcm-core test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * cd llmcm-core/src/test/resources/io/llmcm/core/crypto/golden   # so the key file hint is ./master.key
 * java -cp "$(cat /tmp/cp.txt):../../../../../../../target/classes:../../../../../../../target/test-classes" \
 *     io.llmcm.core.crypto.GoldenFiles .
 * </pre>
 */
final class GoldenFiles {
    static final EntryKey TEXT_AT = CryptoFixtures.address("acme", "providers/openai/api-key", "prod", "chat");
    static final EntryKey JSON_AT = CryptoFixtures.address("acme", "databases/main", "base", "");
    static final Value TEXT = Value.text("sk-golden-0123456789");
    static final Value JSON = Value.of(Json.parse("{\"user\":\"app\",\"password\":\"golden-pw\",\"port\":5432}"));
    static final Instant SEALED = Instant.parse("2026-11-25T23:00:00Z");
    static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");
    static final String PASSPHRASE = "golden passphrase";
    static final String AUDIENCE = "https://api.example";

    private GoldenFiles() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        EnvironmentKeyProvider env = CryptoFixtures.envProvider(CryptoFixtures.FIXED_KEY);
        KekRecord envRecord = env.create();
        Kek envKek = env.open(envRecord);

        TenantKeyring v1 = TenantKeyring.create("acme");
        Value text = Sealer.seal(v1, TEXT_AT, TEXT, EXPIRES, SEALED);
        TenantKeyring v2 = v1.rotate();
        Value json = Sealer.seal(v2, JSON_AT, JSON, null, SEALED);
        String jwt = v2.signJwt("svc-chat", AUDIENCE, Map.of("scope", "read"), SEALED, SEALED.plusSeconds(900), "lease-1");

        Files.write(dir.resolve("env-kek-record.json"), envRecord.toBytes());
        Files.write(dir.resolve("keyring-acme.env.json"), v2.wrap(envKek));
        Files.write(dir.resolve("secret-text.json"), text.bytes());
        Files.write(dir.resolve("secret-json.json"), json.bytes());
        Files.writeString(dir.resolve("token.jwt"), jwt);

        Path keyFile = dir.resolve("master.key");
        MasterKeyFileProvider file = new MasterKeyFileProvider(keyFile);
        KekRecord fileRecord = file.create();
        Files.write(dir.resolve("file-kek-record.json"), fileRecord.toBytes());
        Files.write(dir.resolve("keyring-acme.file.json"), v2.wrap(file.open(fileRecord)));

        PassphraseKeyProvider pass = new PassphraseKeyProvider(PASSPHRASE::toCharArray, null, CryptoFixtures.FAST);
        KekRecord passRecord = pass.create();
        Files.write(dir.resolve("passphrase-kek-record.json"), passRecord.toBytes());
        Files.write(dir.resolve("keyring-acme.passphrase.json"), v2.wrap(pass.open(passRecord)));
    }
}
