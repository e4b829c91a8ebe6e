package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.LlmcmException;
import io.llmcm.core.Violation;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Names;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.EntryDiff;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.ValidationReport;
import io.llmcm.core.store.HistoryEntry;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.BadRequest;
import io.llmcm.server.http.Bodies;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Fields;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Params;
import io.llmcm.server.http.Replies;
import io.llmcm.server.http.Routes;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Atomic batch commits (and their dry run), history, diff and rollback. */
public final class CommitRoutes {
    /** Most changes one batch commit may carry. */
    public static final int MAX_CHANGES = 10_000;

    private final Repository repo;
    private final Access access;
    private final Writes writes;

    public CommitRoutes(Repository repo, Access access, Writes writes) {
        this.repo = repo;
        this.access = access;
        this.writes = writes;
    }

    public void register(Routes routes) {
        routes.post("/v1/tenants/{tenant}/commits", Guard.tenantVisible(Resource.CONFIG, Permission.WRITE), this::commit);
        routes.get("/v1/tenants/{tenant}/history/<path>", Guard.tenant(Resource.CONFIG, Permission.READ, "path"), this::history);
        routes.get("/v1/tenants/{tenant}/diff", Guard.tenantVisible(Resource.CONFIG, Permission.READ), this::diff);
        routes.post("/v1/tenants/{tenant}/rollback", Guard.tenantVisible(Resource.CONFIG, Permission.WRITE), this::rollback);
    }

    /**
     * {@code {"message", "dryRun", "changes": [{"op": "put"|"delete"|"put-secret", "path", "env",
     * "service", "value", "text", "secret", "replace", "ifRevision"}]}}: every change lands or none
     * does. Each change is authorized on its own path and environment.
     */
    void commit(Context ctx, Call call) {
        Fields body = Bodies.object(ctx);
        String message = body.string("message", "");
        boolean dryRun = body.bool("dryRun", false);
        List<Fields> changes = body.objects("changes");
        body.done();
        if (changes.isEmpty()) {
            throw new BadRequest("/changes", "'changes' must hold at least one change");
        }
        if (changes.size() > MAX_CHANGES) {
            throw new BadRequest("/changes", "a commit holds at most " + MAX_CHANGES + " changes, got " + changes.size());
        }
        ChangeRequest.Builder request = ChangeRequest.by(call.author()).message(message);
        for (Fields c : changes) {
            change(call, c, request);
        }
        ChangeRequest built = request.build();
        if (dryRun) {
            ValidationReport report = repo.dryRun(built);
            Replies.json(ctx, repo.revision(), report(report, call));
            return;
        }
        CommitResult r = writes.commit(built);
        Writes.answer(ctx, r);
    }

    private void change(Call call, Fields c, ChangeRequest.Builder request) {
        String op = c.requiredString("op");
        String path = c.requiredString("path");
        String env = c.string("env", Layer.BASE_ENV);
        String service = c.string("service", "");
        add(call, request, new BatchChange(op, path, env, service, () -> value(c), () -> c.requiredString("secret"), () -> c.bool("replace", false),
                c.has("ifRevision") ? c.number("ifRevision", 0) : null), c::pointer);
        c.done();
    }

    /**
     * One change of a batch as any transport gives it. The value, the secret and the replace flag
     * are read only once the change is authorized, as a malformed value must not tell a caller
     * more than a refusal would.
     *
     * @param op put, put-secret or delete
     * @param ifRevision the head the entry must have (0: absent), null for no expectation
     */
    public record BatchChange(String op, String path, String env, String service, Supplier<Value> value, Supplier<String> secret,
            BooleanSupplier replace, Long ifRevision) {}

    /**
     * Checks one change and adds it to the request: names checked, then authorized on its own
     * path and environment (REST and gRPC share this).
     *
     * @param field names a part of the change in errors ("path" → "/changes/3/path")
     */
    public void add(Call call, ChangeRequest.Builder request, BatchChange c, UnaryOperator<String> field) {
        String path = c.path();
        String env = c.env();
        String service = c.service();
        Params.checked(field.apply("path"), () -> Names.path(path));
        Params.checked(field.apply("env"), () -> Names.environment(env));
        if (!service.isEmpty()) {
            Params.checked(field.apply("service"), () -> Names.service(service));
        }
        Layer layer = Layer.of(env, service);
        EntryKey key = EntryKey.of(call.tenant(), path, layer);
        switch (c.op()) {
            case "put" -> {
                access.require(call, Resource.CONFIG, Permission.WRITE, path, env);
                request.put(key, c.value().get(), c.replace().getAsBoolean());
            }
            case "put-secret" -> {
                access.require(call, Resource.SECRET, Permission.WRITE, path, env);
                String plain = c.secret().get();
                repo.secrets().checkMasterKey();
                request.put(key, repo.secrets().seal(key, Value.text(plain), null));
            }
            case "delete" -> {
                access.require(call, Resource.CONFIG, Permission.DELETE, path, env);
                request.delete(key);
            }
            default -> throw new BadRequest(field.apply("op"), "'op' must be put, put-secret or delete, got '" + Params.clipped(c.op()) + "'");
        }
        if (c.ifRevision() != null) {
            request.expect(key, c.ifRevision());
        }
    }

