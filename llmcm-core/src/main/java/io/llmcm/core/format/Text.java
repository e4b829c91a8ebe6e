package io.llmcm.core.format;

import tools.jackson.databind.JsonNode;

/** Small pieces of error-message text shared by the formats. */
final class Text {
    private Text() {}

    /**
     * A name (a field name, a format name) made safe for a one-line message: control characters
     * become {@code ?} and long names are cut. Only names go through here, never values.
     */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 80));
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return s.length() > 80 ? sb + "…" : sb.toString();
    }

    /** "an object", "a string", … for messages that say what was found instead. */
    static String kind(JsonNode node) {
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isString()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return node.isNull() ? "null" : "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
