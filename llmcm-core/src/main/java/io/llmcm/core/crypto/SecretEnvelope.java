package io.llmcm.core.crypto;

import io.llmcm.core.LlmcmException;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.EntryKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stored form of a sealed secret, compact JSON with the fields in this order:
 *
 * <pre>{"v":1,"dek":2,"type":"text","sealed":"2026-11-25T23:10:17Z","expires":null,"ct":"base64…"}</pre>
 *
 * {@code ct} is the tenant keyring's ciphertext (Tink prefix naming DEK version {@code dek}, 12-byte
 * nonce, ciphertext, 16-byte tag). Its associated data ({@link #associatedData}) binds the full
 * address and every other field, so neither the ciphertext nor its metadata can be moved or edited.
 * Times are UTC, whole seconds.
 *
 * @param dekVersion the keyring version that sealed it
 * @param type what the plaintext was: {@link ContentType#JSON} or {@link ContentType#TEXT}
 * @param sealedAt when the value was written
 * @param expires when it stops being served; null for never
 * @param ciphertext see above
 */
public record SecretEnvelope(int dekVersion, ContentType type, Instant sealedAt, Instant expires, byte[] ciphertext) {
    /** The format version, field {@code v}. */
    public static final int FORMAT = 1;

    private static final Set<String> FIELDS = Set.of("v", "dek", "type", "sealed", "expires", "ct");

    public SecretEnvelope {
        if (type != ContentType.JSON && type != ContentType.TEXT) {
            throw new IllegalArgumentException("a secret's plaintext is JSON or text");
        }
        Objects.requireNonNull(sealedAt, "sealedAt");
        Objects.requireNonNull(ciphertext, "ciphertext");
    }

    /**
     * What a masked view shows, readable without any key.
     *
     * @param dekVersion the keyring version that sealed it
     * @param type JSON or TEXT
     * @param sealedAt when it was written
     * @param expires when it stops being served; null for never
     */
    public record Metadata(int dekVersion, ContentType type, Instant sealedAt, Instant expires) {
        /** True when the secret has an expiry and {@code now} is at or past it. */
        public boolean expiredAt(Instant now) {
            return expires != null && !now.isBefore(expires);
        }
    }

    /** A copy of the ciphertext. */
    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    /** Everything but the ciphertext. */
    public Metadata metadata() {
        return new Metadata(dekVersion, type, sealedAt, expires);
    }

    /**
     * The associated data of the ciphertext: label {@code llmcm.secret.v1}, then, each as a 4-byte
     * big-endian length and UTF-8 bytes: tenant, path, environment, service ("" for none), DEK
     * version (decimal), type ({@code json}|{@code text}), sealed (ISO-8601), expires (ISO-8601 or "").
     */
    public byte[] associatedData(EntryKey address) {
        return Aad.of(
                "llmcm.secret.v1",
                address.tenant(),
                address.path(),
                address.layer().env(),
                address.layer().service(),
                Integer.toString(dekVersion),
                type.id(),
                sealedAt.toString(),
                expires == null ? "" : expires.toString());
    }

    /** The compact JSON described on the class. */
    public byte[] toJson() {
        ObjectNode n = Json.NODES.objectNode();
        n.put("v", FORMAT);
        n.put("dek", dekVersion);
        n.put("type", type.id());
        n.put("sealed", sealedAt.toString());
        if (expires == null) {
            n.putNull("expires");
        } else {
            n.put("expires", expires.toString());
        }
        n.put("ct", Base64.getEncoder().encodeToString(ciphertext));
        return Json.bytes(n);
    }

    /**
     * Parses {@link #toJson()}.
     *
     * @throws IllegalArgumentException with a short reason (never a value) when it is not one
     */
    public static SecretEnvelope parse(byte[] json) {
        JsonNode n;
        try {
            n = Json.parse(json);
        } catch (LlmcmException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (!n.isObject() || !FIELDS.containsAll(n.propertyNames()) || n.size() != FIELDS.size()) {
            throw new IllegalArgumentException("not a secret envelope");
        }
        if (!n.get("v").isInt() || n.get("v").intValue() != FORMAT) {
            throw new IllegalArgumentException("unknown envelope version");
        }
        if (!n.get("dek").isInt() || n.get("dek").intValue() < 1) {
            throw new IllegalArgumentException("bad key version");
        }
        ContentType type = switch (n.get("type").asString("")) {
            case "json" -> ContentType.JSON;
            case "text" -> ContentType.TEXT;
            default -> throw new IllegalArgumentException("bad type");
        };
        try {
            Instant sealed = Instant.parse(n.get("sealed").stringValue());
            JsonNode exp = n.get("expires");
            Instant expires = exp.isNull() ? null : Instant.parse(exp.stringValue());
            byte[] ct = Base64.getDecoder().decode(n.get("ct").stringValue());
            return new SecretEnvelope(n.get("dek").intValue(), type, sealed, expires, ct);
        } catch (DateTimeParseException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("bad field");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretEnvelope e
                && e.dekVersion == dekVersion
                && e.type == type
                && e.sealedAt.equals(sealedAt)
                && Objects.equals(e.expires, expires)
                && Arrays.equals(e.ciphertext, ciphertext);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dekVersion, type, sealedAt, expires, Arrays.hashCode(ciphertext));
    }

    /** Metadata only; the ciphertext's size, never its bytes. */
    @Override
    public String toString() {
        return "SecretEnvelope[dek=" + dekVersion + ", type=" + type.id() + ", sealed=" + sealedAt
                + ", expires=" + expires + ", ciphertext=" + ciphertext.length + " bytes]";
    }
}