    private static Value value(Fields c) {
        boolean hasValue = c.has("value");
        boolean hasText = c.has("text");
        if (hasValue == hasText) {
            throw new BadRequest(c.pointer("value"), "a put needs exactly one of 'value' (JSON) or 'text' (a text value)");
        }
        try {
            if (hasText) {
                return Value.text(c.requiredString("text"));
            }
            JsonNode v = c.raw("value");
            return Value.of(v);
        } catch (LlmcmException e) {
            throw new BadRequest(c.pointer(hasText ? "text" : "value"), e.getMessage());
        }
    }

    private static ObjectNode report(ValidationReport report, Call call) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("valid", report.valid());
        ArrayNode violations = o.putArray("violations");
        for (Violation v : report.violations()) {
            ObjectNode x = violations.addObject();
            x.put("where", v.where());
            x.put("pointer", v.pointer());
            x.put("message", v.message());
            x.put("source", v.source());
        }
        ArrayNode previews = o.putArray("previews");
        for (ValidationReport.Preview p : report.previews()) {
            ObjectNode x = previews.addObject();
            x.put("scope", p.scope().toString());
            x.put("path", p.path());
            if (p.value() != null) {
                x.set("value", Views.shown(p.value(), p.version(), call.time()));
            }
            x.put("version", p.version());
        }
        return o;
    }

    void history(Context ctx, Call call) {
        String path = Params.path(ctx);
        int limit = Params.limit(ctx, 100, 10_000);
        String env = emptyToNull(ctx.queryParam("env")); // absent or empty: every layer
        String service = ctx.queryParam("service");
        if (env != null) {
            Params.checked("query:env", () -> Names.environment(env));
        }
        if (service != null && !service.isEmpty()) {
            Params.checked("query:service", () -> Names.service(service));
        }
        List<HistoryEntry> all = repo.history(call.tenant(), path, limit);
        ObjectNode o = Json.NODES.objectNode();
        o.put("path", path);
        ArrayNode items = o.putArray("items");
        for (HistoryEntry h : all) {
            Layer l = h.version().key().layer();
            if ((env == null || env.equals(l.env())) && (service == null || service.equals(l.service()))) {
                items.add(Views.history(h, call.time()));
            }
        }
        Replies.json(ctx, repo.revision(), o);
    }

    void diff(Context ctx, Call call) {
        String prefix = Params.prefix(ctx);
        String fromParam = ctx.queryParam("from");
        if (fromParam == null || fromParam.isEmpty()) {
            throw new BadRequest("query:from", "query parameter 'from' (a revision or tag) is required");
        }
        long from = revision(call, "from", fromParam);
        String toParam = ctx.queryParam("to");
        long to = toParam == null || toParam.isEmpty() ? repo.revision() : revision(call, "to", toParam);
        List<EntryDiff> diffs = repo.diff(call.tenant(), prefix, from, to);
        boolean whole = access.decide(call, Resource.CONFIG, Permission.READ, prefix, "").allowed();
        ObjectNode o = Json.NODES.objectNode();
        o.put("from", from);
        o.put("to", to);
        ArrayNode items = o.putArray("items");
        for (EntryDiff d : diffs) {
            if (whole || access.allows(call, Resource.CONFIG, Permission.READ, d.path(), d.layer().env())) {
                items.add(Views.diff(d));
            }
        }
        Replies.json(ctx, to, o);
    }

    /** {@code {"to": revision or tag, "prefix": "", "message": ""}}: one new commit restoring the prefix. */
    void rollback(Context ctx, Call call) {
        Fields body = Bodies.object(ctx);
        String toText = body.revisionOrTag("to");
        String prefix = body.string("prefix", "");
        String message = body.string("message", "");
        body.done();
        Params.checked("/prefix", () -> Names.prefix(prefix));
        if (toText.isEmpty()) {
            throw new BadRequest("/to", "'to' (a revision number or tag) is required");
        }
        long to = revision(call, "/to", toText);
        access.require(call, Resource.CONFIG, Permission.WRITE, prefix, "");
        String why = message.isEmpty() ? "rollback to revision " + to : message;
        CommitResult r = repo.rollback(call.tenant(), prefix, to, call.author(), why);
        if (r.changed()) {
            repo.audit().record(io.llmcm.core.audit.AuditEvent.of(r.time(), call.author(), "commit", call.tenant(), "revision " + r.revision(), "allowed",
                    "rollback of '" + prefix + "' to revision " + to));
        }
        Writes.answer(ctx, r);
    }

    private static String emptyToNull(String v) {
        return v == null || v.isEmpty() ? null : v;
    }

    private long revision(Call call, String field, String value) {
        String named = field.startsWith("/") ? field : "query:" + field;
        try {
            return repo.revisionOf(call.tenant(), value);
        } catch (io.llmcm.core.InvalidInputException e) {
            throw new BadRequest(named, e.getMessage());
        } catch (io.llmcm.core.NotFoundException e) {
            throw new BadRequest(404, named, e.getMessage()); // an unknown tag or a revision not reached yet
        }
    }
}
