package io.llmcm.server.routes;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
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
import io.llmcm.server.http.Drain;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Params;
import io.llmcm.server.http.Problems;
import io.llmcm.server.http.Replies;
import io.llmcm.server.http.Routes;
import io.llmcm.server.http.ServerMetrics;
import jakarta.servlet.AsyncContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v1/watch}: a server-sent event stream of the changes to a scope's effective values
 * (docs/watch.md). Streams of one filter share a watch group ({@link Repository#subscribe}): one
 * thread computes each event once and hands the same framed bytes to every stream, which writes
 * them without blocking ({@link SseStream}); no thread waits per stream.
 */
public final class WatchRoutes implements AutoCloseable {
    private static final String EVENT_STREAM = "text/event-stream";

    private static final Logger LOG = LoggerFactory.getLogger("llmcm.server");

    private final Repository repo;
    private final Access access;
    private final Clock clock;
    private final Duration heartbeat;
    private final Set<SseStream> streams = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, AtomicInteger> openByTenant = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    /**
     * Events as sent to watchers who see the whole prefix: the repository hands every watcher of a
     * filter the same event object, so ten thousand streams encode it once (keys by identity).
     */
    private final Cache<WatchEvent, SseFrame> framed = Caffeine.newBuilder().weakKeys().maximumSize(4096).build();
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
        if (closed) {
            // not an empty 200: a client that saw a stream end with no event could take it as
            // the end of its history; a 503 tells it to resume, from the same place, elsewhere or later
            throw new Access.Refused(503, Drain.SHUTTING_DOWN, 1);
        }
        Scope scope = call.scope(ctx);
        String prefix = Params.prefix(ctx);
        long from = from(ctx);
        // one audited decision for the prefix; a caller bound to narrower prefixes gets only its paths
        boolean whole = access.decide(call, Resource.CONFIG, Permission.READ, prefix, scope.env()).allowed();
        WatchFilter filter = WatchFilter.under(scope, prefix);
        Watch w;
        try {
            w = repo.watch(filter, from); // the checks, and where the stream starts
        } catch (HistoryCompactedException e) {
            SseFrame frame = compacted(ctx, e);
            head(ctx, from); // a stream that tells the client to re-read a snapshot, as a live one would
            if (ctx.method() != HandlerType.HEAD) {
                ctx.result(frame.bytes());
            }
            return;
        }
        Slot slot = admit(call.tenant());
        head(ctx, w.position());
        if (ctx.method() == HandlerType.HEAD) {
            slot.close(); // the headers are the answer: a HEAD has no body to stream
            return;
        }
        ctx.future(() -> follow(ctx, call, scope.env(), filter, w.position(), whole, slot));
    }

    /** Runs once the request is asynchronous: the stream takes it over until it ends. */
    private CompletableFuture<Void> follow(Context ctx, Call call, String env, WatchFilter filter, long position, boolean whole, Slot slot) {
        AsyncContext async = ctx.req().getAsyncContext();
        async.setTimeout(0); // a stream lasts; heartbeats keep proxies and the idle timeout at bay
        try {
            // the head and the first event through the servlet API, which commits the response (chunked on
            // HTTP/1.1); Jetty's write(ByteBuffer), because write(byte[]) would take a 32 KiB aggregation
            // buffer that stays with the response as long as the stream lasts
            HttpOutput out = (HttpOutput) ctx.res().getOutputStream();
            out.write(ByteBuffer.wrap(SseFrame.bytes("ready", position, revisionData(position))));
        } catch (IOException gone) {
            slot.close();
            return CompletableFuture.completedFuture(null);
        }
        SseStream stream = new SseStream(ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel().getEndPoint(),
                "HTTP/1.1".equals(ctx.req().getProtocol()),
                e -> whole ? framed(e, call, env) : changeFrame(call, env, e, false),
                this::heartbeat,
                e -> compacted(ctx, e),
                ended -> {
                    streams.remove(ended);
                    slot.close();
                });
        streams.add(stream);
        async.addListener(stream);
        if (closed) {
            stream.stop(); // the server began to stop meanwhile
        }
        try {
            stream.subscribed(repo.subscribe(filter, position, heartbeat, stream));
        } catch (HistoryCompactedException e) {
            stream.finish(compacted(ctx, e)); // pruned between the check and the subscription
        } catch (NotFoundException e) {
            stream.finish(null); // the tenant went meanwhile: a reconnect answers 404
        } catch (RuntimeException e) {
            LOG.warn("watch stream ended by {} (request {})", e.getClass().getSimpleName(), ctx.attribute(io.llmcm.server.http.RequestIds.ATTRIBUTE));
            stream.finish(null); // the answer began: no problem document can follow
        }
        return stream.ended();
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

    private static void head(Context ctx, long revision) {
        ctx.status(200);
        ctx.contentType(EVENT_STREAM + "; charset=utf-8");
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Accel-Buffering", "no"); // proxies that buffer would hold events back
        Replies.revision(ctx, revision);
    }

    /** The last event framed for whole-prefix streams: a group hands it to each of its streams in turn. */
    private record Framed(WatchEvent event, SseFrame frame) {}

    private volatile Framed lastFramed = new Framed(null, null);

    /**
     * The event as every stream that sees its whole prefix sends it. Checked by identity against
     * the last one first: a group of ten thousand streams asks for the same event ten thousand
     * times in a row, and a field read is cheaper than a cache lookup.
     */
    private SseFrame framed(WatchEvent e, Call call, String env) {
        Framed last = lastFramed;
        if (last.event() == e) {
            return last.frame();
        }
        SseFrame f = framed.get(e, x -> changeFrame(call, env, x, true));
        lastFramed = new Framed(e, f);
        return f;
    }

    private record Beat(long revision, SseFrame frame) {}

    private volatile Beat lastBeat = new Beat(-1, null);

    /** A heartbeat, shared like {@link #framed}: a group sends the same one to all its streams. */
    private SseFrame heartbeat(long revision) {
        Beat last = lastBeat;
        if (last.revision() == revision) {
            return last.frame();
        }
        SseFrame f = SseFrame.of("heartbeat", revision, revisionData(revision));
        lastBeat = new Beat(revision, f);
        return f;
    }

    private SseFrame changeFrame(Call call, String env, WatchEvent e, boolean whole) {
        ObjectNode data = event(call, env, e, whole);
        return data == null ? null : SseFrame.of("change", e.revision(), Json.compact(data));
    }

    private static String revisionData(long revision) {
        return "{\"revision\":" + revision + "}";
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

    private static SseFrame compacted(Context ctx, HistoryCompactedException e) {
        ObjectNode p = Problems.document(ctx, 410, e.getMessage());
        p.put("oldestRevision", e.oldestRevision());
        return SseFrame.of("compacted", -1, Json.compact(p));
    }

    /** Ends every open stream (the server is stopping); their clients reconnect elsewhere or later. */
    @Override
    public void close() {
        closed = true;
        streams.forEach(SseStream::stop);
    }
}
