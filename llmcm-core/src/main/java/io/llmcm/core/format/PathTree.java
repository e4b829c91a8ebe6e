package io.llmcm.core.format;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds a tree from (path, value) pairs given in any order — array elements may come as {@code
 * a[1]} before {@code a[0]} — and reports, by line, a path given twice, a path that needs a value
 * and fields at the same place, and arrays with missing elements.
 */
final class PathTree {
    /** One place in the tree: a value, fields, or elements, and the line that created it. */
    private static final class Slot {
        final int line;
        final String key;
        JsonNode leaf;
        Map<String, Slot> fields;
        TreeMap<Integer, Slot> items;

        Slot(int line, String key) {
            this.line = line;
            this.key = key;
        }
    }

    private final Slot root = new Slot(0, "");

    /** Puts a value at a path; {@code key} and {@code line} are for messages only. */
    void put(List<Object> steps, JsonNode value, String key, int line) {
        Slot at = root;
        for (Object step : steps) {
            String stepKey = step instanceof String n ? PropertyKeys.field(at.key, n) : PropertyKeys.index(at.key, (Integer) step);
            if (at.leaf != null) {
                throw error(line, "key " + show(key) + " goes below " + show(at.key) + ", which line " + at.line + " sets to a value");
            }
            Slot next;
            if (step instanceof String name) {
                if (at.items != null) {
                    throw error(line, "key " + show(key) + " uses " + show(at.key) + " as an object, but line " + at.line + " uses it as an array");
                }
                at.fields = at.fields == null ? new LinkedHashMap<>() : at.fields;
                next = at.fields.computeIfAbsent(name, n -> new Slot(line, stepKey));
            } else {
                int index = (Integer) step;
                if (at.fields != null) {
                    throw error(line, "key " + show(key) + " uses " + show(at.key) + " as an array, but line " + at.line + " uses it as an object");
                }
                at.items = at.items == null ? new TreeMap<>() : at.items;
                next = at.items.computeIfAbsent(index, n -> new Slot(line, stepKey));
            }
            at = next;
        }
        if (at.leaf != null) {
            throw error(line, "key " + show(key) + " is already given at line " + at.line);
        }
        if (at.fields != null || at.items != null) {
            throw error(line, "key " + show(key) + " gets a value, but line " + at.line + " gives it "
                    + (at.fields != null ? "fields" : "elements"));
        }
        at.leaf = value;
    }

    ObjectNode toJson() {
        return (ObjectNode) toJson(root);
    }

    private static JsonNode toJson(Slot s) {
        if (s.leaf != null) {
            return s.leaf;
        }
        if (s.items != null) {
            ArrayNode a = Json.NODES.arrayNode();
            for (Map.Entry<Integer, Slot> e : s.items.entrySet()) {
                if (e.getKey() != a.size()) {
                    throw error(e.getValue().line, "array " + show(s.key) + " has no element " + a.size()
                            + "; indices count up from 0 without gaps");
                }
                a.add(toJson(e.getValue()));
            }
            return a;
        }
        ObjectNode o = Json.NODES.objectNode();
        if (s.fields != null) {
            s.fields.forEach((name, child) -> o.set(name, toJson(child)));
        }
        return o;
    }

    private static String show(String key) {
        return Text.printable(key);
    }

    static InvalidInputException error(int line, String what) {
        return new InvalidInputException("not valid properties at line " + line + ": " + what);
    }
}
