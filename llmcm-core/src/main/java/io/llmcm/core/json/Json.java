package io.llmcm.core.json;

import io.llmcm.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** The one JSON mapper of the product, and the checks every stored value passes. */
public final class Json {
    /** Objects and arrays may nest this deep (a scalar has depth 0, {@code {"a":1}} depth 1). */
    public static final int MAX_DEPTH = 10;
    /** Schema documents may nest this deep. */
    public static final int MAX_DOCUMENT_DEPTH = 32;
    /** Largest value, counted in bytes of its compact JSON encoding: 1 MiB. */
    public static final int MAX_VALUE_BYTES = 1 << 20;

    /**
     * Parser limits sit well above the product's own, so our checks give the clear message; they
     * still stop a hostile document before it costs memory.
     */
    private static final StreamReadConstraints READ_LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(64)
            .maxDocumentLength(16L * MAX_VALUE_BYTES)
            .maxStringLength(4 * MAX_VALUE_BYTES)
            .build();

    /**
     * Duplicate keys are refused, not resolved (last one wins would hide a mistake, and two readers
     * may resolve them differently): {@code {"a":1,"a":2}} fails with "duplicate field 'a'".
     */
    public static final JsonMapper MAPPER = JsonMapper.builder(
                    JsonFactory.builder().streamReadConstraints(READ_LIMITS).enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    /** Pretty output as people write JSON by hand: {@code "a": 1}, not Jackson's {@code "a" : 1}. */
    private static final tools.jackson.databind.ObjectWriter PRETTY =
            MAPPER.writer().with(new tools.jackson.core.util.DefaultPrettyPrinter(tools.jackson.core.util.Separators.createDefaultInstance()
                    .withObjectNameValueSpacing(tools.jackson.core.util.Separators.Spacing.AFTER)));

    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {}

    /** Parses JSON text; errors say where, never echo the input (it may be a secret). */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidInputException("not valid JSON" + location(e) + why(e));
        }
    }

    public static JsonNode parse(byte[] utf8) {
        try {
            return MAPPER.readTree(utf8);
        } catch (JacksonException e) {
            throw new InvalidInputException("not valid JSON" + location(e) + why(e));
        }
    }

    /** The parser limits of {@link #MAPPER}, for the other formats' parsers to share. */
    public static StreamReadConstraints readLimits() {
        return READ_LIMITS;
    }

    /** Compact UTF-8 encoding. */
    public static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    public static String compact(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    public static String pretty(JsonNode node) {
        return PRETTY.writeValueAsString(node);
    }

    public static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Depth of nesting: 0 for a scalar, 1 for a flat object or array, and so on. */
    public static int depth(JsonNode node) {
        if (!node.isContainer()) {
            return 0;
        }
        int max = 0;
        for (JsonNode child : node.values()) {
            max = Math.max(max, depth(child));
        }
        return max + 1;
    }

    private static final String DUPLICATE = "Duplicate Object property \"";
    /** Longest field name a message repeats. */
    private static final int MAX_NAME_SHOWN = 64;

    /**
     * ": duplicate field 'a'" for a duplicate key (the name only, clipped, control characters
     * escaped; never a value), else "".
     */
    static String why(JacksonException e) {
        String m = e.getOriginalMessage();
        if (m == null || !m.startsWith(DUPLICATE) || !m.endsWith("\"")) {
            return "";
        }
        String name = m.substring(DUPLICATE.length(), m.length() - 1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length() && b.length() < MAX_NAME_SHOWN; i++) {
            char c = name.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return ": duplicate field '" + b + (name.length() > MAX_NAME_SHOWN ? "…" : "") + "'";
    }

    /** " at line L, column C" from a Jackson error, or "" when unknown. */
    public static String location(JacksonException e) {
        TokenStreamLocation loc = e.getLocation();
        if (loc == null || loc.getLineNr() < 0) {
            return "";
        }
        return " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }
}
