package io.llmcm.server.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a JSON request object field by field. Every field read is remembered so {@link #done()}
 * can refuse unknown ones, naming them by JSON pointer — a misspelt {@code "dryrun"} must not be
 * silently ignored.
 */
public final class Fields {
    private final JsonNode node;
    private final String pointer;
    private final Set<String> known = new HashSet<>();

    public Fields(JsonNode node, String pointer) {
        this.node = node;
        this.pointer = pointer;
    }

    public String pointer(String field) {
        return pointer + "/" + field;
    }

    public boolean has(String field) {
        known.add(field);
        return node.has(field) && !node.get(field).isNull();
    }

    public JsonNode raw(String field) {
        known.add(field);
        return node.get(field);
    }

    public String string(String field, String fallback) {
        JsonNode v = raw(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isString()) {
            throw new BadRequest(pointer(field), "'" + field + "' must be a string");
        }
        return v.stringValue();
    }

    public String requiredString(String field) {
        String v = string(field, null);
        if (v == null || v.isEmpty()) {
            throw new BadRequest(pointer(field), "'" + field + "' is required");
        }
        return v;
    }

    public boolean bool(String field, boolean fallback) {
        JsonNode v = raw(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new BadRequest(pointer(field), "'" + field + "' must be true or false");
        }
        return v.booleanValue();
    }

    public long number(String field, long fallback) {
        JsonNode v = raw(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw new BadRequest(pointer(field), "'" + field + "' must be a whole number ≥ 0");
        }
        return v.longValue();
    }

    /** A number (whole or not), or {@code fallback} when absent. */
    public double decimal(String field, double fallback) {
        JsonNode v = raw(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new BadRequest(pointer(field), "'" + field + "' must be a number");
        }
        return v.doubleValue();
    }

    /** A boolean that must be given. */
    public boolean requiredBool(String field) {
        if (!has(field)) {
            throw new BadRequest(pointer(field), "'" + field + "' is required (true or false)");
        }
        return bool(field, false);
    }

    /** A revision number or a tag name, as text ("" when absent). */
    public String revisionOrTag(String field) {
        JsonNode v = raw(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (v.isIntegralNumber() && v.canConvertToLong() && v.longValue() >= 0) {
            return Long.toString(v.longValue());
        }
        if (v.isString()) {
            return v.stringValue();
        }
        throw new BadRequest(pointer(field), "'" + field + "' must be a revision number or a tag name");
    }

    /** The items of an array field, each an object. */
    public List<Fields> objects(String field) {
        JsonNode v = raw(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new BadRequest(pointer(field), "'" + field + "' must be an array");
        }
        List<Fields> out = new ArrayList<>();
        int i = 0;
        for (JsonNode item : v.values()) {
            if (!item.isObject()) {
                throw new BadRequest(pointer(field) + "/" + i, "each item of '" + field + "' must be an object");
            }
            out.add(new Fields(item, pointer(field) + "/" + i));
            i++;
        }
        return out;
    }

    /** Refuses fields that were never read. */
    public void done() {
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                throw new BadRequest(pointer + "/" + Params.clip(name.replace("~", "~0").replace("/", "~1")),
                        "unknown field '" + Params.clip(name) + "'" + (pointer.isEmpty() ? "" : " in " + pointer) + "; known fields: " + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
    }
}
