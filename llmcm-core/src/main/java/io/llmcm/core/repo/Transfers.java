package io.llmcm.core.repo;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Names;
import io.llmcm.core.model.Value;
import io.llmcm.core.format.Documents;
import io.llmcm.core.format.Format;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Documents in and out: the keys under a prefix as one document (what {@code llmcm export} and
 * {@code GET …/export} write), and a document's parts as keys (what {@code llmcm import} and
 * {@code POST …/import} store). Secrets never leave in a document: they are counted and left out.
 */
public final class Transfers {
    private Transfers() {}

    /**
     * An exported document.
     *
     * @param document the values, one top-level field per path below the prefix (or the value itself
     *     when the prefix is a key)
     * @param keys how many values it holds
     * @param secretsLeftOut how many secrets were under the prefix and are not in it
     */
    public record Exported(JsonNode document, int keys, int secretsLeftOut) {}

    /**
     * The effective values under {@code prefix} in a scope, or with {@code raw} only the scope's own
     * layer, as of {@code at} (−1: now).
     */
    public static Exported export(Repository repo, Scope scope, String prefix, long at, boolean raw) {
        String p = Names.prefix(prefix);
        Map<String, JsonNode> parts = new TreeMap<>();
        int secrets = 0;
        if (raw) {
            Layer own = scope.layer();
            for (EntryVersion v : at < 0 ? repo.entries(scope.tenant(), p) : repo.entries(scope.tenant(), p, at)) {
                if (v.key().layer().equals(own)) {
                    secrets += add(parts, relative(v.key().path(), p), v.value());
                }
            }
        } else {
            for (Resolved r : at < 0 ? repo.list(scope, p) : repo.list(scope, p, at)) {
                secrets += add(parts, relative(r.path(), p), r.value());
            }
        }
        return new Exported(document(parts, p), parts.size(), secrets);
    }

    /**
     * The values that store a document's parts under {@code intoPrefix} in one layer, in document
     * order, by key: the first
     * {@code depth} levels of fields are path segments (see {@link Documents#split}).
     *
     * @param format the document's format; a {@link Format#TEXT} document is one text value
     */
    public static Map<EntryKey, Value> parts(JsonNode document, Format format, int depth, String intoPrefix,
            String tenant, Layer layer) {
        String prefix = Names.prefix(intoPrefix);
        if (depth == 0 && prefix.isEmpty()) {
            throw new InvalidInputException("depth 0 stores the whole document as one key: give its path as the prefix to import into");
        }
        Map<EntryKey, Value> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> part : Documents.split(document, depth).entrySet()) {
            Value v = format == Format.TEXT ? Value.text(part.getValue().stringValue()) : Value.of(part.getValue());
            out.put(EntryKey.of(tenant, join(prefix, part.getKey()), layer), v);
        }
        return out;
    }

    /** {@code prefix/relative}; either may be empty. */
    static String join(String prefix, String relative) {
        if (prefix.isEmpty()) {
            return relative;
        }
        return relative.isEmpty() ? prefix : prefix + "/" + relative;
    }

    /** The path below the prefix ("" for the prefix itself); the path must be under it. */
    static String relative(String path, String prefix) {
        if (prefix.isEmpty()) {
            return path;
        }
        return path.equals(prefix) ? "" : path.substring(prefix.length() + 1);
    }

    private static int add(Map<String, JsonNode> parts, String path, Value v) {
        if (v.type() == ContentType.SECRET) {
            return 1;
        }
        parts.put(path, v.json());
        return 0;
    }

    /** The parts nested into one document; a prefix that is itself a key exports its value. */
    private static JsonNode document(Map<String, JsonNode> parts, String prefix) {
        JsonNode self = parts.get("");
        if (self == null) {
            return Documents.join(parts);
        }
        if (parts.size() > 1) {
            throw new InvalidInputException(prefix + " is both a key and a namespace; export a prefix below it");
        }
        return self;
    }
}
