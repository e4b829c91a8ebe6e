package io.llmcm.core.crypto;

import io.llmcm.core.InvalidInputException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/** Ed25519 signatures (RFC 8032, pure) through JCA, for exports and backups. */
public final class Signatures {
    private Signatures() {}

    /** The 64-byte signature of {@code data}. */
    public static byte[] sign(PrivateKey key, byte[] data) {
        requireEd25519(PemKeys.typeOf(key));
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCA cannot sign with Ed25519", e);
        }
    }

    /** True only when {@code signature} is {@code key}'s signature of exactly {@code data}. */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        requireEd25519(PemKeys.typeOf(key));
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void requireEd25519(String type) {
        if (!type.equals("ed25519")) {
            throw new InvalidInputException("signing keys are Ed25519; the given key is " + type);
        }
    }
}
