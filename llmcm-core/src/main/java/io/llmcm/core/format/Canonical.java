package io.llmcm.core.format;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import io.llmcm.core.json.JsonPointers;
import java.math.BigInteger;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rebuilds a tree read by another parser with the node types the JSON parser would give: int,
 * long or big integer for integers by size, double for fractions. Without this a YAML or TOML
 * import would not compare equal to the same value imported as JSON (TOML floats come as big
 * decimals, for example).
 */
final class Canonical {
    private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

    private Canonical() {}

    static JsonNode of(JsonNode node, String format) {
        return of(node, "", format);
    }

    private static JsonNode of(JsonNode node, String pointer, String format) {
        if (node.isObject()) {
            ObjectNode o = Json.NODES.objectNode();
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                o.set(f.getKey(), of(f.getValue(), JsonPointers.child(pointer, f.getKey()), format));
            }
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = Json.NODES.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                a.add(of(node.get(i), JsonPointers.child(pointer, i), format));
            }
            return a;
        }
        if (node.isIntegralNumber()) {
            BigInteger v = node.bigIntegerValue();
            if (v.bitLength() < 32) {
                return Json.NODES.numberNode(v.intValue());
            }
            return v.compareTo(MIN_LONG) >= 0 && v.compareTo(MAX_LONG) <= 0
                    ? Json.NODES.numberNode(v.longValue())
                    : Json.NODES.numberNode(v);
        }
        if (node.isNumber()) {
            double d = node.doubleValue();
            if (!Double.isFinite(d)) {
                throw new InvalidInputException("not valid " + format + " for JSON: the number at " + Trees.show(pointer)
                        + " is infinite or not a number, which JSON cannot hold");
            }
            return Json.NODES.numberNode(d);
        }
        return node;
    }
}
