package io.llmcm.core.llm.routing;

import io.llmcm.core.ValidationException;
import io.llmcm.core.Violation;
import io.llmcm.core.json.JsonPointers;
import io.llmcm.core.model.Names;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a route document into a {@link Route}, collecting every problem with the pointer of the
 * field and what was expected. Only the document itself is checked here; whether its deployments,
 * secrets and fallback routes exist is {@link RouteCheck}'s job.
 *
 * <p>Messages quote numbers, field names and key paths (of deployments and routes), never other
 * strings from the value.
 */
public final class RouteDocuments {
    static final int MAX_WEIGHT = 1_000_000;
    private static final Set<String> FIELDS = Set.of("targets", "fallbacks", "retry", "timeout_ms", "fallback_on", "budgets", "cost_tracking");
    private static final Set<String> TARGET_FIELDS = Set.of("model", "weight");
    private static final Set<String> FALLBACK_FIELDS = Set.of("model", "route");
    private static final Set<String> RETRY_FIELDS = Set.of("attempts", "backoff_ms", "max_backoff_ms", "on");
    private static final Set<String> FALLBACK_ON_FIELDS = Set.of("errors", "latency_ms_above");
    private static final Set<String> BUDGET_FIELDS = Set.of("tokens_per_minute", "tokens_per_day", "requests_per_minute");
    private static final Set<String> COST_FIELDS = Set.of("enabled", "sink", "url", "tags");

    private RouteDocuments() {}

    /**
     * The outcome of reading a document.
     *
     * @param route the route, null when there are problems
     * @param problems pointer and message of each problem, {@code where} and {@code source} empty
     */
    public record Parsed(Route route, List<Violation> problems) {
        public Parsed {
            problems = List.copyOf(problems);
        }

        /**
         * The route, or {@link ValidationException} listing the problems located at {@code where}
         * (e.g. {@code acme:prod routes/chat}): a stored route that fails its own rules, as data
         * written before the routes schema was bound may.
         */
        public Route orThrow(String where) {
            if (route != null) {
                return route;
            }
            throw new ValidationException(problems.stream().map(v -> v.at(where)).toList());
        }
    }

    /** Reads a route document; never throws for any value. */
    public static Parsed parse(JsonNode doc) {
        return new Reader().route(doc);
    }

    private static final class Reader {
        final List<Violation> problems = new ArrayList<>();

        void problem(String pointer, String message) {
            problems.add(new Violation("", pointer, message, ""));
        }

        Parsed route(JsonNode doc) {
            if (doc == null || !doc.isObject()) {
                problem("", "a route must be an object with targets (and optionally fallbacks, retry, timeout_ms, fallback_on, budgets, cost_tracking)");
                return new Parsed(null, problems);
            }
            if (doc.isEmpty()) {
                problem("", "the route is empty: give at least one target, e.g. targets: [{model: models/openai/gpt-4o}]");
                return new Parsed(null, problems);
            }
            fields(doc, "", FIELDS);
            List<RouteTarget> targets = targets(doc.get("targets"));
            List<Fallback> fallbacks = fallbacks(doc.get("fallbacks"));
            RetryPolicy retry = retry(doc.get("retry"));
            long timeout = doc.has("timeout_ms") ? whole(doc.get("timeout_ms"), "/timeout_ms", 1, Long.MAX_VALUE) : 0;
            FallbackConditions on = fallbackOn(doc.get("fallback_on"));
            Budgets budgets = budgets(doc.get("budgets"));
            CostTracking cost = costTracking(doc.get("cost_tracking"));
            return problems.isEmpty()
                    ? new Parsed(new Route(targets, fallbacks, retry, timeout, on, budgets, cost), problems)
                    : new Parsed(null, problems);
        }

