package io.llmcm.cli.render;

import io.llmcm.core.model.SchemaBinding;
import tools.jackson.databind.node.ObjectNode;

/** A schema binding as the document {@code schema set} reads back ({@code SchemaDocuments}). */
public final class SchemaView {
    private SchemaView() {}

    /** {@code {pattern, schema, rules: [{rule, message, pointer}]}}; empty parts are left out. */
    public static ObjectNode document(SchemaBinding b) {
        return io.llmcm.core.validation.SchemaDocuments.document(b);
    }
}
