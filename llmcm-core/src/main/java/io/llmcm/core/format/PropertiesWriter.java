package io.llmcm.core.format;

import io.llmcm.core.InvalidInputException;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Writes an object as {@code key=value} lines, one per leaf, in document order. Keys follow {@link
 * PropertyKeys}; empty objects and arrays are written as {@code {}} and {@code []}, which {@link
 * Scalars} reads back as such. Everything outside printable ASCII is written as a {@code \}{@code
 * uXXXX} escape, so the file means the same to readers that assume ISO-8859-1 (Java's {@code
 * Properties.load(InputStream)}, Spring Boot) and to those that assume UTF-8.
 */
final class PropertiesWriter {
    private PropertiesWriter() {}

    static String write(JsonNode tree) {
        if (!tree.isObject()) {
            throw new InvalidInputException(
                    "properties documents are objects at the top, and this value is " + Text.kind(tree));
        }
        StringBuilder out = new StringBuilder();
        node(tree, "", out);
        return out.toString();
    }

    private static void node(JsonNode node, String key, StringBuilder out) {
        if (node.isObject() && !node.isEmpty()) {
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                node(f.getValue(), PropertyKeys.field(key, f.getKey()), out);
            }
        } else if (node.isArray() && !node.isEmpty()) {
            for (int i = 0; i < node.size(); i++) {
                node(node.get(i), PropertyKeys.index(key, i), out);
            }
        } else if (!key.isEmpty()) {
            escape(key, true, out);
            out.append('=');
            escape(Scalars.text(node), false, out);
            out.append('\n');
        }
    }

    /** The escapes of {@link java.util.Properties#store}: a key escapes its separators too. */
    private static void escape(String s, boolean isKey, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\f' -> out.append("\\f");
                // a value loses its leading blanks unless escaped; a key ends at a blank
                case ' ' -> out.append(isKey || i == 0 ? "\\ " : " ");
                case '=', ':', '#', '!' -> out.append(isKey ? "\\" : "").append(c);
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
