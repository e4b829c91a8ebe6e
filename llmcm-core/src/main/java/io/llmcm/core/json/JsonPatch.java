package io.llmcm.core.json;
// TEMPORARY placeholder until the wip-format branch is merged; never committed.
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
public final class JsonPatch {
    public static ArrayNode diff(JsonNode a, JsonNode b) { ArrayNode o = Json.NODES.arrayNode(); if (!a.equals(b)) o.addObject().put("op","replace").put("path","").set("value", b); return o; }
    public static List<String> describe(ArrayNode p) { return p.valueStream().map(Object::toString).toList(); }
}
