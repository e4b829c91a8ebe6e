package io.llmcm.core.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.util.Bytes;
import com.google.crypto.tink.util.SecretBytes;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.KeyException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * Encryption to the holder of a private key (exports, backups). Output, self-describing:
 *
 * <pre>
 * "llmcmR" | 0x01 (format) | alg | key id (8 bytes) | body
 * alg 1 = X25519: body = HPKE ciphertext (RFC 9180 base mode, DHKEM(X25519, HKDF-SHA256),
 *         HKDF-SHA256, AES-256-GCM; Tink: encapsulated key ‖ sealed), info = header ‖ context
 * alg 2 = RSA:    body = u16 length ‖ RSA-OAEP(SHA-256, MGF1-SHA-256) of a random AES-256 key
 *                 ‖ AES-256-GCM (Tink, 12-byte nonce ‖ ciphertext ‖ tag), associated data = header ‖ context
 * </pre>
 *
 * The header is the first 16 bytes; the key id is the start of SHA-256 of the recipient's
 * SubjectPublicKeyInfo, so the wrong key gets a clear "not the recipient" instead of a bare failure.
 */
public final class Recipients {
    private static final byte[] MAGIC = "llmcmR".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT = 1;
    private static final int X25519 = 1;
    private static final int RSA = 2;
    private static final int HEADER = MAGIC.length + 2 + 8;
    private static final String OAEP = "RSA/ECB/OAEPWithSHA-256AndMGF1Padding";
    /** JCA's default MGF1 hash for this name is SHA-1; say SHA-256 explicitly (as openssl rsa_mgf1_md:sha256). */
    private static final OAEPParameterSpec OAEP_SHA256 =
            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private static final HpkeParameters HPKE;
    private static final AesGcmParameters AES;

