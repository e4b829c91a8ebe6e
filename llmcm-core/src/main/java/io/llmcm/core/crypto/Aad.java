package io.llmcm.core.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Associated data built from named parts: a fixed label, then every part as a 4-byte big-endian
 * length and its UTF-8 bytes. Length prefixes make the encoding injective, so no two different
 * lists of parts (say tenant "a-b" + path "c" and tenant "a" + path "b-c") give the same bytes.
 */
final class Aad {
    private Aad() {}

    static byte[] of(String label, String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 16 * parts.length);
        out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        for (String part : parts) {
            byte[] b = part.getBytes(StandardCharsets.UTF_8);
            out.write(b.length >>> 24);
            out.write(b.length >>> 16);
            out.write(b.length >>> 8);
            out.write(b.length);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }
}
