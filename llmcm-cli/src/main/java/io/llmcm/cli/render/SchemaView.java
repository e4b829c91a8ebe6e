package io.llmcm.cli.render;

import io.llmcm.core.json.Json;
import io.llmcm.core.model.Rule;
import io.llmcm.core.model.SchemaBinding;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A schema binding as the document {@code schema set} reads back ({@code SchemaDocuments}). */
public final class SchemaView {
    private SchemaView() {}

    /** {@code {pattern, schema, rules: [{rule, message, pointer}]}}; empty parts are left out. */
    public static ObjectNode document(SchemaBinding b) {
        ObjectNode doc = Json.NODES.objectNode();
        doc.put("pattern", b.pattern());
        if (b.schema() != null) {
            doc.set("schema", b.schema().json());
        }
        if (!b.rules().isEmpty()) {
            ArrayNode rules = doc.putArray("rules");
            for (Rule r : b.rules()) {
                ObjectNode o = rules.addObject().put("rule", r.expression());
                if (!r.message().isEmpty()) {
                    o.put("message", r.message());
                }
                if (!r.pointer().isEmpty()) {
                    o.put("pointer", r.pointer());
                }
            }
        }
        return doc;
    }
}
