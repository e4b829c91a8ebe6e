package io.llmcm.core.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Patch (RFC 6902): compute the difference of two trees, apply a patch, and describe one for
 * people. Pointers follow RFC 6901 ({@code ~0} for {@code ~}, {@code ~1} for {@code /}).
 *
 * <p>{@link #describe} prints values; callers that diff secrets mask them before diffing.
 */
public final class JsonPatch {
    /** Values longer than this (in characters of compact JSON) are cut in {@link #describe}. */
    public static final int DESCRIBE_WIDTH = 80;

    private JsonPatch() {}

    /**
     * A patch that turns {@code from} into {@code to}: objects are compared field by field (remove,
     * add, or recurse), arrays of equal length element by element; any other difference — arrays
     * of different length, a change of type, a scalar — replaces the node whole. Equal trees give an
     * empty patch.
     *
     * <p>A {@code replace} also carries the replaced value as {@code fromValue}, which {@link #apply}
     * ignores (RFC 6902 §4: other members are ignored) and {@link #describe} shows as {@code old →
     * new}. The patch shares no nodes with either tree.
     */
    public static ArrayNode diff(JsonNode from, JsonNode to) {
        ArrayNode ops = Json.NODES.arrayNode();
        diff(Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to"), "", ops);
        return ops;
    }

    private static void diff(JsonNode a, JsonNode b, String pointer, ArrayNode ops) {
        if (a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            for (Map.Entry<String, JsonNode> f : a.properties()) {
                String p = JsonPointers.child(pointer, f.getKey());
                JsonNode other = b.get(f.getKey());
                if (other == null) {
                    ops.add(op("remove", p));
                } else {
                    diff(f.getValue(), other, p, ops);
                }
            }
            for (Map.Entry<String, JsonNode> f : b.properties()) {
                if (!a.has(f.getKey())) {
                    ops.add(op("add", JsonPointers.child(pointer, f.getKey())).set("value", f.getValue().deepCopy()));
                }
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                diff(a.get(i), b.get(i), JsonPointers.child(pointer, i), ops);
            }
        } else {
            ops.add(op("replace", pointer).set("value", b.deepCopy()).set("fromValue", a.deepCopy()));
        }
    }

    private static ObjectNode op(String op, String pointer) {
        return Json.NODES.objectNode().put("op", op).put("path", pointer);
    }

    /**
     * Applies a patch: all six operations (add, remove, replace, move, copy, test), in order. The
     * result is a new tree; neither {@code target} nor {@code patch} is changed, and the result
     * shares no nodes with them.
     *
     * @throws io.llmcm.core.InvalidInputException naming the operation's index, op and pointer when
     *     an operation is malformed, a location is missing, or a test fails (values are never
     *     quoted)
     */
    public static JsonNode apply(JsonNode target, ArrayNode patch) {
        JsonNode doc = Objects.requireNonNull(target, "target").deepCopy();
        for (int i = 0; i < patch.size(); i++) {
            doc = PatchOps.apply(doc, patch.get(i), i);
        }
        return doc;
    }

    /**
     * One readable line per operation: {@code ~ /temperature: 0.7 → 0.2}, {@code + /stop: ["\n"]},
     * {@code - /top_p}, {@code move /a → /b}, {@code copy /a → /b}, {@code test /a: 1}. The whole
     * document is shown as {@code (root)}. Values are compact JSON cut at {@value #DESCRIBE_WIDTH}
     * characters with {@code …}. Malformed operations are shown as well as they can be, not
     * rejected.
     */
    public static List<String> describe(ArrayNode patch) {
        List<String> lines = new ArrayList<>(patch.size());
        for (JsonNode op : patch) {
            String path = pointer(op.get("path"));
            String from = pointer(op.get("from"));
            String name = op.get("op") != null && op.get("op").isString() ? op.get("op").stringValue() : "?";
            lines.add(switch (name) {
                case "add" -> "+ " + path + ": " + value(op.get("value"));
                case "remove" -> "- " + path;
                case "replace" -> "~ " + path + ": "
                        + (op.has("fromValue") ? value(op.get("fromValue")) + " → " : "")
                        + value(op.get("value"));
                case "move", "copy" -> name + " " + from + " → " + path;
                case "test" -> "test " + path + ": " + value(op.get("value"));
                default -> oneLine(name) + " " + path;
            });
        }
        return lines;
    }

    private static String pointer(JsonNode p) {
        if (p == null || !p.isString()) {
            return "?";
        }
        return p.stringValue().isEmpty() ? "(root)" : oneLine(p.stringValue());
    }

    private static String value(JsonNode v) {
        if (v == null) {
            return "?";
        }
        String s = Json.compact(v);
        if (s.codePointCount(0, s.length()) <= DESCRIBE_WIDTH) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, DESCRIBE_WIDTH - 1)) + "…";
    }

    /** Control characters (possible in field names) would break the line. */
    static String oneLine(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> sb.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
        return sb.toString();
    }
}
