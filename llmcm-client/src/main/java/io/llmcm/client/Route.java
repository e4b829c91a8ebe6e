package io.llmcm.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * An LLM route resolved by the server in one scope ({@link LlmcmClient#route}): the weighted
 * targets to spread requests over, the fallback chain to walk when they fail, and the policies a
 * gateway applies. Deployments carry their secret <em>references</em> ({@code
 * ${secret:providers/openai}}), never secret values: read those with the secret API where allowed.
 *
 * <pre>{@code
 * Route chat = client.route(ConfigSpec.of("acme", "prod"), "chat");
 * Route.Target pick = chat.targets().getFirst();          // weight, percent, deployment
 * String model = pick.deployment().model();                  // "gpt-4o"
 * for (Route.Fallback f : chat.fallbacks()) { ... }          // in order, after the targets
 * }</pre>
 *
 * @param alias the route's alias
 * @param scope where it was resolved, e.g. {@code acme:prod}
 * @param revision the server revision the answer is true at
 * @param from the highest layer that contributed to the route, e.g. {@code acme:prod}
 * @param modRevision the newest revision merged into the route
 * @param targets the route's own weighted targets
 * @param fallbacks the fallback steps in order (a fallback route expanded into its targets, then
 *     its own fallbacks)
 * @param retry retries of one target before moving on
 * @param timeoutMs the deadline of one try, 0 when the route sets none
 * @param fallbackOn what makes the route move on
 * @param budgets this tenant's budgets for the alias
 * @param costTracking where costs are reported
 * @param problems broken references the server found (empty for a route that passed validation)
 */
public record Route(
        String alias,
        String scope,
        long revision,
        String from,
        long modRevision,
        List<Target> targets,
        List<Fallback> fallbacks,
        RetryPolicy retry,
        long timeoutMs,
        FallbackConditions fallbackOn,
        Budgets budgets,
        CostTracking costTracking,
        List<String> problems) {
    public Route {
        targets = List.copyOf(targets);
        fallbacks = List.copyOf(fallbacks);
        problems = List.copyOf(problems);
    }

    /**
     * One deployment with its share.
     *
     * @param path the deployment's entry path, e.g. {@code models/openai/gpt-4o}
     * @param weight its relative weight
     * @param percent its share of the step's requests, 0–100
     * @param deployment its effective fields, null when the entry is missing (see {@link #problems})
     */
    public record Target(String path, int weight, double percent, Deployment deployment) {}

    /**
     * One fallback step.
     *
     * @param via the fallback routes this step came through, outermost first; empty for a
     *     deployment the route falls back to directly
     * @param targets the step's deployments (one at 100% for a single deployment)
     */
    public record Fallback(List<String> via, List<Target> targets) {
        public Fallback {
            via = List.copyOf(via);
            targets = List.copyOf(targets);
        }
    }

    /**
     * A deployment's effective fields.
     *
     * @param from the highest layer that contributed
     * @param apiVersion "" when not set
     * @param options provider-specific settings present: {@code deployment}, {@code project},
     *     {@code location}, {@code region}, {@code role_arn}
     * @param params the inference preset, null when none
     * @param limits per-deployment limits, null when none
     * @param auth auth field → {@code ${secret:…}} reference as written
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
        }
    }

    /**
     * @param attempts retries after the first try (0: none)
     * @param backoffMs the first wait, doubled each retry
     * @param maxBackoffMs the longest wait
     * @param on error classes retried ({@code rate_limit}, {@code timeout}, {@code
     *     connection_error}, {@code server_error}, ...)
     */
    public record RetryPolicy(int attempts, long backoffMs, long maxBackoffMs, Set<String> on) {
        public RetryPolicy {
            on = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(on));
        }
    }

    /**
     * @param errors error classes that fall back
     * @param latencyMsAbove fall back when a target has not answered after this long, 0 for none
     */
    public record FallbackConditions(Set<String> errors, long latencyMsAbove) {
        public FallbackConditions {
            errors = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(errors));
        }
    }

    /** 0 means not limited. */
    public record Budgets(long tokensPerMinute, long tokensPerDay, long requestsPerMinute) {}

    /**
     * @param sink {@code events} or {@code webhook}
     * @param url the webhook URL, "" for events
     */
    public record CostTracking(boolean enabled, String sink, String url, Map<String, String> tags) {
        public CostTracking {
            tags = Map.copyOf(tags);
        }
    }

    /** Reads the body of {@code GET /v1/routes/{alias}}. */
    static Route of(JsonNode o) {
        List<Target> targets = List.of();
        List<Fallback> fallbacks = new ArrayList<>();
        for (JsonNode s : o.path("steps").values()) {
            List<Target> step = new ArrayList<>();
            for (JsonNode c : s.path("choices").values()) {
                JsonNode d = c.path("deployment");
                step.add(new Target(c.path("path").asString(""), c.path("weight").asInt(0), c.path("percent").asDouble(0),
                        d.isObject() ? deployment(d) : null));
            }
            if ("weighted".equals(s.path("kind").asString(""))) {
                targets = step;
            } else {
                fallbacks.add(new Fallback(strings(s.path("via")), step));
            }
        }
        JsonNode retry = o.path("retry");
        JsonNode on = o.path("fallbackOn");
        JsonNode b = o.path("budgets");
        JsonNode cost = o.path("costTracking");
        return new Route(o.path("alias").asString(""), o.path("scope").asString(""), o.path("revision").asLong(0),
                o.path("from").asString(""), o.path("modRevision").asLong(0), targets, fallbacks,
                new RetryPolicy(retry.path("attempts").asInt(0), retry.path("backoffMs").asLong(0), retry.path("maxBackoffMs").asLong(0),
                        new LinkedHashSet<>(strings(retry.path("on")))),
                o.path("timeoutMs").asLong(0),
                new FallbackConditions(new LinkedHashSet<>(strings(on.path("errors"))), on.path("latencyMsAbove").asLong(0)),
                new Budgets(b.path("tokensPerMinute").asLong(0), b.path("tokensPerDay").asLong(0), b.path("requestsPerMinute").asLong(0)),
                new CostTracking(cost.path("enabled").asBoolean(false), cost.path("sink").asString("events"), cost.path("url").asString(""),
                        map(cost.path("tags"))),
                strings(o.path("problems")));
    }

    private static Deployment deployment(JsonNode d) {
        return new Deployment(d.path("from").asString(""), d.path("modRevision").asLong(0), d.path("provider").asString(""),
                d.path("model").asString(""), d.path("endpoint").asString(""), d.path("apiVersion").asString(""), map(d.path("options")),
                d.path("params").isObject() ? d.get("params") : null, d.path("limits").isObject() ? d.get("limits") : null, map(d.path("auth")));
    }

    private static Map<String, String> map(JsonNode o) {
        Map<String, String> m = new LinkedHashMap<>();
        o.properties().forEach(e -> m.put(e.getKey(), e.getValue().asString("")));
        return m;
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.values().forEach(s -> out.add(s.asString("")));
        return out;
    }
}
