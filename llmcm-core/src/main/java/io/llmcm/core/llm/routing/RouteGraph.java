package io.llmcm.core.llm.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Cycles among routes that fall back to routes. A route whose chain reaches a cycle has no end: a
 * gateway following it would loop, and {@link RouteResolver} could not flatten it.
 */
public final class RouteGraph {
    /** Exploration stops after this many routes; a real configuration has far fewer. */
    static final int MAX_ROUTES = 10_000;

    private RouteGraph() {}

    /**
     * The first cycle reachable from {@code start}, following fallback routes in document order
     * (depth first): the aliases along it with the first repeated at the end, e.g. {@code [chat,
     * small, chat]}; empty when every chain from {@code start} ends.
     *
     * @param fallbackRoutes the aliases a route falls back to, in order; empty for a route that
     *     does not exist or cannot be read (those are reported elsewhere)
     */
    public static Optional<List<String>> cycleFrom(String start, Function<String, List<String>> fallbackRoutes) {
        // iterative DFS: a long chain must not overflow the stack
        List<String> path = new ArrayList<>();
        Set<String> onPath = new LinkedHashSet<>();
        Set<String> done = new HashSet<>();
        List<java.util.Iterator<String>> its = new ArrayList<>();
        path.add(start);
        onPath.add(start);
        its.add(fallbackRoutes.apply(start).iterator());
        int explored = 1;
        while (!path.isEmpty()) {
            java.util.Iterator<String> it = its.getLast();
            if (!it.hasNext()) {
                String finished = path.removeLast();
                its.removeLast();
                onPath.remove(finished);
                done.add(finished);
                continue;
            }
            String next = it.next();
            if (onPath.contains(next)) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(next), path.size()));
                cycle.add(next);
                return Optional.of(List.copyOf(cycle));
            }
            if (done.contains(next) || ++explored > MAX_ROUTES) {
                continue;
            }
            path.add(next);
            onPath.add(next);
            its.add(fallbackRoutes.apply(next).iterator());
        }
        return Optional.empty();
    }

    /** {@code chat → small → chat}. */
    public static String show(List<String> cycle) {
        return String.join(" → ", cycle);
    }
}
