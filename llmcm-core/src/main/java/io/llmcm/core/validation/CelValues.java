package io.llmcm.core.validation;

import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import tools.jackson.databind.JsonNode;

/** Converts a JSON tree to the plain Java values the CEL runtime understands. */
final class CelValues {
    private CelValues() {}

    /**
     * Objects become maps, arrays lists, integers {@code long}, other numbers {@code double},
     * {@code null} CEL's {@code null}. An integer too large for a long becomes a double, because
     * CEL has no big integers and rejecting the value here would hide the schema's own message.
     */
    static Object of(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = HashMap.newHashMap(node.size());
                for (Entry<String, JsonNode> e : node.properties()) {
                    map.put(e.getKey(), of(e.getValue()));
                }
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode item : node.values()) {
                    list.add(of(item));
                }
                yield list;
            }
            case NUMBER -> node.isIntegralNumber() && node.canConvertToLong() ? (Object) node.longValue() : node.doubleValue();
            case STRING -> node.stringValue();
            case BOOLEAN -> node.booleanValue();
            case BINARY, POJO -> node.asString();
            case NULL, MISSING -> NullValue.NULL_VALUE;
        };
    }
}
