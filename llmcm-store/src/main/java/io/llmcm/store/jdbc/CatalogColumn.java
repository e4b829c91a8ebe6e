package io.llmcm.store.jdbc;

import io.llmcm.core.json.Json;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.store.MutationCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * The {@code commits.catalog} column: a commit's catalog mutations in {@link MutationCodec} JSON,
 * each with its position in the commit as {@code "at"} so that it can be merged back with the
 * entry mutations kept as rows. Shared by the SQLite and PostgreSQL stores.
 */
public final class CatalogColumn {
    private static final String AT = "at";

    private CatalogColumn() {}

    /** Encodes the positioned catalog mutations; null when there are none. */
    public static byte[] encode(List<Map.Entry<Integer, Mutation>> positioned) {
        if (positioned.isEmpty()) {
            return null;
        }
        ArrayNode array = Json.NODES.arrayNode();
        for (Map.Entry<Integer, Mutation> p : positioned) {
            array.add(MutationCodec.encode(p.getValue()).put(AT, p.getKey()));
        }
        return Json.bytes(array);
    }

    public static List<Map.Entry<Integer, Mutation>> decode(byte[] json) {
        List<Map.Entry<Integer, Mutation>> out = new ArrayList<>();
        if (json == null) {
            return out;
        }
        for (JsonNode n : Json.parse(json)) {
            out.add(Map.entry(n.get(AT).intValue(), MutationCodec.decode(n)));
        }
        return out;
    }
}
