package io.llmcm.core.llm.routing;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.NotFoundException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Resolves a route alias in a scope into an {@link EffectiveRoute}: what {@code llmcm route
 * explain}, {@code GET /v1/routes/{alias}} and the SDK show.
 *
 * <p>The chain is flattened depth first: the route's targets, then its fallbacks in order; a
 * fallback route contributes its own targets and then its own fallbacks, each step marked with the
 * routes it came through. A route reached a second time is not expanded again (its deployments were
 * already tried). Retry, timeout, fallback conditions, budgets and cost tracking are those of the
 * route asked for. Broken references do not stop the resolution: they are listed in {@code
 * problems} so that explain can show what is wrong.
 */
public final class RouteResolver {
    private static final List<String> OPTIONS = List.of("deployment", "project", "location", "region", "role_arn");

    private RouteResolver() {}

    /**
     * @throws NotFoundException when there is no route of that alias in the scope
     * @throws InvalidInputException when the alias is malformed or the path holds a secret
     * @throws io.llmcm.core.ValidationException when the stored route document is not a valid route
     */
    public static EffectiveRoute resolve(String alias, ScopeValues values) {
        if (!RoutePaths.isValidAlias(alias)) {
            throw new InvalidInputException("route alias must be a key path like chat or team/chat (its entry is routes/<alias>)");
        }
        String path = RoutePaths.path(alias);
        ScopeValues.Entry entry = values.read(path)
                .orElseThrow(() -> new NotFoundException("no route '" + alias + "' in " + values.scope() + " (no entry " + path + ")"));
        if (entry.value() == null) {
            throw new InvalidInputException(path + " holds a secret, not a route");
        }
        Route route = RouteDocuments.parse(entry.value()).orThrow(values.scope() + " " + path);
        Walk w = new Walk(values, alias);
        w.route(route, List.of());
        return new EffectiveRoute(alias, path, values.scope(), values.revision(), entry.from(), entry.modRevision(),
                w.steps, route.retry(), route.timeoutMs(), route.fallbackOn(), route.budgets(), route.costTracking(), w.problems);
    }

    private static final class Walk {
        final ScopeValues values;
        final List<EffectiveRoute.Step> steps = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final Set<String> expanded = new HashSet<>();
        final Map<String, EffectiveRoute.Deployment> deployments = new LinkedHashMap<>();

        final String top;

        Walk(ScopeValues values, String top) {
            this.values = values;
            this.top = top;
            expanded.add(top);
        }

        void route(Route route, List<String> via) {
            long total = route.totalWeight();
            List<EffectiveRoute.Choice> choices = new ArrayList<>();
            for (RouteTarget t : route.targets()) {
                double percent = total == 0 ? 0 : Math.round(t.weight() * 10000.0 / total) / 100.0;
                choices.add(new EffectiveRoute.Choice(t.deployment(), t.weight(), percent, deployment(t.deployment())));
            }
            steps.add(new EffectiveRoute.Step(steps.size() + 1, via.isEmpty() ? EffectiveRoute.Kind.WEIGHTED : EffectiveRoute.Kind.FALLBACK, via, choices));
            for (Fallback f : route.fallbacks()) {
                switch (f) {
                    case Fallback.Model m -> steps.add(new EffectiveRoute.Step(steps.size() + 1, EffectiveRoute.Kind.FALLBACK, via,
                            List.of(new EffectiveRoute.Choice(m.deployment(), 1, 100.0, deployment(m.deployment())))));
                    case Fallback.Route r -> fallbackRoute(r.alias(), via);
                }
            }
        }

        private void fallbackRoute(String alias, List<String> via) {
            if (!expanded.add(alias)) {
                if (alias.equals(top) || via.contains(alias)) {
                    List<String> loop = new ArrayList<>();
                    loop.add(top);
                    loop.addAll(via);
                    loop.add(alias);
                    problems.add("fallback cycle: " + RouteGraph.show(loop) + "; not followed again");
                }
                return; // already in the chain: its deployments were tried
            }
            String path = RoutePaths.path(alias);
            Optional<ScopeValues.Entry> e = values.read(path);
            if (e.isEmpty() || e.get().value() == null) {
                problems.add("fallback route " + alias + " does not exist in " + values.scope() + " (no entry " + path + ")");
                return;
            }
            RouteDocuments.Parsed parsed = RouteDocuments.parse(e.get().value());
            if (parsed.route() == null) {
                problems.add("fallback route " + alias + " is not a valid route: " + parsed.problems().getFirst());
                return;
            }
            List<String> deeper = new ArrayList<>(via);
            deeper.add(alias);
            route(parsed.route(), deeper);
        }

        private EffectiveRoute.Deployment deployment(String path) {
            if (deployments.containsKey(path)) {
                return deployments.get(path);
            }
            EffectiveRoute.Deployment d = read(path);
            deployments.put(path, d);
            return d;
        }

        private EffectiveRoute.Deployment read(String path) {
            Optional<ScopeValues.Entry> e = values.read(path);
            if (e.isEmpty() || e.get().value() == null || !e.get().value().isObject()) {
                problems.add("deployment " + path + (e.isEmpty() ? " does not exist in " + values.scope()
                        : e.get().value() == null ? " holds a secret, not a deployment" : " is not a deployment (not an object)"));
                return null;
            }
            JsonNode v = e.get().value();
            Map<String, String> options = new LinkedHashMap<>();
            for (String o : OPTIONS) {
                if (v.path(o).isString()) {
                    options.put(o, v.path(o).stringValue());
                }
            }
            Map<String, String> auth = new LinkedHashMap<>();
            for (String a : DeploymentRefs.AUTH_FIELDS) {
                if (v.has(a)) {
                    auth.put(a, DeploymentRefs.shownAuth(v.get(a)));
                }
            }
            return new EffectiveRoute.Deployment(e.get().from(), e.get().modRevision(), text(v, "provider"), text(v, "model"),
                    text(v, "endpoint"), text(v, "api_version"), options, object(v, "params"), object(v, "limits"), auth);
        }

        private static String text(JsonNode v, String field) {
            JsonNode n = v.path(field);
            return n.isString() ? n.stringValue() : n.isNumber() ? n.asString() : "";
        }

        private static JsonNode object(JsonNode v, String field) {
            JsonNode n = v.get(field);
            return n != null && n.isObject() ? n : null;
        }
    }
}
