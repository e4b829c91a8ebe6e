package io.llmcm.server.observability;

import io.javalin.http.Context;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Tracing with the OpenTelemetry SDK, exported in batches over OTLP/HTTP (protobuf, the JDK
 * HttpClient). The only class that touches OpenTelemetry: nothing loads it while tracing is off.
 * Span attributes follow the HTTP semantic conventions; no header, query string or body is recorded.
 */
final class OtlpTracing implements Tracing {
    private static final String SCOPE = "io.llmcm.server";
    private static final TextMapGetter<Context> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Context ctx) {
            return ctx.headerMap().keySet();
        }

        @Override
        public String get(Context ctx, String key) {
            return ctx == null ? null : ctx.header(key);
        }
    };

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    private OtlpTracing(SdkTracerProvider provider) {
        this.provider = provider;
        this.tracer = provider.get(SCOPE);
    }

    static OtlpTracing start(Config config) {
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(config.endpoint().toString())
                .setTimeout(Duration.ofSeconds(10))
                .build();
        String version = OtlpTracing.class.getPackage().getImplementationVersion();
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), config.serviceName(),
                AttributeKey.stringKey("service.version"), version == null ? "dev" : version)));
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource)
                .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).setScheduleDelay(config.exportDelay()).build())
                .build();
        LoggerFactory.getLogger("llmcm.server").info("tracing: spans go to {}", config.endpoint());
        return new OtlpTracing(provider);
    }

    @Override
    public Tracing.Span begin(Context ctx, String method, String route) {
        io.opentelemetry.context.Context parent =
                W3CTraceContextPropagator.getInstance().extract(io.opentelemetry.context.Context.root(), ctx, HEADERS);
        io.opentelemetry.api.trace.Span span = tracer.spanBuilder(method + " " + route)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("http.request.method", method)
                .setAttribute("http.route", route)
                .setAttribute("url.path", ctx.path())
                .setAttribute("url.scheme", ctx.scheme())
                .setAttribute("client.address", ctx.ip())
                .startSpan();
        String agent = ctx.userAgent();
        if (agent != null) {
            span.setAttribute("user_agent.original", agent);
        }
        Scope scope = span.makeCurrent();
        MDC.put("traceId", span.getSpanContext().getTraceId());
        MDC.put("spanId", span.getSpanContext().getSpanId());
        return (status, error) -> {
            try {
                span.setAttribute("http.response.status_code", status);
                if (status >= 500) {
                    span.setStatus(StatusCode.ERROR);
                    if (error != null) {
                        span.setAttribute("error.type", error.getClass().getName());
                    }
                }
            } finally {
                scope.close();
                span.end();
            }
        };
    }

    @Override
    public void close() {
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }
}
