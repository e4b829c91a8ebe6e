package io.llmcm.server.http;

import io.javalin.Javalin;
import io.llmcm.core.InvalidInputException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of a graceful stop. {@link #begin()} turns readiness to 503 first and keeps serving
 * for the unready grace, so a load balancer stops sending; {@link #stop} then has Jetty close the
 * listener (new connections are refused), answer 503 to requests that still arrive on open
 * connections, and wait for the requests in flight up to the deadline before it closes the
 * connections that are left. A write in flight is thus either finished and answered, refused with
 * 503 before it began, or cut with its connection — never answered and then dropped, because a
 * commit is durable before it is answered.
 */
public final class Drain {
    private static final Logger LOG = LoggerFactory.getLogger("llmcm.server");
    /** The detail of every 503 a draining server answers. */
    public static final String SHUTTING_DOWN = "the server is shutting down; retry the request, on another instance if there is one";

    /**
     * How a stop drains.
     *
     * @param unready how long the server keeps listening, saying it is not ready, before it closes
     *     the listener (0: at once)
     * @param deadline how long requests in flight may take to finish once the listener is closed
     */
    public record Timing(Duration unready, Duration deadline) {
        public static final Timing DEFAULT = new Timing(Duration.ZERO, Duration.ofSeconds(10));

        public Timing {
            if (unready.isNegative()) {
                throw new InvalidInputException("the unready grace must not be negative, got " + unready);
            }
            if (deadline.isNegative() || deadline.isZero()) {
                throw new InvalidInputException("the drain timeout must be positive, got " + deadline);
            }
        }

        public Timing withUnready(Duration d) {
            return new Timing(d, deadline);
        }

        public Timing withDeadline(Duration d) {
            return new Timing(unready, d);
        }
    }

    private final Timing timing;
    private volatile boolean draining;

    public Drain(Timing timing) {
        this.timing = timing;
    }

    /** Jetty's part: every request counted by a graceful handler, and the wait bounded by the deadline. */
    public void install(org.eclipse.jetty.server.Server jetty) {
        // Jetty's shutdown idle timeout stays at 1 s: once the listener closes, a connection silent
        // that long is closed — idle keep-alives, and uploads whose client stalls. Longer, every
        // stop with an idle keep-alive client would last the whole deadline.
        jetty.insertHandler(new Refusing());
        jetty.setStopTimeout(timing.deadline().toMillis());
    }

    /**
     * From now on the server says it is not ready; it serves everything else as before until
     * {@link #stop}. Returns after the unready grace, the time a load balancer needs to notice.
     */
    public void begin() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            Thread.sleep(timing.unready());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stop now, then
        }
    }

    public boolean draining() {
        return draining;
    }

    /**
     * Stops taking requests and waits for those in flight (at most the deadline). Returns normally
     * when the deadline cut some: the stop went on, and the store may close.
     */
    public void stop(Javalin app) {
        begin(); // in case the caller did not say it first
        try {
            app.stop();
        } catch (RuntimeException e) {
            if (!cutByDeadline(e)) {
                throw e;
            }
            LOG.warn("requests still in flight after the drain deadline of {} were cut", timing.deadline());
        }
    }

    private static boolean cutByDeadline(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (cutByDeadline(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Jetty's graceful handler, refusing with our problem document and telling the client to go. */
    private static final class Refusing extends GracefulHandler {
        private static final HttpField CONTENT_TYPE = new HttpField(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        private static final HttpField RETRY_AFTER = new HttpField(HttpHeader.RETRY_AFTER, "1");

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (!isShutdown()) {
                return super.handle(request, response, callback); // counts the request in flight
            }
            response.setStatus(503);
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            response.getHeaders().put(RETRY_AFTER);
            if ("HEAD".equals(request.getMethod())) {
                callback.succeeded();
                return true;
            }
            response.getHeaders().put(CONTENT_TYPE);
            response.write(true, ByteBuffer.wrap(JettyErrors.problem(503, SHUTTING_DOWN)), callback);
            return true;
        }
    }
}
