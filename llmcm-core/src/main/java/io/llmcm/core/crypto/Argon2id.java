package io.llmcm.core.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2id (RFC 9106, version 0x13) through Bouncy Castle; the only thing this package uses it for. */
final class Argon2id {
    private Argon2id() {}

    /**
     * The raw RFC 9106 function. {@code secret} and {@code associatedData} may be null (the
     * passphrase provider passes none; the known-answer test passes the RFC's).
     */
    static byte[] derive(byte[] password, byte[] salt, PassphraseKeyProvider.Cost cost, byte[] secret, byte[] associatedData, int length) {
        Argon2Parameters.Builder b = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(cost.memoryKib())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism());
        if (secret != null) {
            b.withSecret(secret);
        }
        if (associatedData != null) {
            b.withAdditional(associatedData);
        }
        Argon2Parameters params = b.build();
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(params);
        byte[] out = new byte[length];
        gen.generateBytes(password, out);
        b.clear();
        params.clear();
        return out;
    }

    /** A 32-byte key from a passphrase: UTF-8 of its NFC form, so the same words typed anywhere agree. */
    static byte[] deriveKey(char[] passphrase, byte[] salt, PassphraseKeyProvider.Cost cost) {
        byte[] password = utf8(passphrase);
        try {
            return derive(password, salt, cost, null, null, 32);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    private static byte[] utf8(char[] passphrase) {
        CharBuffer chars = CharBuffer.wrap(passphrase);
        boolean ascii = true;
        for (char c : passphrase) {
            ascii &= c < 0x80;
        }
        if (!ascii) {
            // Normalizer works on Strings; this copy cannot be wiped, which is the price of agreement
            // between keyboards that compose accents differently
            chars = CharBuffer.wrap(Normalizer.normalize(chars, Normalizer.Form.NFC));
        }
        ByteBuffer bb = StandardCharsets.UTF_8.encode(chars);
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        if (bb.hasArray()) {
            Arrays.fill(bb.array(), (byte) 0);
        }
        return out;
    }
}
