package io.llmcm.core.llm.routing;

import java.util.List;

/**
 * A route document ({@code routes/<alias>}) as read by {@link RouteDocuments#parse}: a model alias
 * that spreads requests over weighted deployments and falls back along an ordered chain.
 *
 * @param targets at least one, weights ≥ 0 with a positive sum
 * @param fallbacks tried in order once the targets fail with a {@code fallbackOn} error class
 * @param retry retries of one target before moving on
 * @param timeoutMs the deadline of one try, 0 when the route sets none
 * @param fallbackOn what makes the route move on
 * @param budgets the tenant's budget for this alias
 * @param costTracking where costs are reported
 */
public record Route(
        List<RouteTarget> targets,
        List<Fallback> fallbacks,
        RetryPolicy retry,
        long timeoutMs,
        FallbackConditions fallbackOn,
        Budgets budgets,
        CostTracking costTracking) {
    public Route {
        targets = List.copyOf(targets);
        fallbacks = List.copyOf(fallbacks);
    }

    /** The sum of the targets' weights (positive in a valid route). */
    public long totalWeight() {
        long sum = 0;
        for (RouteTarget t : targets) {
            sum += t.weight();
        }
        return sum;
    }

    /** The aliases of the routes this one falls back to, in order. */
    public List<String> fallbackRoutes() {
        return fallbacks.stream().filter(Fallback.Route.class::isInstance).map(f -> ((Fallback.Route) f).alias()).toList();
    }
}
