package io.llmcm.core.crypto;

import static io.llmcm.core.crypto.CryptoFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Published test vectors through the same library calls the product makes. Sources: RFC 9106
 * §5.3 (Argon2id), RFC 8032 §7.1 TEST 1 (Ed25519), RFC 7748 §5.2 and §6.1 (X25519), NIST CAVP
 * {@code gcmEncryptExtIV256.rsp} [Keylen=256, IVlen=96, PTlen=128, AADlen=0, Taglen=128] Count 0
 * and the GCM specification's Test Case 16 (McGrew and Viega, AES-256 with AAD).
 */
class KnownAnswerTest {

    @Test
    void argon2idMatchesRfc9106Section5_3() throws Exception {
        // P = 32 × 0x01, S = 16 × 0x02, K = 8 × 0x03, X = 12 × 0x04, m = 32 KiB, t = 3, p = 4, T = 32 bytes
        byte[] tag = Argon2id.derive(
                filled(32, 1), filled(16, 2), new PassphraseKeyProvider.Cost(32, 3, 4), filled(8, 3), filled(12, 4), 32);
        assertThat(hex(tag)).isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }

    @Test
    void ed25519MatchesRfc8032Test1() throws Exception {
        byte[] seed = hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] publicKey = hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        String signature = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065"
                + "224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

        // the public key JCA derives from the seed (its key generator draws exactly the 32-byte seed)
        KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519");
        gen.initialize(NamedParameterSpec.ED25519, new FixedRandom(seed));
        byte[] spki = gen.generateKeyPair().getPublic().getEncoded();
        assertThat(hex(Arrays.copyOfRange(spki, 12, 44))).isEqualTo(hex(publicKey));

        PrivateKey priv = KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
        byte[] sig = Signatures.sign(priv, new byte[0]);
        assertThat(hex(sig)).isEqualTo(signature);

        PublicKey pub = KeyFactory.getInstance("Ed25519").generatePublic(
                new X509EncodedKeySpec(concat(hex("302a300506032b6570032100"), publicKey)));
        assertThat(Signatures.verify(pub, new byte[0], sig)).isTrue();
        assertThat(Signatures.verify(pub, new byte[] {0}, sig)).isFalse();
    }

    @ParameterizedTest(name = "RFC 7748 §5.2 vector {index}")
    @CsvSource({
        "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4, e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c, c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
        // the u-coordinate has its top bit set, which RFC 7748 says to mask
        "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d, e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493, 95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"
    })
    void x25519MatchesRfc7748Section5_2(String scalar, String u, String expected) throws Exception {
        assertThat(hex(x25519(hex(scalar), hex(u)))).isEqualTo(expected);
    }

    @Test
    void x25519MatchesRfc7748Section6_1() throws Exception {
        byte[] alice = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        String alicePublic = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
        byte[] bob = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        String bobPublic = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
        String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

        // the public keys as Recipients derives them (X25519 with the base point)
        assertThat(hex(PemKeys.x25519Raw(PemKeys.publicOf(x25519Private(alice))))).isEqualTo(alicePublic);
        assertThat(hex(PemKeys.x25519Raw(PemKeys.publicOf(x25519Private(bob))))).isEqualTo(bobPublic);
        assertThat(hex(x25519(alice, hex(bobPublic)))).isEqualTo(shared);
        assertThat(hex(x25519(bob, hex(alicePublic)))).isEqualTo(shared);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "NIST gcmEncryptExtIV256 Count 0, 31bdadd96698c204aa9ce1448ea94ae1fb4a9a0b3c9d773b51bb1822666b8f22, 0d18e06c7c725ac9e362e1ce, 2db5168e932556f8089a0622981d017d, '', fa4362189661d163fcd6a56d8bf0405a, d636ac1bbedd5cc3ee727dc2ab4a9489",
        "GCM spec Test Case 16, feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308, cafebabefacedbaddecaf888, d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39, feedfacedeadbeeffeedfacedeadbeefabaddad2, 522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662, 76fc6ece0f4e1768cddf8853bb2d551b"
    })
    void aes256GcmMatchesPublishedVectors(String name, String key, String iv, String pt, String aad, String ct, String tag)
            throws Exception {
        // JCA with the vector's fixed nonce: encryption reproduces ciphertext and tag
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(hex(key), "AES"), new GCMParameterSpec(128, hex(iv)));
        c.updateAAD(hex(aad));
        assertThat(hex(c.doFinal(hex(pt)))).isEqualTo(ct + tag);

        // Tink's AES-256-GCM (which picks its own nonces, so only decryption can take a fixed one)
        // opens nonce ‖ ciphertext ‖ tag; with the Tink prefix 0x01 ‖ key id, which is the layout
        // of every TenantKeyring ciphertext, key id 7 standing for DEK version 7
        byte[] body = hex(iv + ct + tag);
        assertThat(hex(aead(key, AesGcmParameters.Variant.NO_PREFIX, null).decrypt(body, hex(aad)))).isEqualTo(pt);
        byte[] prefixed = concat(hex("0100000007"), body);
        assertThat(hex(aead(key, AesGcmParameters.Variant.TINK, 7).decrypt(prefixed, hex(aad)))).isEqualTo(pt);
    }

    private static Aead aead(String key, AesGcmParameters.Variant variant, Integer id) throws Exception {
        AesGcmParameters params = AesGcmParameters.builder()
                .setKeySizeBytes(32)
                .setIvSizeBytes(12)
                .setTagSizeBytes(16)
                .setVariant(variant)
                .build();
        AesGcmKey k = AesGcmKey.builder()
                .setParameters(params)
                .setKeyBytes(SecretBytes.copyFrom(hex(key), InsecureSecretKeyAccess.get()))
                .setIdRequirement(id)
                .build();
        KeysetHandle.Builder.Entry entry = KeysetHandle.importKey(k);
        if (id == null) {
            entry.withRandomId();
        }
        return TinkSetup.primitive(KeysetHandle.newBuilder().addEntry(entry.makePrimary()).build(), Aead.class);
    }

    private static byte[] x25519(byte[] scalar, byte[] u) throws Exception {
        KeyAgreement ka = KeyAgreement.getInstance("X25519");
        ka.init(x25519Private(scalar));
        byte[] le = u.clone();
        le[31] &= 0x7f; // RFC 7748 §5: mask the most significant bit
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = le[31 - i];
        }
        ka.doPhase(KeyFactory.getInstance("X25519").generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be))), true);
        return ka.generateSecret();
    }

    private static PrivateKey x25519Private(byte[] scalar) throws Exception {
        return KeyFactory.getInstance("X25519").generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Hands out a fixed seed: makes JCA's key generator derive the RFC's key pair. */
    private static final class FixedRandom extends SecureRandom {
        private final byte[] seed;

        FixedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("asked for " + bytes.length + " bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
        }
    }
}
