package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.auth.BuiltInRoles;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /health/live, /health/ready and the Prometheus metrics the server promises. */
class MetricsAndHealthTest {
    static TestServer s;

    @BeforeAll
    static void start() {
        s = TestServer.start();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void healthNeedsNoCredentialAndReadinessReportsTheRevision() {
        assertThat(s.get("/health/live", null).status()).isEqualTo(200);
        TestServer.Reply ready = s.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").asString()).isEqualTo("ready");
        assertThat(ready.json().get("revision").asLong()).isEqualTo(s.repo().revision());
    }

    @Test
    void metricsCountRequestsPerRouteCommitsCacheHitsAndAuthFailures() {
        String dev = s.key("acme", BuiltInRoles.DEVELOPER);
        String secret = "sk-metrics-must-not-show-" + System.nanoTime();
        assertThat(s.put("/v1/tenants/acme/config/m/a", dev, "{\"x\":1}").status()).isEqualTo(200);
        assertThat(s.put("/v1/tenants/acme/secrets/m/key", TestServer.BOOTSTRAP, "{\"value\":\"" + secret + "\"}").status()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(s.get("/v1/tenants/acme/config/m/a", dev).status()).isEqualTo(200);
        }
        assertThat(s.get("/v1/tenants/acme/config/m/a", "llmcm_nonsense_token").status()).isEqualTo(401);
        assertThat(s.call("GET", "/v1/tenants/acme/config/m/a", null, null, Map.of()).status()).isEqualTo(401);

        assertThat(s.repo().cacheStats().hits()).as("direct").isGreaterThanOrEqualTo(2);
        TestServer.Reply m = s.get("/metrics", null);
        assertThat(m.status()).isEqualTo(200);
        String text = m.body();
        assertThat(text).contains("llmcm_http_requests_seconds_bucket{")
                .contains("route=\"/v1/tenants/{tenant}/config/<path>\"")
                .contains("status=\"200\"");
        assertThat(value(text, "llmcm_auth_failures_total")).isGreaterThanOrEqualTo(2);
        assertThat(value(text, "llmcm_commits_total")).isGreaterThanOrEqualTo(2);
        assertThat(value(text, "llmcm_cache_hits_total")).as(text.lines().filter(l -> l.contains("cache")).toList().toString()).isGreaterThanOrEqualTo(2);
        assertThat(value(text, "llmcm_revision")).isEqualTo(s.repo().revision());
        assertThat(text).doesNotContain(secret).doesNotContain(dev).doesNotContain("acme");
    }

    private static double value(String text, String name) {
        return text.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
