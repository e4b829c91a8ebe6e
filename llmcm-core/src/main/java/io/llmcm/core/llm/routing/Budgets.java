package io.llmcm.core.llm.routing;

/**
 * What one tenant may spend through a route (the route entry lives in a tenant's layers, so its
 * budgets are per tenant); per-deployment limits are the deployment's {@code limits}. 0 means not
 * limited.
 */
public record Budgets(long tokensPerMinute, long tokensPerDay, long requestsPerMinute) {
    public static final Budgets NONE = new Budgets(0, 0, 0);

    public boolean isEmpty() {
        return tokensPerMinute == 0 && tokensPerDay == 0 && requestsPerMinute == 0;
    }
}
