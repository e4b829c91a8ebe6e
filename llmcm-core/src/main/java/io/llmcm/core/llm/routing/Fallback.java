package io.llmcm.core.llm.routing;

import java.util.Objects;

/** One step of a route's ordered fallback chain: a deployment, or another route by alias. */
public sealed interface Fallback {
    /**
     * Falls back to one deployment.
     *
     * @param deployment the path of a deployment entry in the same scope
     */
    record Model(String deployment) implements Fallback {
        public Model {
            Objects.requireNonNull(deployment, "deployment");
        }
    }

    /**
     * Falls back to another route: its targets, then its own fallbacks.
     *
     * @param alias the other route's alias (its entry is {@code routes/<alias>})
     */
    record Route(String alias) implements Fallback {
        public Route {
            Objects.requireNonNull(alias, "alias");
        }
    }
}
