package io.llmcm.core.validation;

import tools.jackson.databind.JsonNode;

/**
 * What a validation may know beyond the value it checks: the scope whose effective value it is,
 * and the other effective values of that scope <em>as the commit being planned would leave
 * them</em>. Built-in {@link Check}s use it for cross-entry rules (a route naming a model that
 * must exist, a key reference to a secret that must exist).
 *
 * <p>Implementations answer from memory and are used by one thread at a time.
 */
public interface ValidationContext {
    /** The tenant of the scope being validated. */
    String tenant();

    /** The environment of the scope being validated. */
    String env();

    /** The service of the scope being validated, "" for none. */
    String service();

    /**
     * The path of the value being validated, "" when it was checked on its own. A check needs it
     * to recognise the value among the others (a route falling back to itself).
     */
    default String path() {
        return "";
    }

    /**
     * The effective configuration value of {@code path} in this scope, or null when the path is
     * absent there or holds a secret.
     */
    JsonNode config(String path);

    /** Whether {@code path} holds a secret in this scope. */
    boolean hasSecret(String path);

    /** A context for a value checked on its own: no scope, no other values. */
    ValidationContext NONE = new ValidationContext() {
        @Override
        public String tenant() {
            return "";
        }

        @Override
        public String env() {
            return "";
        }

        @Override
        public String service() {
            return "";
        }

        @Override
        public JsonNode config(String path) {
            return null;
        }

        @Override
        public boolean hasSecret(String path) {
            return false;
        }
    };
}
