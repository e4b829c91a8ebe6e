package io.llmcm.server.grpc;

import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.llmcm.core.ConflictException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Names;
import io.llmcm.core.model.TenantState;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.LayerRef;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Resolved;
import io.llmcm.core.repo.Scope;
import io.llmcm.core.repo.Watch;
import io.llmcm.core.repo.WatchFilter;
import io.llmcm.core.secret.Masks;
import io.llmcm.server.grpc.v1.Change;
import io.llmcm.server.grpc.v1.CommitRequest;
import io.llmcm.server.grpc.v1.CommitResponse;
import io.llmcm.server.grpc.v1.HistoryItem;
import io.llmcm.server.grpc.v1.HistoryRequest;
import io.llmcm.server.grpc.v1.HistoryResponse;
import io.llmcm.server.grpc.v1.Item;
import io.llmcm.server.grpc.v1.ListRequest;
import io.llmcm.server.grpc.v1.ListResponse;
import io.llmcm.server.grpc.v1.ResolveRequest;
import io.llmcm.server.grpc.v1.ResolveResponse;
import io.llmcm.server.grpc.v1.WatchChange;
import io.llmcm.server.grpc.v1.WatchEvent;
import io.llmcm.server.grpc.v1.WatchRequest;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.BadRequest;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Params;
import io.llmcm.server.routes.CommitRoutes;
import io.llmcm.server.routes.Revisions;
import io.llmcm.server.routes.WatchRoutes;
import io.llmcm.server.routes.Writes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code llmcm.v1.ConfigService}: Resolve, List, Commit, History, Watch and ReportApplied ({@link
 * ReportApplied}), answering what the REST routes answer. Every call goes through {@link Access#check(Access.Credentials, Guard, String,
 * String, String, String)} with the guard of its REST twin, so authentication, tenant visibility,
 * the tenant gate, authorization and their audit are the ones REST has; item filtering by key
 * prefix, masking and commits are REST's own code ({@link CommitRoutes#add}, {@link Writes}).
 */
