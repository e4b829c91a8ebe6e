package io.llmcm.core.json;

import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seeded random JSON trees for property tests. Objects are small and mostly use the field names
 * {@code a}…{@code e}, so two trees drawn from one generator overlap: merges and diffs collide on
 * the same fields instead of just adding disjoint ones. Now and then a name or string is odd
 * (unicode, {@code /}, {@code ~}, dots, brackets, blanks, empty), to reach escaping code.
 *
 * <p>Numbers come in the node types the JSON parser produces (int, long beyond int, double), so a
 * tree compares equal to itself after a trip through text. The same seed gives the same tree.
 */
public final class RandomJson {
    private static final String[] NAMES = {"a", "b", "c", "d", "e"};
    private static final String[] ODD_NAMES = {
        "x/y", "~t", "~1", "a.b", "gpt-4.1", "claude-3.5-sonnet", "é", "😀", "", " ", "[0]", "a]b", "k=v", "a:b",
        "#c", "!d", "tab\t", "new\nline", "0", "12", "UPPER", "snake_case", "-", "\\", "'q'", "\"dq\"", "null", "true"
    };
    private static final String[] STRINGS = {"", "x", "y", "hello", "gpt-4o", "0.7", "sk-test"};
    private static final String[] ODD_STRINGS = {
        "é", "日本語", "😀 emoji", "line1\nline2", "trailing\n", "tab\there", "quote\"s", "back\\slash", "  lead", "trail  ",
        "a/b~c", "#hash", "$HOME", "'single'", "123", "true", "null", "{}", "[]", "-0.5", "1e3", "x=y", ": colon", "\u0001ctl"
    };

    private RandomJson() {}

    /** Any JSON value nesting at most {@code maxDepth} levels (0: a scalar). */
    public static JsonNode tree(Random r, int maxDepth) {
        if (maxDepth <= 0 || r.nextInt(10) < 4) {
            return scalar(r);
        }
        return r.nextInt(3) < 2 ? object(r, maxDepth) : array(r, maxDepth);
    }

    /** An object, mostly of 0 to 3 fields named a…e, whose values nest at most {@code maxDepth - 1}. */
    public static ObjectNode object(Random r, int maxDepth) {
        ObjectNode o = Json.NODES.objectNode();
        int n = size(r);
        for (int i = 0; i < n; i++) {
            o.set(name(r), tree(r, maxDepth - 1));
        }
        return o;
    }

    /** An array of 0 to 4 values nesting at most {@code maxDepth - 1}. */
    public static ArrayNode array(Random r, int maxDepth) {
        ArrayNode a = Json.NODES.arrayNode();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            a.add(tree(r, maxDepth - 1));
        }
        return a;
    }

    /** null, a boolean, a number or a string. */
    public static JsonNode scalar(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> Json.NODES.nullNode();
            case 1 -> Json.NODES.booleanNode(r.nextBoolean());
            case 2 -> Json.NODES.numberNode(r.nextInt(7) - 3);
            case 3 -> Json.NODES.numberNode(r.nextInt());
            case 4 -> Json.NODES.numberNode((r.nextBoolean() ? 1L : -1L) * (Integer.MAX_VALUE + 1L + r.nextInt(1 << 30)));
            case 5 -> Json.NODES.numberNode(Math.round(r.nextDouble() * 2000 - 1000) / 100.0);
            case 6 -> Json.NODES.numberNode(r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20));
            default -> Json.NODES.stringNode(string(r));
        };
    }

    /** A field name: a…e most of the time. */
    public static String name(Random r) {
        return r.nextInt(8) == 0 ? ODD_NAMES[r.nextInt(ODD_NAMES.length)] : NAMES[r.nextInt(NAMES.length)];
    }

    /** A short string, sometimes with unicode, escapes or text that looks like another type. */
    public static String string(Random r) {
        return r.nextInt(4) == 0 ? ODD_STRINGS[r.nextInt(ODD_STRINGS.length)] : STRINGS[r.nextInt(STRINGS.length)];
    }

    private static int size(Random r) {
        int p = r.nextInt(20);
        return p < 2 ? 0 : p < 7 ? 1 : p < 13 ? 2 : p < 17 ? 3 : 4 + r.nextInt(3);
    }
}