        List<RouteTarget> targets(JsonNode node) {
            if (node == null || node.isNull() || (node.isArray() && node.isEmpty())) {
                problem("/targets", "a route needs at least one target: [{model: <deployment path>, weight: <n>}]");
                return List.of();
            }
            if (!node.isArray()) {
                problem("/targets", "targets must be an array of {model, weight}");
                return List.of();
            }
            List<RouteTarget> out = new ArrayList<>();
            Map<String, Integer> seen = new LinkedHashMap<>();
            int weighted = 0;
            int firstUnweighted = -1;
            boolean badWeight = false;
            for (int i = 0; i < node.size(); i++) {
                String at = "/targets/" + i;
                JsonNode t = node.get(i);
                if (!t.isObject()) {
                    problem(at, "a target must be an object {model: <deployment path>, weight: <n>}");
                    continue;
                }
                fields(t, at, TARGET_FIELDS);
                String model = path(t.get("model"), at + "/model", "model", "the path of a deployment entry, e.g. models/openai/gpt-4o");
                long weight = 1;
                if (t.has("weight")) {
                    weighted++;
                    weight = whole(t.get("weight"), at + "/weight", 0, MAX_WEIGHT);
                    badWeight |= weight < 0;
                } else if (firstUnweighted < 0) {
                    firstUnweighted = i;
                }
                if (model != null) {
                    Integer before = seen.putIfAbsent(model, i);
                    if (before != null) {
                        problem(at + "/model", "deployment " + model + " is already target /targets/" + before + "; list each target once");
                    }
                    out.add(new RouteTarget(model, (int) Math.max(0, weight)));
                }
            }
            if (weighted > 0 && firstUnweighted >= 0) {
                problem("/targets/" + firstUnweighted, "weight is missing while other targets have one: give every target a weight, or none (equal shares)");
            } else if (weighted > 0 && !badWeight && !out.isEmpty() && out.stream().allMatch(t -> t.weight() == 0)) {
                problem("/targets", "the weights sum to 0: at least one target needs a positive weight");
            }
            return out;
        }

        List<Fallback> fallbacks(JsonNode node) {
            if (node == null || node.isNull()) {
                return List.of();
            }
            if (!node.isArray()) {
                problem("/fallbacks", "fallbacks must be an array of {model: <deployment path>} or {route: <alias>}");
                return List.of();
            }
            List<Fallback> out = new ArrayList<>();
            Map<Fallback, Integer> seen = new LinkedHashMap<>();
            for (int i = 0; i < node.size(); i++) {
                String at = "/fallbacks/" + i;
                JsonNode f = node.get(i);
                if (!f.isObject()) {
                    problem(at, "a fallback must be an object {model: <deployment path>} or {route: <alias>}");
                    continue;
                }
                fields(f, at, FALLBACK_FIELDS);
                boolean model = f.has("model");
                boolean route = f.has("route");
                if (model == route) {
                    problem(at, model
                            ? "a fallback names either model or route, not both"
                            : "a fallback needs model (a deployment path) or route (another route's alias)");
                    continue;
                }
                Fallback fb = null;
                if (model) {
                    String p = path(f.get("model"), at + "/model", "model", "the path of a deployment entry, e.g. models/anthropic/claude-sonnet");
                    fb = p == null ? null : new Fallback.Model(p);
                } else {
                    JsonNode r = f.get("route");
                    if (!r.isString() || !RoutePaths.isValidAlias(r.stringValue())) {
                        problem(at + "/route", "route must be the alias of another route, e.g. chat-small (its entry is routes/chat-small)");
                    } else {
                        fb = new Fallback.Route(r.stringValue());
                    }
                }
                if (fb != null) {
                    Integer before = seen.putIfAbsent(fb, i);
                    if (before != null) {
                        problem(at, "this fallback repeats /fallbacks/" + before + "; list each fallback once");
                    } else {
                        out.add(fb);
                    }
                }
            }
            return out;
        }

