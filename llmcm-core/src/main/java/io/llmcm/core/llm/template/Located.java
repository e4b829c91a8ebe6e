package io.llmcm.core.llm.template;

import tools.jackson.databind.JsonNode;

/**
 * A template found by a {@link TemplateLocator}.
 *
 * @param ref the name it was asked for by
 * @param owner the tenant whose layers define it ("" for a built-in one, and for one a check found
 *     in the scope it checks)
 * @param revision the revision of its effective value (0 for a built-in one)
 */
public record Located(TemplateRef ref, String owner, JsonNode document, long revision) {
    /** The name of a template checked on its own (a check does not know its path). */
    static final String SELF = "(this template)";

    /** How messages and commit messages name it: {@code builtin/NAME} or {@code OWNER:NAME}. */
    public String display() {
        if (ref.name().equals(SELF)) {
            return "this template";
        }
        return ref.builtin() || owner.isEmpty() ? ref.toString() : owner + ":" + ref.name();
    }
}
