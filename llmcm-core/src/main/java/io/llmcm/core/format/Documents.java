package io.llmcm.core.format;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import io.llmcm.core.json.JsonPointers;
import io.llmcm.core.model.Names;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The mapping between one document and many entries, used by {@code llmcm import} and {@code
 * export}. Paths here are relative: below the prefix the user imports to or exports from.
 */
public final class Documents {
    private Documents() {}

    /**
     * Splits a document into entries. The first {@code depth} levels of objects are path segments;
     * the node found at that depth is an entry's value. With depth 0 the whole document is one value,
     * under the key {@code ""} (the prefix itself). A field name containing {@code /} stands for
     * several segments but is still one level: {@code {"openai/gpt-4o": {…}}} at depth 1 gives the
     * path {@code openai/gpt-4o}.
     *
     * <p>Every path is checked with {@link Names#path}; a non-object above the depth, a bad name or
     * two fields giving the same path is an error naming the field. An empty object gives no
     * entries. The values are copies: changing them does not change the document.
     *
     * @return relative path → value, in document order
     */
    public static Map<String, JsonNode> split(JsonNode document, int depth) {
        Objects.requireNonNull(document, "document");
        if (depth < 0) {
            throw new InvalidInputException("depth is " + depth + "; it counts levels, from 0");
        }
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        if (depth == 0) {
            entries.put("", document.deepCopy());
            return entries;
        }
        split(document, "", "", depth, depth, entries, new LinkedHashMap<>());
        return entries;
    }

    /** {@code from}: entry path → the field that gave it, to report two fields giving one path. */
    private static void split(
            JsonNode node,
            String path,
            String pointer,
            int levels,
            int depth,
            Map<String, JsonNode> entries,
            Map<String, String> from) {
        if (!node.isObject()) {
            String where = pointer.isEmpty() ? "the document" : "field " + Trees.show(pointer);
            throw new InvalidInputException(where + " is " + Text.kind(node) + ", not an object; depth " + depth
                    + " needs objects on every level above the entries");
        }
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            String p = JsonPointers.child(pointer, f.getKey());
            String childPath = path.isEmpty() ? f.getKey() : path + "/" + f.getKey();
            try {
                Names.path(childPath);
            } catch (InvalidInputException e) {
                throw new InvalidInputException("field " + Trees.show(p) + " does not give a valid entry path: " + e.getMessage());
            }
            if (levels > 1) {
                split(f.getValue(), childPath, p, levels - 1, depth, entries, from);
            } else {
                String before = from.putIfAbsent(childPath, p);
                if (before != null) {
                    throw new InvalidInputException("fields " + Trees.show(before) + " and " + Trees.show(p)
                            + " both give the entry path " + childPath);
                }
                entries.put(childPath, f.getValue().deepCopy());
            }
        }
    }

    /**
     * The export form of many entries: one object whose top-level fields are the relative paths
     * (with {@code /}) and whose values are the entries' values, in the map's order. {@code
     * split(join(entries), 1)} gives {@code entries} back. The path {@code ""} (the prefix itself)
     * cannot be a field here — export such an entry alone, as with depth 0.
     */
    public static ObjectNode join(Map<String, JsonNode> entries) {
        ObjectNode out = Json.NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : entries.entrySet()) {
            if (e.getKey().isEmpty()) {
                throw new InvalidInputException(
                        "an entry at the prefix itself cannot be joined with others; export it alone (depth 0)");
            }
            out.set(Names.path(e.getKey()), Objects.requireNonNull(e.getValue(), "value"));
        }
        return out;
    }
}
