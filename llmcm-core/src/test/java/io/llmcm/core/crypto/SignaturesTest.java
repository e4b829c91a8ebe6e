package io.llmcm.core.crypto;

import static io.llmcm.core.crypto.CryptoFixtures.resource;
import static io.llmcm.core.crypto.CryptoFixtures.resourceText;
import static io.llmcm.core.crypto.CryptoFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import java.security.KeyPair;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;

class SignaturesTest {
    @Test
    void opensslSignaturesVerifyAndOursVerifyWithOpensslsPublicKey() {
        PublicKey pub = PemKeys.readPublic(resourceText("openssl/ed25519.pub.pem"));
        byte[] message = resource("openssl/ed25519-message.txt");
        byte[] sig = resource("openssl/ed25519-message.sig");
        assertThat(Signatures.verify(pub, message, sig)).isTrue();
        byte[] ours = Signatures.sign(PemKeys.readPrivate(resourceText("openssl/ed25519.pem")), message);
        assertThat(ours).isEqualTo(sig); // Ed25519 is deterministic
    }

    @Test
    void anyChangeFailsVerification() {
        KeyPair kp = PemKeys.generate("ed25519");
        byte[] data = utf8("export document");
        byte[] sig = Signatures.sign(kp.getPrivate(), data);
        assertThat(sig).hasSize(64);
        assertThat(Signatures.verify(kp.getPublic(), data, sig)).isTrue();
        assertThat(Signatures.verify(kp.getPublic(), utf8("export documenT"), sig)).isFalse();
        byte[] bad = sig.clone();
        bad[10] ^= 1;
        assertThat(Signatures.verify(kp.getPublic(), data, bad)).isFalse();
        assertThat(Signatures.verify(kp.getPublic(), data, new byte[3])).isFalse();
        assertThat(Signatures.verify(PemKeys.generate("ed25519").getPublic(), data, sig)).isFalse();
    }

    @Test
    void onlyEd25519KeysSign() {
        assertThatThrownBy(() -> Signatures.sign(PemKeys.generate("x25519").getPrivate(), new byte[0]))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("signing keys are Ed25519; the given key is x25519");
    }
}
