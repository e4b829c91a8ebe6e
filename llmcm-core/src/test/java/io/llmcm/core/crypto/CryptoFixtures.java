package io.llmcm.core.crypto;

import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/** Shared bits of the crypto tests. */
final class CryptoFixtures {
    /** Cheap Argon2id for behaviour tests (the default cost is exercised in one test). */
    static final PassphraseKeyProvider.Cost FAST = new PassphraseKeyProvider.Cost(1024, 1, 1);

    /** A fixed master key (base64 of bytes 0x00..0x1f): the golden files are wrapped under it. */
    static final String FIXED_KEY = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));

    private CryptoFixtures() {}

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static EntryKey address(String tenant, String path, String env, String service) {
        return EntryKey.of(tenant, path, Layer.of(env, service));
    }

    static EnvironmentKeyProvider envProvider(String key) {
        return new EnvironmentKeyProvider(EnvironmentKeyProvider.DEFAULT_VARIABLE, Map.of(EnvironmentKeyProvider.DEFAULT_VARIABLE, key));
    }

    static byte[] resource(String name) {
        try (InputStream in = CryptoFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resourceText(String name) {
        return new String(resource(name), StandardCharsets.UTF_8);
    }
}
