package io.llmcm.server.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RouterConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.router.matcher.PathParser;
import io.llmcm.core.LlmcmException;
import io.llmcm.server.observability.Tracing;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The Javalin application: every {@link Route} wrapped in the same steps — request id, guard
 * ({@link Access}), handler, errors as problem documents, metrics and the access log. Nothing is
 * registered any other way, so the route list is the whole API.
 */
public final class HttpApi {
    private static final Logger LOG = LoggerFactory.getLogger("llmcm.server");
    private static final Logger ACCESS = LoggerFactory.getLogger("llmcm.access");

    /** Largest request body accepted (a batch commit of many values fits; 1 MiB values do too). */
    public static final long MAX_BODY = 8L << 20;

    private HttpApi() {}

    /**
     * @param jetty host, port, connectors (TLS) — applied to Javalin's Jetty settings
     */
    public static Javalin create(List<Route> routes, Access access, ServerMetrics metrics, Consumer<JavalinConfig> jetty) {
        return create(routes, access, metrics, Tracing.OFF, jetty);
    }

    /**
     * @param tracing a span per request ({@link Tracing#OFF} for none)
     * @param jetty host, port, connectors (TLS) — applied to Javalin's Jetty settings
     */
    public static Javalin create(List<Route> routes, Access access, ServerMetrics metrics, Tracing tracing, Consumer<JavalinConfig> jetty) {
        return Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = Boolean.parseBoolean(System.getProperty("llmcm.http.virtualThreads", "true"));
            // answers are small JSON; compressing them costs more CPU than it saves on a LAN
            cfg.http.compressionStrategy = io.javalin.compression.CompressionStrategy.NONE;
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = MAX_BODY;
            cfg.http.generateEtags = false;
            cfg.http.prefer405over404 = true;
            // Jetty's own refusals (bad URIs, bad framing) answer problem documents too
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
            cfg.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JettyErrors()));
            jetty.accept(cfg);
            for (Route r : routes) {
                Handler h = wrap(r, access, metrics, tracing);
                cfg.routes.addEndpoint(new io.javalin.router.Endpoint(r.method(), r.path(), h));
                if (r.method() == HandlerType.GET) {
                    // HEAD is GET without the body (RFC 9110): same guard, status and headers;
                    // Javalin would otherwise answer 200 to any HEAD on a GET path, unchecked
                    cfg.routes.addEndpoint(new io.javalin.router.Endpoint(HandlerType.HEAD, r.path(), h));
                }
            }
            cfg.routes.error(404, "*", ctx -> unmatched(ctx, 404, "no such route: " + ctx.method() + " " + Params.clip(ctx.path())));
            Allowed allowed = new Allowed(routes, cfg.router);
            cfg.routes.error(405, "*", ctx -> {
                if (ctx.attribute(RequestIds.ATTRIBUTE) == null) {
                    ctx.header("Allow", allowed.on(ctx.path())); // RFC 9110: a 405 lists what the resource does take
                }
                unmatched(ctx, 405, "method " + ctx.method() + " is not allowed on " + Params.clip(ctx.path()));
            });
            // anything thrown outside a route's handler (Javalin itself) is still a problem document
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                if (ctx.attribute(RequestIds.ATTRIBUTE) == null) {
                    // thrown while routing, before any handler: Javalin decodes path parameters
                    // with URLDecoder, which throws on what Jetty let through (a;b%5)
                    try {
                        Params.rawUri(ctx);
                    } catch (BadRequest bad) {
                        requestId(ctx);
                        Problems.write(ctx, bad);
                        return;
                    }
                }
                String id = requestId(ctx);
                if (e instanceof HttpResponseException h && h.getStatus() < 500) {
                    Problems.write(ctx, h.getStatus(), h.getStatus() == 413 ? tooLarge() : Params.clip(h.getMessage()));
                    return;
                }
                LOG.error("{} {} failed (request {})", ctx.method(), Params.clip(ctx.path()), id, e);
                Problems.write(ctx, 500, "internal error; the server log has the details under request id " + id);
            });
        });
    }

    /**
     * Unmatched routes. Javalin runs error handlers for every answer with the status, our own 404s
     * included: a request that went through a route's wrapper (it has a request id) already holds
     * its problem document and is left alone.
     */
    private static void unmatched(Context ctx, int status, String detail) {
        if (ctx.attribute(RequestIds.ATTRIBUTE) == null) {
            requestId(ctx);
            Problems.write(ctx, status, detail);
        }
    }

    /** The methods registered for a request path, for the {@code Allow} header of a 405. */
    static final class Allowed {
        private static final List<String> ORDER = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

        private final List<Map.Entry<PathParser, Set<String>>> paths = new ArrayList<>();

        Allowed(List<Route> routes, RouterConfig router) {
            Map<String, Set<String>> byPath = new LinkedHashMap<>();
            for (Route r : routes) {
                Set<String> methods = byPath.computeIfAbsent(r.path(), p -> new HashSet<>());
                methods.add(r.method().name());
                if (r.method() == HandlerType.GET) {
                    methods.add(HandlerType.HEAD.name()); // registered alongside every GET
                }
            }
            // Javalin's own matcher with the router's settings: the same paths the router matches
            byPath.forEach((path, methods) -> paths.add(Map.entry(new PathParser(path, router), methods)));
        }

        /** "GET, HEAD, PUT, DELETE": every method of every route whose path matches. */
        String on(String requestPath) {
            Set<String> methods = new HashSet<>();
            for (Map.Entry<PathParser, Set<String>> e : paths) {
                if (e.getKey().matches(requestPath)) {
                    methods.addAll(e.getValue());
                }
            }
            List<String> sorted = new ArrayList<>(methods);
            sorted.sort(Comparator.comparingInt((String m) -> ORDER.indexOf(m) < 0 ? ORDER.size() : ORDER.indexOf(m))
                    .thenComparing(Comparator.naturalOrder()));
            return String.join(", ", sorted);
        }
    }

    private static String requestId(Context ctx) {
        String id = ctx.attribute(RequestIds.ATTRIBUTE);
        if (id == null) {
            id = RequestIds.fromHeaderOrNew(ctx.header(RequestIds.HEADER));
            ctx.attribute(RequestIds.ATTRIBUTE, id);
            ctx.header(RequestIds.HEADER, id);
        }
        return id;
    }

    private static String tooLarge() {
        return "the request body is larger than " + (MAX_BODY >> 20) + " MiB";
    }

    private static Handler wrap(Route route, Access access, ServerMetrics metrics, Tracing tracing) {
        String method = route.method().name();
        String template = route.path();
        return ctx -> {
            long start = System.nanoTime();
            String id = RequestIds.fromHeaderOrNew(ctx.header(RequestIds.HEADER));
            ctx.attribute(RequestIds.ATTRIBUTE, id);
            ctx.header(RequestIds.HEADER, id);
            MDC.put("requestId", id);
            Tracing.Span span = tracing.begin(ctx, method, template); // null when tracing is off
            Exception failure = null;
            try {
                Params.rawUri(ctx);
                Call call = access.check(ctx, route.guard(), id);
                ctx.attribute(Call.class.getName(), call);
                route.endpoint().handle(ctx, call);
            } catch (Access.Refused e) {
                Problems.write(ctx, e.status(), e.getMessage());
                if (e.status() == 401) {
                    ctx.header("WWW-Authenticate", "Bearer realm=\"llmcm\"");
                }
                if (e.status() == 429 && e.retryAfterSeconds() > 0) {
                    ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
                }
            } catch (BadRequest e) {
                Problems.write(ctx, e);
            } catch (LlmcmException e) {
                if (Problems.status(e) >= 500) {
                    LOG.warn("{} {} failed: {}", method, template, e.getMessage());
                }
                Problems.write(ctx, e);
            } catch (HttpResponseException e) {
                Problems.write(ctx, e.getStatus(), e.getStatus() == 413 ? tooLarge() : e.getMessage());
            } catch (Exception e) {
                failure = e;
                // the user sees the request id; the log holds the cause (never a value: engine messages carry none)
                LOG.error("{} {} failed (request {})", method, template, id, e);
                Problems.write(ctx, 500, "internal error; the server log has the details under request id " + id);
            } finally {
                long nanos = System.nanoTime() - start;
                int status = ctx.statusCode();
                metrics.request(ctx.method().name(), template, status, nanos);
                if (span != null) {
                    span.end(status, failure);
                }
                if (ACCESS.isDebugEnabled() || status >= 500) {
                    MDC.put("method", method);
                    MDC.put("route", template);
                    MDC.put("status", Integer.toString(status));
                    MDC.put("durationMicros", Long.toString(nanos / 1000));
                    (status >= 500 ? (Consumer<String>) ACCESS::warn : (Consumer<String>) ACCESS::debug).accept(method + " " + ctx.path() + " " + status);
                }
                MDC.clear();
            }
        };
    }
}
