package io.llmcm.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random tokens (dynamic secrets, credentials) and their digests (what the store keeps). */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {}

    /** {@code bytes} random bytes from {@link SecureRandom}, base64url without padding. */
    public static String random(int bytes) {
        if (bytes < 16 || bytes > 1024) {
            throw new IllegalArgumentException("a token has 16 to 1024 random bytes");
        }
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes. */
    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(PemKeys.sha256(text.getBytes(StandardCharsets.UTF_8)));
    }
}
