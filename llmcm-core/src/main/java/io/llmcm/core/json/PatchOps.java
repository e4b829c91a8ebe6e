package io.llmcm.core.json;

import io.llmcm.core.InvalidInputException;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The six operations of RFC 6902, applied one at a time to a tree the caller owns (it is changed in
 * place; {@link JsonPatch#apply} hands in a copy).
 */
final class PatchOps {
    /** RFC 6902 §4.6: numbers are equal when their values are, whatever their JSON spelling. */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.equals(b)) {
            return 0;
        }
        return a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;
    };

    private final int index;
    private final String op;
    private final String path;

    private PatchOps(int index, String op, String path) {
        this.index = index;
        this.op = op;
        this.path = path;
    }

    /** Applies operation {@code index} of a patch to {@code doc}; returns the new root. */
    static JsonNode apply(JsonNode doc, JsonNode operation, int index) {
        if (operation == null || !operation.isObject()) {
            throw new InvalidInputException("patch[" + index + "]: an operation is an object with \"op\" and \"path\"");
        }
        String op = member(operation, "op", index, "?");
        PatchOps p = new PatchOps(index, op, member(operation, "path", index, op));
        return p.run(doc, operation);
    }

    private JsonNode run(JsonNode doc, JsonNode operation) {
        List<String> to = tokens(path);
        switch (op) {
            case "add":
                return add(doc, to, value(operation).deepCopy());
            case "remove":
                return remove(doc, to);
            case "replace":
                return replace(doc, to, value(operation).deepCopy());
            case "move", "copy":
                JsonNode f = operation.get("from");
                if (f == null || !f.isString()) {
                    throw error("the operation needs \"from\" as a string");
                }
                List<String> from = tokens(f.stringValue());
                JsonNode moved = existing(doc, from, "from");
                if (op.equals("copy")) {
                    return add(doc, to, moved.deepCopy());
                }
                if (from.size() < to.size() && to.subList(0, from.size()).equals(from)) {
                    throw error("cannot move a value into itself (\"from\" is above \"path\")");
                }
                return from.equals(to) ? doc : add(remove(doc, from), to, moved);
            case "test":
                if (!existing(doc, to, "path").equals(SAME_VALUE, value(operation))) {
                    throw error("test failed: the value differs");
                }
                return doc;
            default:
                throw error("unknown op; expected add, remove, replace, move, copy or test");
        }
    }

    private JsonNode add(JsonNode doc, List<String> at, JsonNode value) {
        if (at.isEmpty()) {
            return value;
        }
        JsonNode parent = parent(doc, at);
        String last = at.get(at.size() - 1);
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else {
            ArrayNode a = (ArrayNode) parent;
            if (last.equals("-")) {
                a.add(value);
            } else {
                int i = arrayIndex(last);
                if (i > a.size()) {
                    throw error("index " + i + " is past the end of the array (size " + a.size() + ")");
                }
                a.insert(i, value);
            }
        }
        return doc;
    }

    /** Replaces in place, so a replaced field keeps its position among its siblings. */
    private JsonNode replace(JsonNode doc, List<String> at, JsonNode value) {
        existing(doc, at, "path");
        if (at.isEmpty()) {
            return value;
        }
        JsonNode parent = parent(doc, at);
        String last = at.get(at.size() - 1);
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else {
            ((ArrayNode) parent).set(arrayIndex(last), value);
        }
        return doc;
    }

    private JsonNode remove(JsonNode doc, List<String> at) {
        if (at.isEmpty()) {
            throw error("cannot remove the whole document");
        }
        existing(doc, at, "path");
        JsonNode parent = parent(doc, at);
        String last = at.get(at.size() - 1);
        if (parent instanceof ObjectNode o) {
            o.remove(last);
        } else {
            ((ArrayNode) parent).remove(arrayIndex(last));
        }
        return doc;
    }

    /** The container holding the last token; it must exist. */
    private JsonNode parent(JsonNode doc, List<String> at) {
        JsonNode parent = find(doc, at.subList(0, at.size() - 1));
        if (parent == null || !parent.isContainer()) {
            throw error(parent == null ? "the parent location does not exist" : "the parent location is not an object or array");
        }
        return parent;
    }

    private JsonNode existing(JsonNode doc, List<String> at, String member) {
        JsonNode node = find(doc, at);
        if (node == null) {
            throw error("the \"" + member + "\" location does not exist");
        }
        return node;
    }

    /** The node a pointer names, or null. */
    private JsonNode find(JsonNode doc, List<String> at) {
        JsonNode node = doc;
        for (String token : at) {
            if (node.isObject()) {
                node = node.get(token);
            } else if (node.isArray()) {
                int i = isArrayIndex(token) ? arrayIndex(token) : -1;
                node = i >= 0 && i < node.size() ? node.get(i) : null;
            } else {
                node = null;
            }
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** RFC 6901: "0" or digits without a leading zero. */
    private static boolean isArrayIndex(String token) {
        return token.matches("0|[1-9][0-9]{0,8}");
    }

    private int arrayIndex(String token) {
        if (!isArrayIndex(token)) {
            throw error("'" + JsonPatch.oneLine(token) + "' is not an array index");
        }
        return Integer.parseInt(token);
    }

    private JsonNode value(JsonNode operation) {
        JsonNode v = operation.get("value");
        if (v == null) {
            throw error("the operation needs a \"value\"");
        }
        return v;
    }

    private List<String> tokens(String pointer) {
        try {
            return JsonPointers.parse(pointer);
        } catch (IllegalArgumentException e) {
            throw error("'" + JsonPatch.oneLine(pointer) + "' is not a JSON pointer: " + e.getMessage());
        }
    }

    private static String member(JsonNode operation, String name, int index, String context) {
        JsonNode m = operation.get(name);
        if (m == null || !m.isString()) {
            throw new InvalidInputException("patch[" + index + "] (" + JsonPatch.oneLine(context)
                    + "): the operation needs \"" + name + "\" as a string");
        }
        return m.stringValue();
    }

    private InvalidInputException error(String what) {
        return new InvalidInputException("patch[" + index + "] (" + JsonPatch.oneLine(op) + " "
                + (path.isEmpty() ? "(root)" : JsonPatch.oneLine(path)) + "): " + what);
    }
}
