package io.llmcm.core.llm.template;

import io.llmcm.core.template.Variables;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A template with everything it extends merged in.
 *
 * @param chain the template first, then what it extends, up to the root
 * @param leaf the template's own document (version, description and sharing are its own)
 * @param variables the merged declarations
 * @param entries the merged entries (key path template → value template)
 */
public record ResolvedTemplate(List<Located> chain, ConfigTemplate leaf, Variables variables, ObjectNode entries) {
    public ResolvedTemplate {
        chain = List.copyOf(chain);
    }

    public Located located() {
        return chain.getFirst();
    }

    public String version() {
        return leaf.version();
    }
}