        RetryPolicy retry(JsonNode node) {
            if (node == null || node.isNull()) {
                return RetryPolicy.NONE;
            }
            if (!isObject(node, "/retry", "retry must be an object {attempts, backoff_ms, max_backoff_ms, on}")) {
                return RetryPolicy.NONE;
            }
            fields(node, "/retry", RETRY_FIELDS);
            int attempts = 0;
            if (node.has("attempts")) {
                attempts = (int) whole(node.get("attempts"), "/retry/attempts", 0, RetryPolicy.MAX_ATTEMPTS);
            } else {
                problem("/retry/attempts", "attempts is missing: how many times to retry a target, 0 to " + RetryPolicy.MAX_ATTEMPTS);
            }
            long backoff = node.has("backoff_ms") ? whole(node.get("backoff_ms"), "/retry/backoff_ms", 0, Long.MAX_VALUE) : RetryPolicy.DEFAULT_BACKOFF_MS;
            long max = node.has("max_backoff_ms")
                    ? whole(node.get("max_backoff_ms"), "/retry/max_backoff_ms", 0, Long.MAX_VALUE)
                    : Math.max(backoff, RetryPolicy.DEFAULT_MAX_BACKOFF_MS);
            if (node.has("max_backoff_ms") && backoff >= 0 && max >= 0 && max < backoff) {
                problem("/retry/max_backoff_ms", "max_backoff_ms " + max + " is below backoff_ms " + backoff);
            }
            Set<ErrorClass> on = node.has("on") ? errorClasses(node.get("on"), "/retry/on") : RetryPolicy.DEFAULT_ON;
            return new RetryPolicy(Math.max(0, attempts), backoff, max, on);
        }

        FallbackConditions fallbackOn(JsonNode node) {
            if (node == null || node.isNull()) {
                return FallbackConditions.DEFAULT;
            }
            if (!isObject(node, "/fallback_on", "fallback_on must be an object {errors: [...], latency_ms_above: <ms>}")) {
                return FallbackConditions.DEFAULT;
            }
            fields(node, "/fallback_on", FALLBACK_ON_FIELDS);
            Set<ErrorClass> errors = node.has("errors") ? errorClasses(node.get("errors"), "/fallback_on/errors") : RetryPolicy.DEFAULT_ON;
            long latency = node.has("latency_ms_above") ? whole(node.get("latency_ms_above"), "/fallback_on/latency_ms_above", 1, Long.MAX_VALUE) : 0;
            return new FallbackConditions(errors, latency);
        }

        Budgets budgets(JsonNode node) {
            if (node == null || node.isNull()) {
                return Budgets.NONE;
            }
            if (!isObject(node, "/budgets", "budgets must be an object {tokens_per_minute, tokens_per_day, requests_per_minute}")) {
                return Budgets.NONE;
            }
            fields(node, "/budgets", BUDGET_FIELDS);
            return new Budgets(
                    budget(node, "tokens_per_minute"), budget(node, "tokens_per_day"), budget(node, "requests_per_minute"));
        }

        private long budget(JsonNode budgets, String field) {
            return budgets.has(field) ? Math.max(0, whole(budgets.get(field), "/budgets/" + field, 1, Long.MAX_VALUE)) : 0;
        }

        CostTracking costTracking(JsonNode node) {
            if (node == null || node.isNull()) {
                return CostTracking.OFF;
            }
            if (!isObject(node, "/cost_tracking", "cost_tracking must be an object {enabled, sink: events|webhook, url, tags}")) {
                return CostTracking.OFF;
            }
            fields(node, "/cost_tracking", COST_FIELDS);
            boolean enabled = true;
            JsonNode e = node.get("enabled");
            if (e != null) {
                if (e.isBoolean()) {
                    enabled = e.booleanValue();
                } else {
                    problem("/cost_tracking/enabled", "enabled must be true or false");
                }
            }
            String sink = CostTracking.EVENTS;
            JsonNode s = node.get("sink");
            if (s != null) {
                if (s.isString() && (s.stringValue().equals(CostTracking.EVENTS) || s.stringValue().equals(CostTracking.WEBHOOK))) {
                    sink = s.stringValue();
                } else {
                    problem("/cost_tracking/sink", "sink must be events or webhook");
                }
            }
            String url = "";
            JsonNode u = node.get("url");
            if (u != null) {
                if (!sink.equals(CostTracking.WEBHOOK)) {
                    problem("/cost_tracking/url", "url is only used by the webhook sink; set sink: webhook or remove url");
                } else if (!u.isString() || !isHttpUrl(u.stringValue())) {
                    problem("/cost_tracking/url", "url must be an absolute http or https URL");
                } else {
                    url = u.stringValue();
                }
            } else if (sink.equals(CostTracking.WEBHOOK)) {
                problem("/cost_tracking/url", "the webhook sink needs url: where cost records are posted");
            }
            Map<String, String> tags = new LinkedHashMap<>();
            JsonNode t = node.get("tags");
            if (t != null) {
                if (!t.isObject()) {
                    problem("/cost_tracking/tags", "tags must be an object of string labels, e.g. {team: support}");
                } else {
                    for (Map.Entry<String, JsonNode> tag : t.properties()) {
                        if (tag.getValue().isString()) {
                            tags.put(tag.getKey(), tag.getValue().stringValue());
                        } else {
                            problem(JsonPointers.child("/cost_tracking/tags", tag.getKey()), "a tag must be a string");
                        }
                    }
                }
            }
            return new CostTracking(enabled, sink, url, tags);
        }

