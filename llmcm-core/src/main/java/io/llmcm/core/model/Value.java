package io.llmcm.core.model;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * An immutable stored value: its compact JSON encoding and how it was given. Every value that
 * enters through {@link #of} or {@link #text} has passed the limits: at most {@link
 * Json#MAX_VALUE_BYTES} bytes and {@link Json#MAX_DEPTH} levels of nesting.
 *
 * <p>Values are kept as bytes, not trees, so that a million heads fit in memory and a read can
 * hand the bytes out without re-encoding; {@link #json()} parses a fresh tree on demand.
 */
public final class Value {
    private final ContentType type;
    private final byte[] json;

    private Value(ContentType type, byte[] json) {
        this.type = type;
        this.json = json;
    }

    /** A JSON value; checks the depth and size limits. */
    public static Value of(JsonNode node) {
        return checked(node, Json.MAX_DEPTH, "value");
    }

    /**
     * A document that describes values rather than being one (a JSON Schema): it nests deeper than
     * the values it describes, so it gets {@link Json#MAX_DOCUMENT_DEPTH} levels instead of {@link
     * Json#MAX_DEPTH}; the size limit is the same.
     */
    public static Value document(JsonNode node) {
        return checked(node, Json.MAX_DOCUMENT_DEPTH, "document");
    }

    private static Value checked(JsonNode node, int maxDepth, String what) {
        Objects.requireNonNull(node, "node");
        if (node.isMissingNode()) {
            throw new InvalidInputException(what + " is empty");
        }
        int depth = Json.depth(node);
        if (depth > maxDepth) {
            throw new InvalidInputException(
                    what + " nests " + depth + " levels deep; at most " + maxDepth + " levels are allowed");
        }
        return checkedSize(ContentType.JSON, Json.bytes(node));
    }

    /** A text value (stored as one JSON string); checks the size limit. */
    public static Value text(String text) {
        Objects.requireNonNull(text, "text");
        return checkedSize(ContentType.TEXT, Json.bytes(Json.NODES.stringNode(text)));
    }

    /** A JSON value, or a text value when the tree is a string and the type says text. */
    public static Value of(JsonNode node, ContentType type) {
        if (type == ContentType.TEXT) {
            if (!node.isString()) {
                throw new InvalidInputException("a text value must be a string");
            }
            return text(node.stringValue());
        }
        return of(node);
    }

    /**
     * Re-creates a value read back from a store. The bytes must be what {@link #bytes()} returned
     * when it was written; they are not checked again.
     */
    public static Value fromStore(ContentType type, byte[] json) {
        return new Value(Objects.requireNonNull(type), json.clone());
    }

    private static Value checkedSize(ContentType type, byte[] bytes) {
        if (bytes.length > Json.MAX_VALUE_BYTES) {
            throw new InvalidInputException("value is " + bytes.length + " bytes as JSON; at most "
                    + Json.MAX_VALUE_BYTES + " bytes (1 MiB) are allowed");
        }
        return new Value(type, bytes);
    }

    public ContentType type() {
        return type;
    }

    /** A fresh tree the caller may change freely. */
    public JsonNode json() {
        return Json.parse(json);
    }

    /** The text of a string value (either content type); null when the value is not a string. */
    public String textOrNull() {
        JsonNode n = json();
        return n.isString() ? n.stringValue() : null;
    }

    /** True when this value is JSON {@code null}: in a layer it hides what lower layers set. */
    public boolean isNull() {
        return json.length == 4 && json[0] == 'n' && json[1] == 'u' && json[2] == 'l' && json[3] == 'l';
    }

    /** A copy of the compact JSON encoding. */
    public byte[] bytes() {
        return json.clone();
    }

    public int size() {
        return json.length;
    }

    /** True when the encoding starts with these ASCII characters (a cheap look at its form). */
    public boolean startsWith(String ascii) {
        if (ascii.length() > json.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (json[i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** True when the JSON text holds these ASCII characters anywhere (a cheap test before parsing). */
    public boolean containsAscii(String ascii) {
        int n = ascii.length();
        outer:
        for (int i = 0; i + n <= json.length; i++) {
            for (int j = 0; j < n; j++) {
                if (json[i + j] != (byte) ascii.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(json);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Value v && v.type == type && Arrays.equals(v.json, json);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(json);
    }

    /**
     * The compact JSON (for debugging and tests; user output goes through the formats). A sealed
     * secret shows only that it is one: its envelope is not for printing.
     */
    @Override
    public String toString() {
        return type == ContentType.SECRET ? "<sealed secret>" : Json.utf8(json);
    }
}
