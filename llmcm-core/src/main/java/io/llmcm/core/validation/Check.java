package io.llmcm.core.validation;

import io.llmcm.core.Violation;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A validation written in Java and named in a schema binding's {@code checks} list, for what JSON
 * Schema and CEL cannot say: rules across entries (a route's models and secrets must exist, its
 * fallbacks must not loop) or over text (a prompt's placeholders must be declared). The product's
 * checks are listed in {@link Checks}.
 *
 * <p>A check is stateless and thread-safe; it must never throw for any value, and its messages
 * must never quote a string from the value that may be a credential.
 */
public interface Check {
    /** The name a binding uses, e.g. {@code llm-route}. */
    String name();

    /**
     * Checks a configuration value (never a secret) in the context of its scope. Violations carry
     * a pointer into the value, a message and {@code source} (left empty: the caller fills in the
     * binding); {@code where} is left empty.
     */
    List<Violation> check(JsonNode value, ValidationContext context);

    /**
     * Whether the verdict depends on values other than the one checked. The planner re-checks
     * such bindings whenever a commit changes entries in the tenant, not only when their own
     * path changes.
     */
    default boolean readsOtherEntries() {
        return false;
    }
}
