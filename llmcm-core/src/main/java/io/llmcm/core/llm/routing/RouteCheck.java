package io.llmcm.core.llm.routing;

import io.llmcm.core.Violation;
import io.llmcm.core.validation.Check;
import io.llmcm.core.validation.ValidationContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code llm-route}: a route document is well formed ({@link RouteDocuments}), and everything it
 * names exists in the scope as the commit leaves it — its target and fallback deployments, the
 * secrets those deployments' {@code ${secret:…}} references name, and its fallback routes — and its
 * fallback routes never lead back into a cycle.
 *
 * <p>It reads other entries, so the planner re-checks routes whenever a commit changes entries of
 * their tenant: deleting a deployment or a secret a route needs is refused like writing a bad route.
 * Model ids and parameters inside a deployment are the provider schemas' business.
 */
public final class RouteCheck implements Check {
    public static final String NAME = "llm-route";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean readsOtherEntries() {
        return true;
    }

    @Override
    public List<Violation> check(JsonNode value, ValidationContext context) {
        RouteDocuments.Parsed parsed = RouteDocuments.parse(value);
        if (parsed.route() == null) {
            return parsed.problems();
        }
        if (context.tenant().isEmpty()) {
            return List.of(); // checked on its own: there are no other entries to look at
        }
        return new Run(parsed.route(), context).all();
    }

    private static final class Run {
        final Route route;
        final ValidationContext ctx;
        final String self;
        final List<Violation> out = new ArrayList<>();

        Run(Route route, ValidationContext ctx) {
            this.route = route;
            this.ctx = ctx;
            this.self = RoutePaths.alias(ctx.path());
        }

        List<Violation> all() {
            for (int i = 0; i < route.targets().size(); i++) {
                deployment(route.targets().get(i).deployment(), "/targets/" + i + "/model");
            }
            Set<List<String>> reported = new HashSet<>();
            for (int i = 0; i < route.fallbacks().size(); i++) {
                switch (route.fallbacks().get(i)) {
                    case Fallback.Model m -> deployment(m.deployment(), "/fallbacks/" + i + "/model");
                    case Fallback.Route r -> fallbackRoute(r.alias(), "/fallbacks/" + i + "/route", reported);
                }
            }
            return out;
        }

        private void fallbackRoute(String alias, String at, Set<List<String>> reported) {
            if (alias.equals(self)) {
                add(at, "route " + self + " falls back to itself");
                return;
            }
            String path = RoutePaths.path(alias);
            if (ctx.config(path) == null) {
                add(at, ctx.hasSecret(path)
                        ? path + " holds a secret, not a route"
                        : "route " + alias + " does not exist in this scope (no entry " + path + ")");
                return;
            }
            Optional<List<String>> cycle = RouteGraph.cycleFrom(alias, this::edges);
            if (cycle.isEmpty() || !reported.add(canonical(cycle.get()))) {
                return;
            }
            List<String> c = cycle.get();
            if (!self.isEmpty() && c.contains(self)) {
                add(at, "fallback cycle: " + RouteGraph.show(startingAt(c, self)));
            } else {
                add(at, "fallback route " + alias + " leads into a cycle: " + RouteGraph.show(c));
            }
        }

        /** The fallback routes of an alias: this route's own from the value checked, others' from the scope. */
        private List<String> edges(String alias) {
            if (alias.equals(self)) {
                return route.fallbackRoutes().stream().filter(a -> !a.equals(self)).toList();
            }
            return fallbackAliases(ctx.config(RoutePaths.path(alias)));
        }

        /**
         * Read leniently: another route may itself be broken (and is reported on its own path), but
         * its fallbacks still count for cycles.
         */
        static List<String> fallbackAliases(JsonNode other) {
            if (other == null || !other.path("fallbacks").isArray()) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (JsonNode f : other.path("fallbacks").values()) {
                JsonNode r = f.path("route");
                if (r.isString() && RoutePaths.isValidAlias(r.stringValue())) {
                    out.add(r.stringValue());
                }
            }
            return out;
        }

        private void deployment(String path, String at) {
            JsonNode d = ctx.config(path);
            if (d == null) {
                add(at, ctx.hasSecret(path)
                        ? path + " holds a secret, not a deployment"
                        : "deployment " + path + " does not exist in this scope");
                return;
            }
            if (!d.isObject()) {
                add(at, path + " is not a deployment: expected an object with provider, model and endpoint");
                return;
            }
            for (DeploymentRefs.SecretRef ref : DeploymentRefs.secrets(d)) {
                if (!ctx.hasSecret(ref.secretPath())) {
                    add(at, "deployment " + path + " field " + ref.pointer() + " refers to secret " + ref.secretPath()
                            + ", which does not exist in this scope");
                }
            }
        }

        private void add(String pointer, String message) {
            out.add(new Violation("", pointer, message, ""));
        }

        /** The cycle rotated to start (and end) at {@code alias}. */
        private static List<String> startingAt(List<String> cycle, String alias) {
            List<String> ring = cycle.subList(0, cycle.size() - 1);
            int i = ring.indexOf(alias);
            List<String> out = new ArrayList<>(ring.subList(i, ring.size()));
            out.addAll(ring.subList(0, i));
            out.add(alias);
            return out;
        }

        /** The same cycle found from another start rotates to the same list. */
        private static List<String> canonical(List<String> cycle) {
            List<String> ring = cycle.subList(0, cycle.size() - 1);
            String min = ring.stream().min(String::compareTo).orElseThrow();
            return startingAt(cycle, min);
        }
    }
}
