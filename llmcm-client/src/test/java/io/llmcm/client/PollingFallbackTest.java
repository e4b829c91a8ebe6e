package io.llmcm.client;

import static io.llmcm.client.LiveServer.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The polling fallback for what the real server never does: a server without the watch route, and
 * a watch stream cut right after it opens (a proxy, say). A stand-in server (the JDK's) answers the
 * list route with a revision the test moves; the view must follow it by reading.
 */
class PollingFallbackTest {
    @ParameterizedTest
    @ValueSource(strings = {"no watch route", "stream cut at once"})
    void aViewFollowsByReadingWhenTheStreamDoesNotWork(String watch) throws Exception {
        AtomicLong revision = new AtomicLong(1);
        HttpServer stand = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stand.createContext("/v1/tenants/acme/config", x -> {
            long r = revision.get();
            byte[] b = ("{\"revision\":" + r + ",\"scope\":\"acme:base\",\"items\":[{\"path\":\"p\",\"value\":" + r
                    + ",\"type\":\"json\",\"modRevision\":" + r + "}]}").getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "application/json");
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        stand.createContext("/v1/watch", x -> {
            if (watch.equals("no watch route")) {
                x.sendResponseHeaders(404, -1);
            } else {
                x.getResponseHeaders().set("Content-Type", "text/event-stream");
                x.sendResponseHeaders(200, 0);
            }
            x.close();
        });
        stand.start();
        try (LlmcmClient client = LlmcmClient.builder().server(URI.create("http://127.0.0.1:" + stand.getAddress().getPort())).token("t")
                .reconnectBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).pollInterval(Duration.ofMillis(50)).build()) {
            ConfigView view = client.config(ConfigSpec.of("acme", "base"));
            assertThat(view.require("p", Integer.class)).isEqualTo(1);
            for (int r = 2; r <= 4; r++) {
                revision.set(r);
                int want = r;
                await(Duration.ofSeconds(30), "revision " + r, () -> view.require("p", Integer.class) == want);
            }
            if (watch.equals("no watch route")) {
                assertThat(view.streamsOpened.get()).isZero();
            }
        } finally {
            stand.stop(0);
        }
    }
}
