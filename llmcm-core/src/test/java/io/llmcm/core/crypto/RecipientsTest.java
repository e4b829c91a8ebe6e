package io.llmcm.core.crypto;

import static io.llmcm.core.crypto.CryptoFixtures.resource;
import static io.llmcm.core.crypto.CryptoFixtures.resourceText;
import static io.llmcm.core.crypto.CryptoFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.KeyException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecipientsTest {
    private static final byte[] CONTEXT = utf8("llmcm export v1");
    private static final byte[] DATA = utf8("{\"providers/openai/api-key\":\"sk-PLANTED\"}");

    private static KeyPair openssl(String name) {
        return new KeyPair(
                PemKeys.readPublic(resourceText("openssl/" + name + ".pub.pem")),
                PemKeys.readPrivate(resourceText("openssl/" + name + ".pem")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x25519", "rsa2048"})
    void theRecipientDecryptsWithTheSameContext(String name) {
        KeyPair kp = openssl(name);
        byte[] ct = Recipients.encrypt(kp.getPublic(), DATA, CONTEXT);
        assertThat(Arrays.copyOf(ct, 6)).isEqualTo(utf8("llmcmR"));
        assertThat(ct[7]).isEqualTo((byte) (name.equals("x25519") ? 1 : 2));
        assertThat(new String(ct, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("sk-PLANTED");
        assertThat(Recipients.decrypt(kp.getPrivate(), ct, CONTEXT)).isEqualTo(DATA);
        assertThat(Recipients.encrypt(kp.getPublic(), DATA, CONTEXT)).isNotEqualTo(ct); // randomized
    }

    @ParameterizedTest
    @ValueSource(strings = {"x25519", "rsa"})
    void anotherKeyOfTheSameTypeIsNotTheRecipient(String type) {
        byte[] ct = Recipients.encrypt(PemKeys.generate(type).getPublic(), DATA, CONTEXT);
        PrivateKey other = PemKeys.generate(type).getPrivate();
        assertThatThrownBy(() -> Recipients.decrypt(other, ct, CONTEXT))
                .isInstanceOf(KeyException.class)
                .hasMessage("the given key is not the recipient of this data");
    }

    @Test
    void aKeyOfAnotherTypeIsNamed() {
        byte[] ct = Recipients.encrypt(openssl("x25519").getPublic(), DATA, CONTEXT);
        assertThatThrownBy(() -> Recipients.decrypt(openssl("rsa2048").getPrivate(), ct, CONTEXT))
                .hasMessage("data is encrypted to an x25519 key; the given key is rsa");
        assertThatThrownBy(() -> Recipients.encrypt(openssl("ed25519").getPublic(), DATA, CONTEXT))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("an ed25519 key cannot receive encrypted data; use X25519 or RSA");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x25519", "rsa2048"})
    void tamperingOrAnotherContextFails(String name) {
        KeyPair kp = openssl(name);
        byte[] ct = Recipients.encrypt(kp.getPublic(), DATA, CONTEXT);
        String expected = "data does not decrypt with the recipient's key: it is damaged or its context differs";
        assertThatThrownBy(() -> Recipients.decrypt(kp.getPrivate(), ct, utf8("llmcm backup v1"))).hasMessage(expected);
        for (int i : new int[] {16, 40, ct.length / 2, ct.length - 1}) {
            byte[] bad = ct.clone();
            bad[i] ^= 1;
            assertThatThrownBy(() -> Recipients.decrypt(kp.getPrivate(), bad, CONTEXT))
                    .isInstanceOf(KeyException.class)
                    .hasMessage(expected);
        }
        byte[] badId = ct.clone();
        badId[9] ^= 1;
        assertThatThrownBy(() -> Recipients.decrypt(kp.getPrivate(), badId, CONTEXT))
                .hasMessage("the given key is not the recipient of this data");
        assertThatThrownBy(() -> Recipients.decrypt(kp.getPrivate(), Arrays.copyOf(ct, 10), CONTEXT))
                .hasMessage("data is not encrypted to a recipient (or is damaged)");
    }

    @Test
    void rsaOaepMatchesOpenssl() throws Exception {
        // OpenSSL encrypted with OAEP, SHA-256 and MGF1-SHA-256 (openssl/README.md); JCA's default
        // MGF1 for this transformation would be SHA-1, so this pins the explicit parameters
        PrivateKey priv = openssl("rsa2048").getPrivate();
        byte[] plain = Recipients.oaep(Cipher.DECRYPT_MODE, priv).doFinal(resource("openssl/oaep-sha256.bin"));
        assertThat(plain).isEqualTo(resource("openssl/oaep-plain.bin"));
        PublicKey pub = openssl("rsa2048").getPublic();
        byte[] ours = Recipients.oaep(Cipher.ENCRYPT_MODE, pub).doFinal(plain);
        assertThat(Recipients.oaep(Cipher.DECRYPT_MODE, priv).doFinal(ours)).isEqualTo(plain);
    }
}