    static {
        try {
            HPKE = HpkeParameters.builder()
                    .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                    .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                    .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                    .setVariant(HpkeParameters.Variant.NO_PREFIX)
                    .build();
            AES = AesGcmParameters.builder()
                    .setKeySizeBytes(32)
                    .setIvSizeBytes(12)
                    .setTagSizeBytes(16)
                    .setVariant(AesGcmParameters.Variant.NO_PREFIX)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Recipients() {}

    /**
     * Encrypts {@code plaintext} so only the holder of {@code recipient}'s private key can read it.
     *
     * @param context bound to the ciphertext (e.g. what the data is); decryption must pass the same
     */
    public static byte[] encrypt(PublicKey recipient, byte[] plaintext, byte[] context) {
        try {
            return switch (PemKeys.typeOf(recipient)) {
                case "x25519" -> {
                    byte[] header = header(X25519, recipient);
                    HybridEncrypt enc = TinkSetup.primitive(single(hpkePublic(recipient)), HybridEncrypt.class);
                    yield concat(header, enc.encrypt(plaintext, concat(header, context)));
                }
                case "rsa" -> encryptRsa(recipient, plaintext, context);
                default -> throw new InvalidInputException("an " + PemKeys.typeOf(recipient)
                        + " key cannot receive encrypted data; use X25519 or RSA");
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt to a recipient", e);
        }
    }

    /**
     * Reverses {@link #encrypt}.
     *
     * @throws KeyException when the key is not the recipient, or the data or context differ
     */
    public static byte[] decrypt(PrivateKey key, byte[] ciphertext, byte[] context) {
        if (ciphertext.length < HEADER || !Arrays.equals(ciphertext, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                || ciphertext[MAGIC.length] != FORMAT) {
            throw new KeyException("data is not encrypted to a recipient (or is damaged)");
        }
        int alg = ciphertext[MAGIC.length + 1];
        String type = PemKeys.typeOf(key);
        String expected = alg == X25519 ? "x25519" : alg == RSA ? "rsa" : "?";
        if (!type.equals(expected)) {
            throw new KeyException("data is encrypted to " + (expected.equals("?") ? "an unknown key type" : "an " + expected + " key")
                    + "; the given key is " + type);
        }
        PublicKey pub = PemKeys.publicOf(key);
        byte[] header = Arrays.copyOf(ciphertext, HEADER);
        if (!Arrays.equals(header, header(alg, pub))) {
            throw new KeyException("the given key is not the recipient of this data");
        }
        byte[] body = Arrays.copyOfRange(ciphertext, HEADER, ciphertext.length);
        try {
            if (alg == X25519) {
                HybridDecrypt dec = TinkSetup.primitive(single(hpkePrivate(key, pub)), HybridDecrypt.class);
                return dec.decrypt(body, concat(header, context));
            }
            return decryptRsa(key, header, body, context);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KeyException("data does not decrypt with the recipient's key: it is damaged or its context differs");
        }
    }

    private static byte[] encryptRsa(PublicKey recipient, byte[] plaintext, byte[] context) throws GeneralSecurityException {
        byte[] header = header(RSA, recipient);
        SecretBytes aesKey = SecretBytes.randomBytes(32);
        byte[] raw = aesKey.toByteArray(InsecureSecretKeyAccess.get());
        try {
            byte[] wrapped = oaep(Cipher.ENCRYPT_MODE, recipient).doFinal(raw);
            byte[] sealed = aes(aesKey).encrypt(plaintext, concat(header, context));
            ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER + 2 + wrapped.length + sealed.length);
            out.writeBytes(header);
            out.write(wrapped.length >>> 8);
            out.write(wrapped.length);
            out.writeBytes(wrapped);
            out.writeBytes(sealed);
            return out.toByteArray();
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static byte[] decryptRsa(PrivateKey key, byte[] header, byte[] body, byte[] context) throws GeneralSecurityException {
        if (body.length < 2) {
            throw new GeneralSecurityException("short");
        }
        int n = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
        if (body.length < 2 + n) {
            throw new GeneralSecurityException("short");
        }
        byte[] raw = oaep(Cipher.DECRYPT_MODE, key).doFinal(body, 2, n);
        try {
            if (raw.length != 32) {
                throw new GeneralSecurityException("bad key length");
            }
            Aead aead = aes(SecretBytes.copyFrom(raw, InsecureSecretKeyAccess.get()));
            return aead.decrypt(Arrays.copyOfRange(body, 2 + n, body.length), concat(header, context));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** RSA-OAEP with SHA-256 and MGF1-SHA-256, what {@code openssl pkeyutl} does with those options. */
    static Cipher oaep(int mode, Key key) throws GeneralSecurityException {
        Cipher rsa = Cipher.getInstance(OAEP);
        rsa.init(mode, key, OAEP_SHA256);
        return rsa;
    }

    private static Aead aes(SecretBytes key) throws GeneralSecurityException {
        AesGcmKey k = AesGcmKey.builder().setParameters(AES).setKeyBytes(key).build();
        return TinkSetup.primitive(single(k), Aead.class);
    }

    private static HpkePublicKey hpkePublic(PublicKey key) throws GeneralSecurityException {
        return HpkePublicKey.create(HPKE, Bytes.copyFrom(PemKeys.x25519Raw(key)), null);
    }

    private static HpkePrivateKey hpkePrivate(PrivateKey key, PublicKey pub) throws GeneralSecurityException {
        byte[] raw = PemKeys.x25519Raw(key);
        try {
            return HpkePrivateKey.create(hpkePublic(pub), SecretBytes.copyFrom(raw, InsecureSecretKeyAccess.get()));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static KeysetHandle single(com.google.crypto.tink.Key key) throws GeneralSecurityException {
        return KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
                .build();
    }

    private static byte[] header(int alg, Key recipient) {
        byte[] h = Arrays.copyOf(MAGIC, HEADER);
        h[MAGIC.length] = FORMAT;
        h[MAGIC.length + 1] = (byte) alg;
        System.arraycopy(PemKeys.sha256(recipient.getEncoded()), 0, h, MAGIC.length + 2, 8);
        return h;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + (b == null ? 0 : b.length));
        if (b != null) {
            System.arraycopy(b, 0, out, a.length, b.length);
        }
        return out;
    }
}
