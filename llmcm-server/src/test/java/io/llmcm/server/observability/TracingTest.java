package io.llmcm.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.llmcm.server.Server;
import io.llmcm.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A span per request exported over OTLP/HTTP to a real receiver; nothing at all when not configured. */
class TracingTest {
    /** An OTLP/HTTP receiver: records the protobuf bodies POSTed to /v1/traces. */
    static final class Receiver implements AutoCloseable {
        final HttpServer http;
        final List<byte[]> bodies = new CopyOnWriteArrayList<>();
        final List<String> contentTypes = new CopyOnWriteArrayList<>();

        Receiver() throws IOException {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/v1/traces", ex -> {
                try (ex) {
                    if ("POST".equals(ex.getRequestMethod())) {
                        bodies.add(ex.getRequestBody().readAllBytes());
                        contentTypes.add(String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")));
                        ex.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                        ex.sendResponseHeaders(200, 0); // an empty ExportTraceServiceResponse
                    } else {
                        ex.sendResponseHeaders(405, -1);
                    }
                }
            });
            http.start();
        }

        URI traces() {
            return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/v1/traces");
        }

        byte[] all() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            bodies.forEach(out::writeBytes);
            return out.toByteArray();
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static Set<Thread> exporterThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("BatchSpanProcessor"))
                .collect(Collectors.toSet());
    }

    @Test
    void eachRequestIsASpanNamedByMethodAndRouteThatContinuesTheCallersTrace() throws Exception {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        try (Receiver receiver = new Receiver()) {
            TestServer s = TestServer.start(Server.Options.defaults()
                    .withTracing(new Tracing.Config(receiver.traces(), "llmcm-test", Duration.ofMillis(50))));
            try {
                TestServer.Reply r = s.call("GET", "/v1/tenants/acme/config/models/chat", TestServer.BOOTSTRAP, null,
                        Map.of("traceparent", "00-" + traceId + "-b7ad6b7169203331-01"));
                assertThat(r.status()).isEqualTo(404);
                assertThat(s.get("/health/live", null).status()).isEqualTo(200);
            } finally {
                s.close(); // flushes the batch
            }
            assertThat(receiver.bodies).isNotEmpty();
            assertThat(receiver.contentTypes).allMatch(t -> t.startsWith("application/x-protobuf"));
            byte[] all = receiver.all();
            assertThat(contains(all, "GET /v1/tenants/{tenant}/config/<path>".getBytes(StandardCharsets.UTF_8))).isTrue();
            assertThat(contains(all, "GET /health/live".getBytes(StandardCharsets.UTF_8))).isTrue();
            assertThat(contains(all, "http.route".getBytes(StandardCharsets.UTF_8))).isTrue();
            assertThat(contains(all, "llmcm-test".getBytes(StandardCharsets.UTF_8))).isTrue();
            // the incoming traceparent's trace id (protobuf bytes) is the span's
            assertThat(contains(all, HexFormat.of().parseHex(traceId))).isTrue();
            // never the concrete path's values
            assertThat(contains(all, TestServer.BOOTSTRAP.getBytes(StandardCharsets.UTF_8))).isFalse();
        }
    }

    @Test
    void withoutAnEndpointNoExporterThreadStarts() {
        Set<Thread> before = exporterThreads();
        try (TestServer s = TestServer.start()) {
            assertThat(s.get("/v1/tenants", TestServer.BOOTSTRAP).status()).isEqualTo(200);
            Set<Thread> after = exporterThreads();
            after.removeAll(before);
            assertThat(after).isEmpty();
        }
    }

    @Test
    void theStandardVariablesConfigureIt() {
        assertThat(Tracing.Config.resolve(null, Map.of())).isNull();
        assertThat(Tracing.Config.resolve(null, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")).endpoint())
                .isEqualTo(URI.create("http://collector:4318/v1/traces"));
        assertThat(Tracing.Config.resolve(null, Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318/custom")).endpoint())
                .isEqualTo(URI.create("http://c:4318/custom"));
        assertThat(Tracing.Config.resolve("http://x:4318/", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://y:4318")).endpoint())
                .isEqualTo(URI.create("http://x:4318/v1/traces"));
        assertThat(Tracing.Config.resolve("http://x:4318", Map.of("OTEL_SDK_DISABLED", "true"))).isNull();
        assertThat(Tracing.Config.resolve("http://x:4318", Map.of("OTEL_SERVICE_NAME", "cfg")).serviceName()).isEqualTo("cfg");
    }
}
