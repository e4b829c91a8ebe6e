package io.llmcm.core.model;

/** How a value was given and how it is shown by default. Both are stored as JSON. */
public enum ContentType {
    /** A JSON tree: object, array or scalar. */
    JSON,
    /** Plain text (a prompt, a PEM block); stored as one JSON string, shown raw. */
    TEXT,
    /**
     * A sealed secret: the bytes are a JSON envelope holding the ciphertext and its metadata (see
     * {@code io.llmcm.core.crypto.SecretEnvelope}), never the plaintext.
     */
    SECRET;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ContentType fromId(String id) {
        return switch (id) {
            case "json" -> JSON;
            case "text" -> TEXT;
            case "secret" -> SECRET;
            default -> throw new IllegalArgumentException("unknown content type " + id);
        };
    }
}
