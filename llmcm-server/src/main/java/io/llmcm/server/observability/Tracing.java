package io.llmcm.server.observability;

import io.javalin.http.Context;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Tracing of HTTP requests: one span per request, named by method and route template. Off unless an
 * OTLP endpoint is configured; when off ({@link #OFF}) no OpenTelemetry class is loaded, no SDK
 * object or exporter thread exists, and a request costs one call that returns null.
 */
public interface Tracing extends AutoCloseable {
    /** No tracing: {@link #begin} returns null. */
    Tracing OFF = new Tracing() {
        @Override
        public Span begin(Context ctx, String method, String route) {
            return null;
        }

        @Override
        public void close() {}
    };

    /** The span of one request, current on the request's thread until {@link #end}. */
    interface Span {
        /** Records the status (5xx marks the span as an error) and ends the span. */
        void end(int status, Throwable error);
    }

    /**
     * Starts the span of a request (continuing a W3C {@code traceparent} the request carries) and puts
     * {@code traceId} and {@code spanId} in the logging MDC.
     *
     * @return null when tracing is off
     */
    Span begin(Context ctx, String method, String route);

    /** Exports the spans still buffered, then stops. */
    @Override
    void close();

    /** Starts tracing to the configured endpoint, or {@link #OFF} for null. */
    static Tracing of(Config config) {
        return config == null ? OFF : OtlpTracing.start(config);
    }

    /**
     * Where spans go.
     *
     * @param endpoint the OTLP/HTTP traces URL, e.g. {@code http://collector:4318/v1/traces}
     * @param serviceName the {@code service.name} resource attribute
     * @param exportDelay how long spans wait in the batch before export
     */
    record Config(URI endpoint, String serviceName, Duration exportDelay) {
        public static final String DEFAULT_SERVICE_NAME = "llmcm";
        public static final String TRACES_PATH = "/v1/traces";

        public Config {
            Objects.requireNonNull(endpoint, "endpoint");
            if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
                throw new IllegalArgumentException("the OTLP endpoint must be an http or https URL, got '" + endpoint + "'");
            }
            serviceName = serviceName == null || serviceName.isBlank() ? DEFAULT_SERVICE_NAME : serviceName;
            exportDelay = Objects.requireNonNullElse(exportDelay, Duration.ofSeconds(1));
        }

        public Config(URI endpoint) {
            this(endpoint, null, null);
        }

        /**
         * The configuration the standard OpenTelemetry variables and an explicit endpoint give, or
         * null for none (tracing off). An explicit endpoint or {@code OTEL_EXPORTER_OTLP_ENDPOINT} is
         * a base URL that {@code /v1/traces} is appended to (unless it already ends with it);
         * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} is used as it is. {@code OTEL_SDK_DISABLED=true}
         * turns tracing off; {@code OTEL_SERVICE_NAME} names the service.
         */
        public static Config resolve(String explicitEndpoint, Map<String, String> env) {
            if ("true".equalsIgnoreCase(env.getOrDefault("OTEL_SDK_DISABLED", "").trim())) {
                return null;
            }
            String service = env.get("OTEL_SERVICE_NAME");
            if (explicitEndpoint != null && !explicitEndpoint.isBlank()) {
                return new Config(traces(explicitEndpoint), service, null);
            }
            String traces = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
            if (traces != null && !traces.isBlank()) {
                return new Config(URI.create(traces.trim()), service, null);
            }
            String base = env.get("OTEL_EXPORTER_OTLP_ENDPOINT");
            if (base != null && !base.isBlank()) {
                return new Config(traces(base), service, null);
            }
            return null;
        }

        private static URI traces(String base) {
            String b = base.trim();
            if (b.endsWith(TRACES_PATH)) {
                return URI.create(b);
            }
            return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + TRACES_PATH);
        }
    }
}