final class ConfigService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("llmcm.server");
    private static final int HISTORY_DEFAULT = 100;
    private static final int HISTORY_MAX = 10_000;

    /** One unary method's work: the answer, or an exception that {@link GrpcErrors} turns into a status. */
    @FunctionalInterface
    private interface Unary<Q, R> {
        R answer(Q request, Access.Credentials credentials, String requestId) throws Exception;
    }

    private final Repository repo;
    private final Access access;
    private final Writes writes;
    private final CommitRoutes commits;
    private final WatchRoutes watches;
    private final Clock clock;
    private final Duration heartbeat;
    private final ReportApplied reports;
    private final Set<Thread> streaming = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ConfigService(Repository repo, Access access, Writes writes, CommitRoutes commits, WatchRoutes watches, Clock clock, Duration heartbeat,
            ReportApplied reports) {
        this.repo = repo;
        this.access = access;
        this.writes = writes;
        this.commits = commits;
        this.watches = watches;
        this.clock = clock;
        this.heartbeat = heartbeat;
        this.reports = reports;
    }

    ServerServiceDefinition definition() {
        return ServerServiceDefinition.builder(ConfigServiceMethods.DESCRIPTOR)
                .addMethod(ConfigServiceMethods.RESOLVE, unary(ConfigServiceMethods.RESOLVE.getFullMethodName(), this::resolve))
                .addMethod(ConfigServiceMethods.LIST, unary(ConfigServiceMethods.LIST.getFullMethodName(), this::list))
                .addMethod(ConfigServiceMethods.COMMIT, unary(ConfigServiceMethods.COMMIT.getFullMethodName(), this::commit))
                .addMethod(ConfigServiceMethods.HISTORY, unary(ConfigServiceMethods.HISTORY.getFullMethodName(), this::history))
                .addMethod(ConfigServiceMethods.WATCH, ServerCalls.asyncServerStreamingCall(this::watch))
                .addMethod(ConfigServiceMethods.REPORT_APPLIED, unary(ConfigServiceMethods.REPORT_APPLIED.getFullMethodName(), reports::report))
                .build();
    }

    private <Q, R> io.grpc.ServerCallHandler<Q, R> unary(String method, Unary<Q, R> work) {
        return ServerCalls.asyncUnaryCall((request, out) -> {
            String id = CallContext.REQUEST_ID.get();
            R answer;
            try {
                answer = work.answer(request, CallContext.CREDENTIALS.get(), id);
            } catch (Exception e) {
                out.onError(GrpcErrors.of(e, method, id));
                return;
            }
            out.onNext(answer);
            out.onCompleted();
        });
    }

    // ---------------------------------------------------------------- reads

    /** As {@code GET /v1/tenants/{tenant}/config/{path}}. */
    private ResolveResponse resolve(ResolveRequest q, Access.Credentials c, String id) throws InterruptedException {
        String env = env(q.getEnv());
        Call call = access.check(c, Guard.tenant(Resource.CONFIG, Permission.READ, "path"), id, q.getTenant(), q.getPath(), env);
        Scope scope = scope(call, env, q.getService());
        String path = q.getPath();
        Params.checked("path", () -> Names.path(path));
        long min = nonNegative("min_revision", q.getMinRevision());
        // another instance's newer value from the shared (Redis) cache, as REST does: no wait
        Optional<Resolved> found = q.getAt().isEmpty() ? repo.sharedAtLeast(scope, path, min) : Optional.empty();
        if (found.isEmpty()) {
            Revisions.awaitMin(repo, min, "min_revision");
            long at = Revisions.at(repo, call.tenant(), q.getAt(), "at");
            found = repo.resolve(scope, path, at, false, access.caller(call, scope.env()));
        }
        if (found.isEmpty()) {
            throw new NotFoundException("no value at '" + path + "' in " + scope); // as REST says
        }
        Resolved r = found.get().masked(call.time());
        ResolveResponse.Builder b = ResolveResponse.newBuilder()
                .setPath(r.path())
                .setValueJson(Json.utf8(r.value().bytes()))
                .setType(type(found.get().value()))
                .setRevision(r.revision())
                .setModRevision(r.modRevision());
        if (r.from() != null) {
            b.setFrom(layer(r.from()));
        }
        return b.build();
    }

    /** As {@code GET /v1/tenants/{tenant}/config?prefix=}: only the paths the caller may read. */
    private ListResponse list(ListRequest q, Access.Credentials c, String id) throws InterruptedException {
        Call call = access.check(c, Guard.tenantVisible(Resource.CONFIG, Permission.READ), id, q.getTenant(), "", "");
        Scope scope = scope(call, env(q.getEnv()), q.getService());
        String prefix = prefix(q.getPrefix());
        Revisions.awaitMin(repo, nonNegative("min_revision", q.getMinRevision()), "min_revision");
        long at = Revisions.at(repo, call.tenant(), q.getAt(), "at");
        long revision = at < 0 ? repo.revision() : at;
        List<Resolved> all = at < 0 ? repo.list(scope, prefix) : repo.list(scope, prefix, at);
        // one audited decision for the prefix; a caller bound to narrower prefixes sees only those keys
        boolean whole = access.decide(call, Resource.CONFIG, Permission.READ, prefix, scope.env()).allowed();
        ListResponse.Builder b = ListResponse.newBuilder().setRevision(revision).setScope(scope.toString());
        for (Resolved r : all) {
            if (whole || access.allows(call, Resource.CONFIG, Permission.READ, r.path(), scope.env())) {
                b.addItems(item(r, call.time()));
            }
        }
        return b.build();
    }

    /** As {@code GET /v1/tenants/{tenant}/history/{path}}. */
    private HistoryResponse history(HistoryRequest q, Access.Credentials c, String id) {
        String env = q.getEnv(); // "": every layer, authorized as base like REST's absent env
        Call call = access.check(c, Guard.tenant(Resource.CONFIG, Permission.READ, "path"), id, q.getTenant(), q.getPath(), env(env));
        String path = q.getPath();
        Params.checked("path", () -> Names.path(path));
        int limit = q.getLimit() == 0 ? HISTORY_DEFAULT : q.getLimit();
        if (limit < 1 || limit > HISTORY_MAX) {
            throw new BadRequest("limit", "'limit' must be between 1 and " + HISTORY_MAX + ", got " + q.getLimit());
        }
        if (!env.isEmpty()) {
            Params.checked("env", () -> Names.environment(env));
        }
        String service = q.hasService() ? q.getService() : null;
        if (service != null && !service.isEmpty()) {
            Params.checked("service", () -> Names.service(service));
        }
        HistoryResponse.Builder b = HistoryResponse.newBuilder().setPath(path).setRevision(repo.revision());
        for (io.llmcm.core.store.HistoryEntry h : repo.history(call.tenant(), path, limit)) {
            Layer l = h.version().key().layer();
            if ((env.isEmpty() || env.equals(l.env())) && (service == null || service.equals(l.service()))) {
                b.addItems(historyItem(h, call.time()));
            }
        }
        return b.build();
    }

    // ---------------------------------------------------------------- writes

    /** As {@code POST /v1/tenants/{tenant}/commits}: every change authorized on its own path, all or nothing. */
    private CommitResponse commit(CommitRequest q, Access.Credentials c, String id) {
        Call call = access.check(c, Guard.tenantVisible(Resource.CONFIG, Permission.WRITE), id, q.getTenant(), "", "");
        if (q.getChangesCount() == 0) {
            throw new BadRequest("changes", "'changes' must hold at least one change");
        }
        if (q.getChangesCount() > CommitRoutes.MAX_CHANGES) {
            throw new BadRequest("changes", "a commit holds at most " + CommitRoutes.MAX_CHANGES + " changes, got " + q.getChangesCount());
        }
        ChangeRequest.Builder request = ChangeRequest.by(call.author()).message(q.getMessage());
        for (int i = 0; i < q.getChangesCount(); i++) {
            String at = "changes[" + i + "].";
            commits.add(call, request, change(q.getChanges(i), at), f -> at + snake(f));
        }
        CommitResult r;
        try {
            r = writes.commit(request.build());
        } catch (ConflictException e) {
            if (repo.tenantState(call.tenant()) == TenantState.ARCHIVED) {
                throw e; // the tenant's state: FAILED_PRECONDITION
            }
            // a lost compare-and-set (if_revision): read again and retry
            throw io.grpc.Status.ABORTED.withDescription(e.getMessage()).asRuntimeException();
        }
        CommitResponse.Builder b = CommitResponse.newBuilder().setRevision(r.revision()).setChanged(r.changed()).setChanges(r.changes());
        if (r.time() != null) {
            b.setTime(r.time().toString());
        }
        return b.build();
    }

    private static CommitRoutes.BatchChange change(Change c, String at) {
        String op = switch (c.getOp()) {
            case PUT -> "put";
            case DELETE -> "delete";
            case PUT_SECRET -> "put-secret";
            default -> "";
        };
        if (c.getOp() == Change.Op.OP_UNSPECIFIED || c.getOp() == Change.Op.UNRECOGNIZED) {
            throw new BadRequest(at + "op", "'op' must be PUT, PUT_SECRET or DELETE");
        }
        Long ifRevision = c.hasIfRevision() ? nonNegative(at + "if_revision", c.getIfRevision()) : null;
        return new CommitRoutes.BatchChange(op, c.getPath(), env(c.getEnv()), c.getService(), () -> value(c, at), () -> {
            if (c.getValueCase() != Change.ValueCase.SECRET) {
                throw new BadRequest(at + "secret", "a PUT_SECRET needs 'secret'");
            }
            return c.getSecret();
        }, c::getReplace, ifRevision);
    }

    private static Value value(Change c, String at) {
        try {
            return switch (c.getValueCase()) {
                case VALUE_JSON -> Value.of(Json.parse(c.getValueJson()));
                case TEXT -> Value.text(c.getText());
                default -> throw new BadRequest(at + "value_json", "a PUT needs one of 'value_json' (JSON) or 'text' (a text value)");
            };
        } catch (io.llmcm.core.LlmcmException e) {
            throw new BadRequest(at + (c.getValueCase() == Change.ValueCase.TEXT ? "text" : "value_json"), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- watch

    /** As {@code GET /v1/watch} (docs/watch.md): READY, then CHANGE per commit in view, HEARTBEAT when quiet. */
    private void watch(WatchRequest q, StreamObserver<WatchEvent> observer) {
        String id = CallContext.REQUEST_ID.get();
        String method = ConfigServiceMethods.WATCH.getFullMethodName();
        ServerCallStreamObserver<WatchEvent> out = (ServerCallStreamObserver<WatchEvent>) observer;
        Call call;
        Scope scope;
        String prefix;
        Watch w;
        boolean whole;
        WatchRoutes.Slot slot;
        try {
            call = access.check(CallContext.CREDENTIALS.get(), Guard.tenantInQuery(Resource.CONFIG, Permission.READ), id, q.getTenant(), "", "");
            scope = scope(call, env(q.getEnv()), q.getService());
            prefix = prefix(q.getPrefix());
            long from = q.hasFromRevision() ? nonNegative("from_revision", q.getFromRevision()) : -1;
            // one audited decision for the prefix; a caller bound to narrower prefixes gets only its paths
            whole = access.decide(call, Resource.CONFIG, Permission.READ, prefix, scope.env()).allowed();
            w = repo.watch(WatchFilter.under(scope, prefix), from); // compacted: OUT_OF_RANGE with the oldest revision
            slot = watches.admit(call.tenant());
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.of(e, method, id));
            return;
        }
        Thread t = Thread.ofVirtual().name("llmcm-grpc-watch").unstarted(() -> {
            try {
                follow(call, scope.env(), w, whole, out, method, id);
            } finally {
                streaming.remove(Thread.currentThread());
                slot.close();
            }
        });
        // the handler returns at once: cancellations and flow control reach the stream while it waits
        out.setOnCancelHandler(t::interrupt);
        out.setOnReadyHandler(() -> LockSupport.unpark(t));
        streaming.add(t);
        if (closed) {
            streaming.remove(t);
            slot.close();
            out.onError(stopping(w.position()));
            return;
        }
        t.start();
    }

    private void follow(Call call, String env, Watch w, boolean whole, ServerCallStreamObserver<WatchEvent> out, String method, String id) {
        try {
            send(out, WatchEvent.newBuilder().setKind(WatchEvent.Kind.READY).setRevision(w.position()).build());
            while (!closed && !repo.isClosed() && !out.isCancelled()) {
                Watch.Batch batch = w.next(heartbeat);
                for (io.llmcm.core.repo.WatchEvent e : batch.events()) {
                    WatchEvent event = event(call, env, e, whole);
                    if (event != null) {
                        send(out, event);
                    }
                }
                if (batch.events().isEmpty()) {
                    send(out, WatchEvent.newBuilder().setKind(WatchEvent.Kind.HEARTBEAT).setRevision(batch.revision()).build());
                }
            }
            if (!out.isCancelled()) {
                out.onError(stopping(w.position()));
            }
        } catch (InterruptedException e) {
            if (!out.isCancelled()) {
                out.onError(stopping(w.position())); // the server is stopping
            }
        } catch (NotFoundException e) {
            // the tenant was deleted: as a new watch would be answered
            out.onError(GrpcErrors.of(new Access.Refused(404, "unknown tenant '" + Params.clipped(call.tenant()) + "'"), method, id));
        } catch (RuntimeException e) {
            if (!out.isCancelled()) {
                out.onError(GrpcErrors.of(e, method, id)); // compacted meanwhile: OUT_OF_RANGE
            }
        }
    }

    private static io.grpc.StatusRuntimeException stopping(long position) {
        return io.grpc.Status.UNAVAILABLE
                .withDescription("the server is stopping; watch again with from_revision " + position + " or the last revision received")
                .asRuntimeException();
    }

    /** Sends when the client can take it (flow control), or gives up when the stream ends. */
    private void send(ServerCallStreamObserver<WatchEvent> out, WatchEvent event) throws InterruptedException {
        while (!out.isReady()) {
            if (out.isCancelled() || closed) {
                throw new InterruptedException("the stream ended");
            }
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1)); // woken by the on-ready handler
            if (Thread.interrupted()) {
                throw new InterruptedException("the stream ended");
            }
        }
        out.onNext(event);
    }

    /** The event as the caller may see it; null when it may see none of its paths. */
    private WatchEvent event(Call call, String env, io.llmcm.core.repo.WatchEvent e, boolean whole) {
        WatchEvent.Builder b = WatchEvent.newBuilder().setKind(WatchEvent.Kind.CHANGE).setRevision(e.revision()).setTime(e.time().toString());
        Instant now = clock.instant();
        for (io.llmcm.core.repo.WatchEvent.Change c : e.changes()) {
            if (!whole && !access.allows(call, Resource.CONFIG, Permission.READ, c.path(), env)) {
                continue;
            }
            WatchChange.Builder x = WatchChange.newBuilder().setPath(c.path());
            if (c.isDeleted()) {
                x.setDeleted(true);
            } else {
                Resolved r = c.value().get();
                Resolved shown = r.masked(now);
                x.setValueJson(Json.utf8(shown.value().bytes())).setType(type(r.value())).setModRevision(r.modRevision());
                if (r.from() != null) {
                    x.setFrom(layer(r.from()));
                }
            }
            b.addChanges(x);
        }
        return b.getChangesCount() == 0 ? null : b.build();
    }

    /** Ends every open watch with UNAVAILABLE (the server is stopping); clients resume from their last revision. */
    @Override
    public void close() {
        closed = true;
        streaming.forEach(Thread::interrupt);
    }

    // ---------------------------------------------------------------- the request's parts

    private static String env(String env) {
        return env == null || env.isEmpty() ? Layer.BASE_ENV : env;
    }

    private static Scope scope(Call call, String env, String service) {
        Params.checked("env", () -> Names.environment(env));
        if (!service.isEmpty()) {
            Params.checked("service", () -> Names.service(service));
        }
        return new Scope(call.tenant(), env, service);
    }

    private static String prefix(String prefix) {
        Params.checked("prefix", () -> Names.prefix(prefix));
        return prefix;
    }

    private static long nonNegative(String field, long v) {
        if (v < 0) {
            throw new BadRequest(field, "'" + field + "' must be a whole number ≥ 0, got " + v);
        }
        return v;
    }

    /** REST's field names ("ifRevision") as this API spells them ("if_revision"). */
    private static String snake(String field) {
        return field.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- views (as REST's Views)

    private static String type(Value v) {
        return v.type().name().toLowerCase(Locale.ROOT);
    }

    private static io.llmcm.server.grpc.v1.Layer layer(LayerRef r) {
        return layer(r.layer()).toBuilder().setTenant(r.tenant()).build();
    }

    private static io.llmcm.server.grpc.v1.Layer layer(Layer l) {
        return io.llmcm.server.grpc.v1.Layer.newBuilder().setEnv(l.env()).setService(l.service()).build();
    }

    private static Item item(Resolved r, Instant now) {
        Item.Builder b = Item.newBuilder()
                .setPath(r.path())
                .setValueJson(Json.utf8(r.masked(now).value().bytes()))
                .setType(type(r.value()))
                .setModRevision(r.modRevision());
        if (r.from() != null) {
            b.setFrom(layer(r.from()));
        }
        return b.build();
    }

    private static HistoryItem historyItem(io.llmcm.core.store.HistoryEntry h, Instant now) {
        HistoryItem.Builder b = HistoryItem.newBuilder().setRevision(h.version().revision()).setLayer(layer(h.version().key().layer()));
        if (h.version().isDeleted()) {
            b.setDeleted(true);
        } else {
            Value v = h.version().value();
            Value shown = v.type() == ContentType.SECRET ? Masks.maskValue(v, h.version().revision(), now) : v;
            b.setValueJson(Json.utf8(shown.bytes())).setType(type(v)).setReplace(h.version().replace());
        }
        if (h.commit() != null) {
            b.setTime(h.commit().time().toString()).setAuthor(h.commit().author()).setMessage(h.commit().message());
        }
        return b.build();
    }
}
