package io.llmcm.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The server's Prometheus metrics: request latency histograms per route, authentication failures,
 * authorization denials, commits, and the repository's revision. Timers are looked up once per
 * (route, method, status) and kept, so a request costs one map lookup and one record.
 */
public final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final Counter authFailures;
    private final Counter denials;
    private final Counter commits;
    private final Counter rateLimited;
    /** Micrometer holds function state weakly; these suppliers have no other owner. */
    private final java.util.List<LongSupplier> suppliers = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ServerMetrics() {
        authFailures = Counter.builder("llmcm_auth_failures").description("requests refused for want of a valid credential").register(registry);
        denials = Counter.builder("llmcm_authz_denied").description("authorization decisions that denied").register(registry);
        commits = Counter.builder("llmcm_commits").description("commits made through the server").register(registry);
        rateLimited = Counter.builder("llmcm_rate_limited").description("requests refused with 429 by a tenant's request quota").register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** A gauge read when scraped. */
    public void gauge(String name, String description, LongSupplier value) {
        Gauge.builder(name, value, v -> (double) v.getAsLong()).description(description).strongReference(true).register(registry);
    }

    /** A counter whose value is read from elsewhere when scraped (it only grows). */
    public void counter(String name, String description, LongSupplier value) {
        suppliers.add(value);
        io.micrometer.core.instrument.FunctionCounter.builder(name, value, v -> (double) v.getAsLong()).description(description).register(registry);
    }

    /** A counter of one {@code tag=value} series, read from elsewhere when scraped. */
    public void counter(String name, String description, String tag, String value, LongSupplier count) {
        suppliers.add(count);
        io.micrometer.core.instrument.FunctionCounter.builder(name, count, v -> (double) v.getAsLong())
                .description(description).tag(tag, value).register(registry);
    }

    public void request(String method, String route, int status, long nanos) {
        String key = method + ' ' + route + ' ' + status;
        Timer t = timers.get(key);
        if (t == null) {
            t = timers.computeIfAbsent(key, k -> Timer.builder("llmcm_http_requests")
                    .description("HTTP requests by route template, method and status")
                    .tag("method", method)
                    .tag("route", route)
                    .tag("status", Integer.toString(status))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(50_000))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry));
        }
        t.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void authenticationFailed() {
        authFailures.increment();
    }

    public void denied() {
        denials.increment();
    }

    public void committed() {
        commits.increment();
    }

    public void rateLimited() {
        rateLimited.increment();
    }

    public String scrape() {
        return registry.scrape();
    }
}
