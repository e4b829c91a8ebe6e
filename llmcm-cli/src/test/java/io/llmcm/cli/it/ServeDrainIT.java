package io.llmcm.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llmcm serve --unready-grace --drain-timeout} reach the server: after SIGTERM the process
 * keeps answering, with {@code /health/ready} at 503, for the grace (by default it would close the
 * listener at once), then ends.
 */
class ServeDrainIT {
    private static final Pattern SERVING = Pattern.compile("llmcm serving (http://127\\.0\\.0\\.1:\\d+) ");

    @TempDir
    Path dir;

    @Test
    void sigtermTurnsReadinessOffForTheUnreadyGraceThenStops() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (LlmcmProcess server = new LlmcmProcess(List.of("serve", "--store", dir.resolve("data").toString(), "--port", "0",
                "--unready-grace", "3s", "--drain-timeout", "500ms"), Map.of("LLMCM_BOOTSTRAP_TOKEN", TokenSafeRuns.TOKEN), SERVING)) {
            URI ready = URI.create(server.matched() + "/health/ready");
            assertThat(status(http, ready)).isEqualTo(200);
            long stopped = System.nanoTime();
            server.process().destroy(); // SIGTERM
            int seen = 200;
            while (seen == 200 && System.nanoTime() - stopped < TimeUnit.SECONDS.toNanos(2)) {
                seen = status(http, ready);
            }
            assertThat(seen).as("/health/ready during the unready grace").isEqualTo(503);
            assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("the grace was kept").isGreaterThanOrEqualTo(Duration.ofMillis(2500));
        }
    }

    private static int status(HttpClient http, URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
