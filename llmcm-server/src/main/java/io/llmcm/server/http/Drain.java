package io.llmcm.server.http;

import io.javalin.Javalin;
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
 * The HTTP side of a graceful stop. {@link #begin()} turns readiness to 503 first, so a load
 * balancer stops sending; {@link #stop} then has Jetty close the listener (new connections are
 * refused), answer 503 to requests that still arrive on open connections, and wait for the
 * requests in flight up to the deadline before it closes the connections that are left. A write
 * in flight is thus either finished and answered, refused with 503 before it began, or cut with its
 * connection — never answered and then dropped, because a commit is durable before it is answered.
 */
public final class Drain {
    private static final Logger LOG = LoggerFactory.getLogger("llmcm.server");
    /** The detail of every 503 a draining server answers. */
    public static final String SHUTTING_DOWN = "the server is shutting down; retry the request, on another instance if there is one";

    private final Duration deadline;
    private volatile boolean draining;

    /** @param deadline how long requests in flight may take to finish once the listener is closed */
    public Drain(Duration deadline) {
        this.deadline = deadline;
    }

    /** Jetty's part: every request counted by a graceful handler, and the wait bounded by the deadline. */
    public void install(org.eclipse.jetty.server.Server jetty) {
        jetty.insertHandler(new Refusing());
        jetty.setStopTimeout(deadline.toMillis());
    }

    /** From now on the server says it is not ready; it still serves everything else. */
    public void begin() {
        draining = true;
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
            LOG.warn("requests still in flight after the drain deadline of {} were cut", deadline);
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
