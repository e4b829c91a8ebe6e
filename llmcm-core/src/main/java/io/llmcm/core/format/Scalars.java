package io.llmcm.core.format;

import io.llmcm.core.json.Json;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Typing for the untyped formats (ENV, PROPERTIES), where every value is text. A value that is
 * exactly a JSON number ({@code 8080}, {@code -0.5}, {@code 1e3}), {@code true}, {@code false} or
 * {@code null} reads as that JSON type, and exactly {@code {}} or {@code []} as an empty object or
 * array (so empty containers survive a round trip). Everything else — {@code yes}, {@code 0x1F},
 * {@code " 1"}, {@code 1.}, {@code [1,2]} — stays a string.
 */
final class Scalars {
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    /** Longer numbers stay strings (the JSON parser would refuse them anyway). */
    private static final int MAX_NUMBER_LENGTH = 1000;

    private Scalars() {}

    /** The JSON value a text reads as. */
    static JsonNode typed(String text) {
        switch (text) {
            case "true":
                return Json.NODES.booleanNode(true);
            case "false":
                return Json.NODES.booleanNode(false);
            case "null":
                return Json.NODES.nullNode();
            case "{}":
                return Json.NODES.objectNode();
            case "[]":
                return Json.NODES.arrayNode();
            default:
                break;
        }
        if (text.length() <= MAX_NUMBER_LENGTH && JSON_NUMBER.matcher(text).matches()) {
            JsonNode n = Json.parse(text);
            // 1e400 is a JSON number but not a finite double: keep the text rather than "Infinity"
            if (!n.isFloatingPointNumber() || Double.isFinite(n.doubleValue())) {
                return n;
            }
        }
        return Json.NODES.stringNode(text);
    }

    /** True when a string would read back as something else than that string, so must be quoted. */
    static boolean readsAsOtherType(String text) {
        return !typed(text).isString();
    }

    /**
     * The text of a leaf: a string as itself, anything else (numbers, booleans, null, empty
     * containers) as compact JSON.
     */
    static String text(JsonNode leaf) {
        return leaf.isString() ? leaf.stringValue() : Json.compact(leaf);
    }
}
