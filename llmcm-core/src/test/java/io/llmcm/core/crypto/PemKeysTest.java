package io.llmcm.core.crypto;

import static io.llmcm.core.crypto.CryptoFixtures.resourceText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PEM files written by OpenSSL 3 (see openssl/README.md) and by this class itself. */
class PemKeysTest {
    private static String pem(String name) {
        return resourceText("openssl/" + name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x25519", "ed25519", "rsa2048"})
    void opensslKeysAreReadAndTheirPublicHalvesMatch(String name) {
        PrivateKey priv = PemKeys.readPrivate(pem(name + ".pem"));
        PublicKey pub = PemKeys.readPublic(pem(name + ".pub.pem"));
        String type = name.startsWith("rsa") ? "rsa" : name;
        assertThat(PemKeys.typeOf(priv)).isEqualTo(type);
        assertThat(PemKeys.typeOf(pub)).isEqualTo(type);
        if (!type.equals("ed25519")) {
            assertThat(PemKeys.publicOf(priv).getEncoded()).isEqualTo(pub.getEncoded());
        }
        // writing gives back what openssl wrote
        assertThat(PemKeys.writePublic(pub)).isEqualTo(pem(name + ".pub.pem"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x25519", "ed25519", "rsa"})
    void generatedKeysRoundTripThroughPem(String type) {
        KeyPair kp = PemKeys.generate(type);
        PrivateKey priv = PemKeys.readPrivate(PemKeys.writePrivate(kp.getPrivate()));
        PublicKey pub = PemKeys.readPublic(PemKeys.writePublic(kp.getPublic()));
        assertThat(priv.getEncoded()).isEqualTo(kp.getPrivate().getEncoded());
        assertThat(pub.getEncoded()).isEqualTo(kp.getPublic().getEncoded());
        assertThat(PemKeys.writePrivate(priv)).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(PemKeys.fingerprint(pub)).hasSize(64).isEqualTo(PemKeys.fingerprint(kp.getPublic()));
        if (type.equals("rsa")) {
            assertThat(((RSAKey) pub).getModulus().bitLength()).isEqualTo(3072);
        }
    }

    @Test
    void wrongFormatsAndTypesGetClearErrors() {
        assertThatThrownBy(() -> PemKeys.readPrivate(pem("rsa1024.pem")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("RSA key has 1024 bits; at least 2048 are required");
        assertThatThrownBy(() -> PemKeys.readPrivate(pem("ec-p256.pem")))
                .hasMessage("EC keys are not supported; use X25519, Ed25519 or RSA");
        assertThatThrownBy(() -> PemKeys.readPrivate(pem("rsa2048-pkcs1.pem")))
                .hasMessage("PKCS#1 RSA key; convert it to PKCS#8 (openssl pkey -in KEY -out KEY.pem)");
        assertThatThrownBy(() -> PemKeys.readPrivate(pem("ed25519-encrypted.pem")))
                .hasMessage("the private key is encrypted; decrypt it first (openssl pkey -in KEY -out PLAIN)");
        assertThatThrownBy(() -> PemKeys.readPublic(pem("x25519.pem")))
                .hasMessage("expected a public key (PUBLIC KEY), got a private key");
        assertThatThrownBy(() -> PemKeys.readPrivate(pem("x25519.pub.pem")))
                .hasMessage("expected a private key (PRIVATE KEY), got a public key");
        assertThatThrownBy(() -> PemKeys.readPublic("hello"))
                .hasMessage("not a PEM key: expected -----BEGIN PUBLIC KEY-----");
        assertThatThrownBy(() -> PemKeys.readPublic("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .hasMessage("unsupported or damaged key; use X25519, Ed25519 or RSA (at least 2048 bits)");
        assertThatThrownBy(() -> PemKeys.generate("dsa")).hasMessage("unknown key type 'dsa'; use x25519, ed25519 or rsa");
    }

    @Test
    void parseErrorsNeverQuoteTheKey() {
        String damaged = pem("ed25519.pem").replace("MC4CAQAwBQYDK2Vw", "MC4CAQAwBQYDK2Vx");
        assertThatThrownBy(() -> PemKeys.readPrivate(damaged))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("MC4C"));
    }
}
