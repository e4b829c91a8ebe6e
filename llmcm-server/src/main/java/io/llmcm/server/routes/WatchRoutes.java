package io.llmcm.server.routes;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.http.Context;
import io.llmcm.core.HistoryCompactedException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.json.Json;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import io.llmcm.core.repo.Watch;
import io.llmcm.core.repo.WatchEvent;
import io.llmcm.core.repo.WatchFilter;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.BadRequest;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Params;
import io.llmcm.server.http.Problems;
import io.llmcm.server.http.Replies;
import io.llmcm.server.http.Routes;
import io.llmcm.server.http.ServerMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v1/watch}: a server-sent event stream of the changes to a scope's effective values
 * (docs/watch.md). Each stream holds one virtual thread parked on the repository's revision signal
 * and one {@link Watch} cursor; events are computed once per filter and commit, whatever the
 * number of streams.
 */
public final class WatchRoutes implements AutoCloseable {
    private static final String EVENT_STREAM = "text/event-stream";

    private static final Logger LOG = LoggerFactory.getLogger("llmcm.server");

    private final Repository repo;
    private final Access access;
    private final Clock clock;
    private final Duration heartbeat;
    private final Set<Thread> streaming = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, AtomicInteger> openByTenant = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    /**
     * Events as sent to watchers who see the whole prefix: the repository hands every watcher of a
     * filter the same event object, so ten thousand streams encode it once (keys by identity).
     */
    private final Cache<WatchEvent, byte[]> framed = Caffeine.newBuilder().weakKeys().maximumSize(4096).build();
    private volatile boolean closed;

    public WatchRoutes(Repository repo, Access access, Clock clock, Duration heartbeat, ServerMetrics metrics) {
        this.repo = repo;
        this.access = access;
        this.clock = clock;
        this.heartbeat = heartbeat;
        metrics.gauge("llmcm_watches_open", "watch streams open now", open::get);
    }

    public void register(Routes routes) {
        routes.get("/v1/watch", Guard.tenantInQuery(Resource.CONFIG, Permission.READ), this::watch);
    }

    void watch(Context ctx, Call call) {
        Scope scope = call.scope(ctx);
        String prefix = Params.prefix(ctx);
        long from = from(ctx);
        // one audited decision for the prefix; a caller bound to narrower prefixes gets only its paths
        boolean whole = access.decide(call, Resource.CONFIG, Permission.READ, prefix, scope.env()).allowed();
        Watch w;
        try {
            w = repo.watch(WatchFilter.under(scope, prefix), from);
        } catch (HistoryCompactedException e) {
            stream(ctx, from, out -> compacted(ctx, out, e));
            return;
        }
        Slot slot = admit(call.tenant());
        Thread self = Thread.currentThread();
        streaming.add(self);
        try {
            if (!closed) {
                stream(ctx, w.position(), out -> follow(ctx, call, scope.env(), w, whole, out));
            }
        } finally {
            streaming.remove(self);
            slot.close();
            Thread.interrupted(); // an interrupt from close() ends only this stream
        }
    }

    /** A watch's place in its tenant's quota of open watches (SSE and gRPC share it). */
    public interface Slot extends AutoCloseable {
        /** Gives the place back. */
        @Override
        void close();
    }

