package io.llmcm.core.llm.routing;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A route as a gateway would follow it in one scope: its chain flattened into numbered steps,
 * each deployment with its effective fields (secret references as written, never secret values).
 *
 * @param alias the route's alias
 * @param path its entry, {@code routes/<alias>}
 * @param scope where it was resolved, e.g. {@code acme:prod}
 * @param revision the store revision the answer is true at
 * @param from the highest layer that contributed to the route, e.g. {@code acme:prod}
 * @param modRevision the newest revision merged into the route
 * @param steps the chain in the order it is tried: the route's own weighted targets, then each
 *     fallback (a fallback route expanded into its targets and then its own fallbacks)
 * @param problems what is broken in the chain (a missing deployment or fallback route, a loop);
 *     a route that passed {@code llm-route} has none
 */
public record EffectiveRoute(
        String alias,
        String path,
        String scope,
        long revision,
        String from,
        long modRevision,
        List<Step> steps,
        RetryPolicy retry,
        long timeoutMs,
        FallbackConditions fallbackOn,
        Budgets budgets,
        CostTracking costTracking,
        List<String> problems) {
    public EffectiveRoute {
        steps = List.copyOf(steps);
        problems = List.copyOf(problems);
    }

    /** Whether a step is the route's own targets or a fallback. */
    public enum Kind {
        WEIGHTED,
        FALLBACK;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One step of the chain.
     *
     * @param number counted from 1
     * @param via the fallback routes this step came through, outermost first; empty for the
     *     route's own targets and its direct fallback deployments
     * @param choices the deployments of the step, with their shares (one at 100% for a single
     *     deployment)
     */
    public record Step(int number, Kind kind, List<String> via, List<Choice> choices) {
        public Step {
            via = List.copyOf(via);
            choices = List.copyOf(choices);
        }
    }

    /**
     * One deployment of a step.
     *
     * @param path the deployment's entry path
     * @param weight its weight in the step
     * @param percent its share of the step's requests, 0–100
     * @param deployment its effective fields, null when the entry is missing
     */
    public record Choice(String path, int weight, double percent, Deployment deployment) {}

    /**
     * A deployment's effective fields.
     *
     * @param from the highest layer that contributed
     * @param provider e.g. {@code openai}; "" when not set
     * @param apiVersion "" when not set
     * @param options provider-specific plain settings present in the deployment: {@code
     *     deployment} (Azure), {@code project}, {@code location} (Vertex), {@code region}, {@code
     *     role_arn} (Bedrock)
     * @param params the inference preset, null when none
     * @param limits the per-deployment budget, null when none
     * @param auth the auth fields present: each a {@code ${secret:…}} reference as written (an
     *     inline value is replaced by a placeholder)
     */
    public record Deployment(
            String from,
            long modRevision,
            String provider,
            String model,
            String endpoint,
            String apiVersion,
            Map<String, String> options,
            JsonNode params,
            JsonNode limits,
            Map<String, String> auth) {
        public Deployment {
            options = Map.copyOf(options);
            auth = Map.copyOf(auth);
            params = params == null ? null : params.deepCopy();
            limits = limits == null ? null : limits.deepCopy();
        }
    }
}
