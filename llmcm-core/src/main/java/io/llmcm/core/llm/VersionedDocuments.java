package io.llmcm.core.llm;

import io.llmcm.core.Violation;
import io.llmcm.core.llm.prompt.Semver;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The fields every versioned LLM document has (prompts and configuration templates): a required
 * semantic {@code version} and an optional {@code description}, read with the same messages.
 */
public final class VersionedDocuments {
    private VersionedDocuments() {}

    /** The document's {@code version}, or null after adding a violation saying what is wrong. */
    public static String version(JsonNode doc, List<Violation> out) {
        JsonNode ver = doc.get("version");
        if (ver == null) {
            out.add(new Violation("", "/version", "version is required: a semantic version like 1.2.0", ""));
            return null;
        }
        if (!ver.isString() || !Semver.isValid(ver.stringValue())) {
            out.add(new Violation("", "/version",
                    "version must be a semantic version MAJOR.MINOR.PATCH like 1.2.0 (a string: quote it in YAML)", ""));
            return null;
        }
        return ver.stringValue();
    }

    /** The document's {@code description}, "" when absent; adds a violation when it is not a string. */
    public static String description(JsonNode doc, List<Violation> out) {
        JsonNode desc = doc.get("description");
        if (desc != null && !desc.isString()) {
            out.add(new Violation("", "/description", "description must be a string", ""));
        }
        return desc != null && desc.isString() ? desc.stringValue() : "";
    }
}