    /**
     * Takes a place for one more open watch in the tenant, counted in {@code llmcm_watches_open};
     * refuses with 429 when the tenant's {@code maxWatches} are all open.
     */
    public Slot admit(String tenant) {
        AtomicInteger tenantOpen = openByTenant.computeIfAbsent(tenant, t -> new AtomicInteger());
        int limit = repo.tenantQuota(tenant).maxWatches();
        if (tenantOpen.incrementAndGet() > limit && limit > 0) {
            tenantOpen.decrementAndGet();
            throw new Access.Refused(429, "tenant '" + tenant + "' has its " + limit + " watches open (its quota)", Math.max(1, heartbeat.toSeconds()));
        }
        open.incrementAndGet();
        java.util.concurrent.atomic.AtomicBoolean given = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (given.compareAndSet(false, true)) {
                open.decrementAndGet();
                tenantOpen.decrementAndGet();
            }
        };
    }

    /** Where to start: {@code Last-Event-ID} if given, else {@code fromRevision}, else now (−1). */
    private static long from(Context ctx) {
        String last = ctx.header("Last-Event-ID");
        if (last != null && !last.isBlank()) {
            try {
                long r = Long.parseLong(last.trim());
                if (r >= 0) {
                    return r;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new BadRequest("header:Last-Event-ID", "header 'Last-Event-ID' must be a revision (a whole number ≥ 0), got '" + Params.clipped(last) + "'");
        }
        return Params.number(ctx, "fromRevision", -1);
    }

    private interface Body {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    private static void stream(Context ctx, long revision, Body body) {
        ctx.status(200);
        ctx.contentType(EVENT_STREAM + "; charset=utf-8");
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Accel-Buffering", "no"); // proxies that buffer would hold events back
        Replies.revision(ctx, revision);
        if (ctx.method() == HandlerType.HEAD) {
            return; // the headers are the answer: a HEAD has no body to stream
        }
        try {
            OutputStream out = ctx.res().getOutputStream();
            body.write(out);
        } catch (IOException | InterruptedException gone) {
            // the client went away, or the server is stopping: the stream just ends
        } catch (RuntimeException e) {
            // the answer began long ago: no problem document can follow; the stream ends and the
            // client resumes from its last event
            LOG.warn("watch stream ended by {} (request {})", e.getClass().getSimpleName(), ctx.attribute(io.llmcm.server.http.RequestIds.ATTRIBUTE));
        }
    }

    private void follow(Context ctx, Call call, String env, Watch w, boolean whole, OutputStream out) throws IOException, InterruptedException {
        ObjectNode ready = Json.NODES.objectNode();
        ready.put("revision", w.position());
        send(out, "ready", w.position(), ready);
        while (!closed && !repo.isClosed()) {
            Watch.Batch batch;
            try {
                batch = w.next(heartbeat);
            } catch (HistoryCompactedException e) {
                compacted(ctx, out, e);
                return;
            } catch (NotFoundException e) {
                return; // the tenant was deleted: a reconnect answers 404
            }
            for (WatchEvent e : batch.events()) {
                ObjectNode data = whole ? null : event(call, env, e, false);
                byte[] frame = whole
                        ? framed.get(e, x -> frame("change", x.revision(), event(call, env, x, true)))
                        : data == null ? null : frame("change", e.revision(), data);
                if (frame != null) {
                    out.write(frame);
                    out.flush();
                }
            }
            if (batch.events().isEmpty()) {
                ObjectNode beat = Json.NODES.objectNode();
                beat.put("revision", batch.revision());
                send(out, "heartbeat", batch.revision(), beat);
            }
        }
    }

    /** The event as the caller may see it; null when it may see none of its paths. */
    private ObjectNode event(Call call, String env, WatchEvent e, boolean whole) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("revision", e.revision());
        o.put("time", e.time().toString());
        ArrayNode changes = o.putArray("changes");
        for (WatchEvent.Change c : e.changes()) {
            if (!whole && !access.allows(call, Resource.CONFIG, Permission.READ, c.path(), env)) {
                continue;
            }
            if (c.isDeleted()) {
                ObjectNode d = changes.addObject();
                d.put("path", c.path());
                d.put("deleted", true);
            } else {
                changes.add(Views.resolved(c.value().get(), clock.instant()));
            }
        }
        return changes.isEmpty() ? null : o;
    }

    private static void compacted(Context ctx, OutputStream out, HistoryCompactedException e) throws IOException {
        ObjectNode p = Problems.document(ctx, 410, e.getMessage());
        p.put("oldestRevision", e.oldestRevision());
        send(out, "compacted", -1, p);
    }

    private static void send(OutputStream out, String event, long id, ObjectNode data) throws IOException {
        out.write(frame(event, id, data));
        out.flush();
    }

    /** One event on the wire; {@code id} −1 for none. */
    private static byte[] frame(String event, long id, ObjectNode data) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("event: ").append(event).append('\n');
        if (id >= 0) {
            sb.append("id: ").append(id).append('\n');
        }
        sb.append("data: ").append(Json.compact(data)).append("\n\n"); // compact JSON is one line
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Ends every open stream (the server is stopping); their clients reconnect elsewhere or later. */
    @Override
    public void close() {
        closed = true;
        streaming.forEach(Thread::interrupt);
    }
}
