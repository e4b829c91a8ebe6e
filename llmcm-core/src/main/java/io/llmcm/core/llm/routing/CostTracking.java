package io.llmcm.core.llm.routing;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where a gateway reports the cost of each request made through a route.
 *
 * @param enabled whether costs are reported
 * @param sink {@code events} (the product's event stream) or {@code webhook}
 * @param url the webhook's http(s) URL, "" for the events sink
 * @param tags labels attached to every cost record (team, product, ...)
 */
public record CostTracking(boolean enabled, String sink, String url, Map<String, String> tags) {
    public static final String EVENTS = "events";
    public static final String WEBHOOK = "webhook";

    /** A route without {@code cost_tracking}. */
    public static final CostTracking OFF = new CostTracking(false, EVENTS, "", Map.of());

    public CostTracking {
        url = url == null ? "" : url;
        tags = java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
    }
}
