package io.llmcm.core.llm.routing;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON form of an {@link EffectiveRoute}, as {@code GET /v1/routes/{alias}} answers it and
 * {@code llmcm route explain --output json} prints it; {@link #read} is its inverse (the CLI's
 * remote form). Field names are camelCase like the rest of the REST API; error classes and step
 * kinds use the route document's names.
 */
public final class EffectiveRoutes {
    private EffectiveRoutes() {}

    public static ObjectNode json(EffectiveRoute r) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("alias", r.alias());
        o.put("path", r.path());
        o.put("scope", r.scope());
        o.put("revision", r.revision());
        o.put("from", r.from());
        o.put("modRevision", r.modRevision());
        ArrayNode steps = o.putArray("steps");
        for (EffectiveRoute.Step s : r.steps()) {
            ObjectNode so = steps.addObject();
            so.put("number", s.number());
            so.put("kind", s.kind().wire());
            ArrayNode via = so.putArray("via");
            s.via().forEach(via::add);
            ArrayNode choices = so.putArray("choices");
            for (EffectiveRoute.Choice c : s.choices()) {
                ObjectNode co = choices.addObject();
                co.put("path", c.path());
                co.put("weight", c.weight());
                co.put("percent", c.percent());
                if (c.deployment() == null) {
                    co.putNull("deployment");
                } else {
                    co.set("deployment", deployment(c.deployment()));
                }
            }
        }
        ObjectNode retry = o.putObject("retry");
        retry.put("attempts", r.retry().attempts());
        retry.put("backoffMs", r.retry().backoffMs());
        retry.put("maxBackoffMs", r.retry().maxBackoffMs());
        classes(retry.putArray("on"), r.retry().on());
        o.put("timeoutMs", r.timeoutMs());
        ObjectNode on = o.putObject("fallbackOn");
        classes(on.putArray("errors"), r.fallbackOn().errors());
        on.put("latencyMsAbove", r.fallbackOn().latencyMsAbove());
        ObjectNode b = o.putObject("budgets");
        b.put("tokensPerMinute", r.budgets().tokensPerMinute());
        b.put("tokensPerDay", r.budgets().tokensPerDay());
        b.put("requestsPerMinute", r.budgets().requestsPerMinute());
        ObjectNode cost = o.putObject("costTracking");
        cost.put("enabled", r.costTracking().enabled());
        cost.put("sink", r.costTracking().sink());
        cost.put("url", r.costTracking().url());
        ObjectNode tags = cost.putObject("tags");
        r.costTracking().tags().forEach(tags::put);
        ArrayNode problems = o.putArray("problems");
        r.problems().forEach(problems::add);
        return o;
    }

    private static ObjectNode deployment(EffectiveRoute.Deployment d) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("from", d.from());
        o.put("modRevision", d.modRevision());
        o.put("provider", d.provider());
        o.put("model", d.model());
        o.put("endpoint", d.endpoint());
        o.put("apiVersion", d.apiVersion());
        ObjectNode options = o.putObject("options");
        new java.util.TreeMap<>(d.options()).forEach(options::put);
        o.set("params", d.params() == null ? Json.NODES.nullNode() : d.params());
        o.set("limits", d.limits() == null ? Json.NODES.nullNode() : d.limits());
        ObjectNode auth = o.putObject("auth");
        new java.util.TreeMap<>(d.auth()).forEach(auth::put);
        return o;
    }

    private static void classes(ArrayNode out, Set<ErrorClass> classes) {
        classes.forEach(c -> out.add(c.wire()));
    }

    /** Reads what {@link #json} wrote; {@link InvalidInputException} when it is not that. */
    public static EffectiveRoute read(JsonNode o) {
        if (o == null || !o.isObject() || !o.path("steps").isArray()) {
            throw new InvalidInputException("not an effective route: expected an object with alias, steps, retry, ...");
        }
        List<EffectiveRoute.Step> steps = new ArrayList<>();
        for (JsonNode s : o.path("steps").values()) {
            List<String> via = strings(s.path("via"));
            List<EffectiveRoute.Choice> choices = new ArrayList<>();
            for (JsonNode c : s.path("choices").values()) {
                JsonNode d = c.path("deployment");
                choices.add(new EffectiveRoute.Choice(c.path("path").asString(""), c.path("weight").asInt(0), c.path("percent").asDouble(0),
                        d.isObject() ? deployment(d) : null));
            }
            EffectiveRoute.Kind kind = "weighted".equals(s.path("kind").asString("")) ? EffectiveRoute.Kind.WEIGHTED : EffectiveRoute.Kind.FALLBACK;
            steps.add(new EffectiveRoute.Step(s.path("number").asInt(steps.size() + 1), kind, via, choices));
        }
        JsonNode retry = o.path("retry");
        JsonNode on = o.path("fallbackOn");
        JsonNode b = o.path("budgets");
        JsonNode cost = o.path("costTracking");
        Map<String, String> tags = new LinkedHashMap<>();
        cost.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asString("")));
        return new EffectiveRoute(
                o.path("alias").asString(""), o.path("path").asString(""), o.path("scope").asString(""),
                o.path("revision").asLong(0), o.path("from").asString(""), o.path("modRevision").asLong(0), steps,
                new RetryPolicy(retry.path("attempts").asInt(0), retry.path("backoffMs").asLong(0), retry.path("maxBackoffMs").asLong(0),
                        classes(retry.path("on"))),
                o.path("timeoutMs").asLong(0),
                new FallbackConditions(classes(on.path("errors")), on.path("latencyMsAbove").asLong(0)),
                new Budgets(b.path("tokensPerMinute").asLong(0), b.path("tokensPerDay").asLong(0), b.path("requestsPerMinute").asLong(0)),
                new CostTracking(cost.path("enabled").asBoolean(false), cost.path("sink").asString(CostTracking.EVENTS),
                        cost.path("url").asString(""), tags),
                strings(o.path("problems")));
    }

    private static EffectiveRoute.Deployment deployment(JsonNode d) {
        Map<String, String> options = new LinkedHashMap<>();
        d.path("options").properties().forEach(e -> options.put(e.getKey(), e.getValue().asString("")));
        Map<String, String> auth = new LinkedHashMap<>();
        d.path("auth").properties().forEach(e -> auth.put(e.getKey(), e.getValue().asString("")));
        return new EffectiveRoute.Deployment(d.path("from").asString(""), d.path("modRevision").asLong(0),
                d.path("provider").asString(""), d.path("model").asString(""), d.path("endpoint").asString(""),
                d.path("apiVersion").asString(""), options,
                d.path("params").isObject() ? d.get("params") : null, d.path("limits").isObject() ? d.get("limits") : null, auth);
    }

    private static Set<ErrorClass> classes(JsonNode a) {
        Set<ErrorClass> out = EnumSet.noneOf(ErrorClass.class);
        for (JsonNode c : a.values()) {
            ErrorClass.of(c.asString("")).ifPresent(out::add);
        }
        return out;
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : a.values()) {
            out.add(s.asString(""));
        }
        return out;
    }
}
