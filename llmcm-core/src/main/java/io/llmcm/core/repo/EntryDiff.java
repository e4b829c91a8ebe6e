package io.llmcm.core.repo;

import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Value;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;

/**
 * How one entry (one path in one layer) differs between two revisions.
 *
 * @param before null when the entry was added
 * @param after null when the entry was removed
 * @param patch RFC 6902 JSON Patch from before to after (added/removed entries patch the root)
 * @param readable one line per patch operation, e.g. {@code ~ /temperature: 0.7 → 0.2}
 */
public record EntryDiff(String path, Layer layer, Change change, Value before, Value after, ArrayNode patch, List<String> readable) {
    public enum Change {
        ADDED,
        REMOVED,
        MODIFIED
    }
}