        private static boolean isHttpUrl(String s) {
            try {
                URI uri = new URI(s);
                return uri.isAbsolute() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
            } catch (java.net.URISyntaxException e) {
                return false;
            }
        }

        Set<ErrorClass> errorClasses(JsonNode node, String at) {
            if (!node.isArray()) {
                problem(at, "expected an array of error classes: " + ErrorClass.names());
                return Set.of();
            }
            Set<ErrorClass> out = EnumSet.noneOf(ErrorClass.class);
            for (int i = 0; i < node.size(); i++) {
                JsonNode c = node.get(i);
                var known = c.isString() ? ErrorClass.of(c.stringValue()) : java.util.Optional.<ErrorClass>empty();
                if (known.isEmpty()) {
                    // the string itself is not quoted: messages never repeat strings from a value
                    problem(at + "/" + i, "unknown error class; known: " + ErrorClass.names());
                } else {
                    out.add(known.get());
                }
            }
            return out;
        }

        /** A key path, or null (with a problem) when the field is missing or not one. */
        private String path(JsonNode node, String at, String field, String expected) {
            if (node == null) {
                problem(at, field + " is missing: " + expected);
                return null;
            }
            if (!node.isString() || !Names.isValidPath(node.stringValue())) {
                problem(at, field + " must be " + expected);
                return null;
            }
            return node.stringValue();
        }

        /**
         * A whole number within [min, max], or -1 (with a problem). 2.0 counts as whole; numbers are
         * quoted in messages, other values are not.
         */
        private long whole(JsonNode node, String at, long min, long max) {
            String field = at.substring(at.lastIndexOf('/') + 1);
            if (node == null || !node.isNumber()) {
                problem(at, field + " must be a whole number" + (max == Long.MAX_VALUE && min == 1 ? " more than 0" : ""));
                return -1;
            }
            BigDecimal d = node.decimalValue();
            if (d.stripTrailingZeros().scale() > 0) {
                problem(at, field + " must be a whole number, got " + node);
                return -1;
            }
            if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
                problem(at, field + " must be" + range(min, max) + ", got " + node);
                return -1;
            }
            return d.longValueExact();
        }

        private static String range(long min, long max) {
            if (max != Long.MAX_VALUE) {
                return " between " + min + " and " + max;
            }
            return min == 1 ? " more than 0" : " " + min + " or more";
        }

        private boolean isObject(JsonNode node, String at, String message) {
            if (!node.isObject()) {
                problem(at, message);
                return false;
            }
            return true;
        }

        private void fields(JsonNode node, String at, Set<String> allowed) {
            for (String f : node.propertyNames()) {
                if (!allowed.contains(f)) {
                    problem(JsonPointers.child(at, f), "unknown field " + clip(f) + "; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)));
                }
            }
        }

        private static String clip(String s) {
            String one = s.replaceAll("\\p{Cntrl}", "?");
            return "'" + (one.length() <= 40 ? one : one.substring(0, 39) + "…") + "'";
        }
    }
}
