package io.llmcm.core.secret;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.KeyException;
import io.llmcm.core.crypto.PemKeys;
import io.llmcm.core.crypto.Recipients;
import io.llmcm.core.crypto.Signatures;
import io.llmcm.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A signed, optionally encrypted export: the way values — secrets included — travel between
 * stores. The payload is encrypted to a recipient's public key (X25519 or RSA-OAEP) when one is
 * given, then the whole bundle is signed with the exporting store's Ed25519 key. Import checks the
 * signature against a signer the importer trusts before it decrypts anything.
 *
 * <pre>{"format":"llmcm-bundle/1","created":"…","encrypted":true,
 *  "signer":"-----BEGIN PUBLIC KEY-----…","payload":"base64","signature":"base64"}</pre>
 *
 * The signature covers format, created, encrypted, signer and payload, so none of them can be
 * swapped; the encryption context binds the signer too.
 */
public final class Bundle {
    public static final String FORMAT = "llmcm-bundle/1";

    private Bundle() {}

    /** True when a document looks like a bundle (so import knows which way to read it). */
    public static boolean isBundle(String text) {
        return text.stripLeading().startsWith("{") && text.contains("\"" + FORMAT + "\"");
    }

    /**
     * Seals a payload document into a bundle.
     *
     * @param recipient null for a signed but unencrypted bundle
     */
    public static byte[] write(JsonNode payload, PublicKey recipient, PrivateKey signingKey, PublicKey signerPublic, Instant created) {
        String signer = PemKeys.writePublic(signerPublic);
        byte[] plain = Json.bytes(payload);
        byte[] body = recipient == null ? plain : Recipients.encrypt(recipient, plain, context(signer));
        ObjectNode b = Json.NODES.objectNode()
                .put("format", FORMAT)
                .put("created", created.toString())
                .put("encrypted", recipient != null)
                .put("signer", signer)
                .put("payload", Base64.getEncoder().encodeToString(body));
        b.put("signature", Base64.getEncoder().encodeToString(Signatures.sign(signingKey, signed(b))));
        return (Json.pretty(b) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Opens a bundle: verifies the signature with a trusted signer, then decrypts with the
     * identity when the bundle is encrypted.
     *
     * @param identity the recipient's private key; needed only for encrypted bundles
     */
    public static JsonNode read(String text, PublicKey trustedSigner, PrivateKey identity) {
        JsonNode b;
        try {
            b = Json.MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidInputException("the bundle is not valid JSON" + Json.location(e));
        }
        if (!FORMAT.equals(b.path("format").asString(""))) {
            throw new InvalidInputException("not an llmcm bundle (expected format " + FORMAT + ")");
        }
        String signer = b.path("signer").asString("");
        PublicKey embedded = PemKeys.readPublic(signer);
        if (!java.util.Arrays.equals(embedded.getEncoded(), trustedSigner.getEncoded())) {
            throw new KeyException("the bundle is signed by a key you did not trust (pass the exporting store's public key with --signer)");
        }
        byte[] signature = decode(b, "signature");
        ObjectNode unsigned = ((ObjectNode) b.deepCopy());
        unsigned.remove("signature");
        if (!Signatures.verify(trustedSigner, signed(unsigned), signature)) {
            throw new KeyException("the bundle's signature does not verify: it was altered after it was signed");
        }
        byte[] body = decode(b, "payload");
        if (b.path("encrypted").asBoolean(false)) {
            if (identity == null) {
                throw new KeyException("the bundle is encrypted; pass the recipient's private key with --identity");
            }
            body = Recipients.decrypt(identity, body, context(signer));
        }
        return Json.parse(body);
    }

    /** The bytes the signature covers: every field but the signature, in a fixed order. */
    private static byte[] signed(JsonNode b) {
        String s = FORMAT + "\n" + b.path("created").asString("") + "\n" + b.path("encrypted").asBoolean(false) + "\n"
                + b.path("signer").asString("") + "\n" + b.path("payload").asString("");
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] context(String signer) {
        return (FORMAT + "|" + signer).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] decode(JsonNode b, String field) {
        try {
            return Base64.getDecoder().decode(b.path(field).asString(""));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("the bundle's " + field + " is not valid base64");
        }
    }
}
