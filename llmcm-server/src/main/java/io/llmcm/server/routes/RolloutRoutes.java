package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Names;
import io.llmcm.core.model.RollbackRule;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.BadRequest;
import io.llmcm.server.http.Bodies;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Fields;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Params;
import io.llmcm.server.http.Replies;
import io.llmcm.server.http.Routes;
import io.llmcm.server.rollout.AutoRollback;
import io.llmcm.server.rollout.ClientReports;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Client feedback and automatic rollback: clients report which revision of a watched view they
 * applied and whether they accepted it; anyone who may read the view sees how many clients run
 * which revision and how many rejected it; rollback rules (through the log, like tags) revert the
 * newest change of a view when enough clients reject it.
 */
public final class RolloutRoutes {
    private static final int MAX_CLIENT_ID = 200;
    private static final int MAX_REASON = 300;

    private final Repository repo;
    private final Access access;
    private final Writes writes;
    private final ClientReports reports;
    private final AutoRollback rollback;

    public RolloutRoutes(Repository repo, Access access, Writes writes, ClientReports reports, AutoRollback rollback) {
        this.repo = repo;
        this.access = access;
        this.writes = writes;
        this.reports = reports;
        this.rollback = rollback; // one for REST and gRPC: a rule trips once per revision
    }

    public void register(Routes routes) {
        routes.post("/v1/tenants/{tenant}/reports", Guard.tenantVisible(Resource.CONFIG, Permission.READ), this::report);
        routes.get("/v1/tenants/{tenant}/reports", Guard.tenantVisible(Resource.CONFIG, Permission.READ), this::summary);
        routes.get("/v1/tenants/{tenant}/rollback-rules", Guard.tenant(Resource.CONFIG, Permission.READ), this::rules);
        routes.put("/v1/tenants/{tenant}/rollback-rules/{name}", Guard.tenant(Resource.CONFIG, Permission.WRITE), this::putRule);
        routes.delete("/v1/tenants/{tenant}/rollback-rules/{name}", Guard.tenant(Resource.CONFIG, Permission.WRITE), this::deleteRule);
    }

    /**
     * {@code {"client": "chat-7f9c", "env": "prod", "service": "", "prefix": "models", "revision": 57,
     * "accepted": false, "reason": "max_tokens above the model's limit"}}.
     */
    void report(Context ctx, Call call) {
        Fields body = Bodies.object(ctx);
        String client = body.requiredString("client");
        String env = body.string("env", "base");
        String service = body.string("service", "");
        String prefix = body.string("prefix", "");
        if (!body.has("revision")) {
            throw new BadRequest("/revision", "'revision' is required: the revision the client applied");
        }
        long revision = body.number("revision", 0);
        boolean accepted = body.requiredBool("accepted");
        String reason = body.string("reason", "");
        body.done();
        if (client.length() > MAX_CLIENT_ID) {
            throw new BadRequest("/client", "'client' must be at most " + MAX_CLIENT_ID + " characters");
        }
        if (reason.length() > MAX_REASON) {
            throw new BadRequest("/reason", "'reason' must be at most " + MAX_REASON + " characters");
        }
        Params.checked("/env", () -> Names.environment(env));
        if (!service.isEmpty()) {
            Params.checked("/service", () -> Names.service(service));
        }
        String p = Params.prefix(prefix, "/prefix");
        if (revision > repo.revision()) {
            throw new BadRequest("/revision", "revision " + revision + " does not exist (the latest is " + repo.revision() + ")");
        }
        access.require(call, Resource.CONFIG, Permission.READ, p, env); // a reader of the view reports on it
        ClientReports.View view = new ClientReports.View(call.tenant(), env, service, p);
        reports.record(view, new ClientReports.Report(client, revision, accepted, reason, call.time()));
        ObjectNode o = Json.NODES.objectNode();
        o.put("client", client);
        o.put("revision", revision);
        o.put("accepted", accepted);
        if (!accepted) {
            Optional<CommitResult> rolled = rollback.rejected(view, revision, call.time());
            rolled.ifPresent(r -> o.putObject("rollback").put("revertedRevision", revision).put("revision", r.revision()));
        }
        Replies.json(ctx, repo.revision(), o);
    }

    /** Views of the tenant, optionally only those of {@code env}, {@code service} and {@code prefix}. */
    void summary(Context ctx, Call call) {
        String env = ctx.queryParam("env");
        String service = ctx.queryParam("service");
        String prefix = ctx.queryParam("prefix") == null ? null : Params.prefix(ctx.queryParam("prefix"), "query:prefix");
        ObjectNode o = Json.NODES.objectNode();
        ArrayNode views = o.putArray("views");
        Map<ClientReports.View, java.util.List<ClientReports.RevisionCount>> all = reports.summaries(call.tenant(),
                v -> (env == null || v.env().equals(env)) && (service == null || v.service().equals(service))
                        && (prefix == null || v.prefix().equals(prefix)), call.time());
        all.forEach((v, counts) -> {
            if (!access.allows(call, Resource.CONFIG, Permission.READ, v.prefix(), v.env())) {
                return; // a caller bound to other prefixes or environments does not see this view
            }
            ObjectNode view = views.addObject();
            view.put("env", v.env());
            view.put("service", v.service());
            view.put("prefix", v.prefix());
            view.put("clients", counts.stream().mapToInt(ClientReports.RevisionCount::clients).sum());
            ArrayNode revisions = view.putArray("revisions");
            for (ClientReports.RevisionCount c : counts) {
                ObjectNode r = revisions.addObject();
                r.put("revision", c.revision());
                r.put("clients", c.clients());
                r.put("accepted", c.accepted());
                r.put("rejected", c.rejected());
                c.reasons().forEach(r.putArray("reasons")::add);
            }
        });
        Replies.json(ctx, repo.revision(), o);
    }

    void rules(Context ctx, Call call) {
        ObjectNode o = Json.NODES.objectNode();
        ArrayNode items = o.putArray("items");
        for (RollbackRule r : repo.rollbackRules(call.tenant())) {
            items.add(view(r));
        }
        Replies.json(ctx, repo.revision(), o);
    }

    /** {@code {"env": "prod", "service": "", "prefix": "models", "minReports": 10, "rejectShare": 0.2}}. */
    void putRule(Context ctx, Call call) {
        String name = Admin.name(ctx, "name", Names::schema);
        Fields body = Bodies.object(ctx);
        String env = body.string("env", "base");
        String service = body.string("service", "");
        String prefix = body.string("prefix", "");
        long minReports = body.number("minReports", 1);
        double rejectShare = body.decimal("rejectShare", 0.5);
        body.done();
        if (minReports < 1 || minReports > 1_000_000) {
            throw new BadRequest("/minReports", "'minReports' must be between 1 and 1000000, got " + minReports);
        }
        RollbackRule rule;
        try {
            rule = new RollbackRule(call.tenant(), name, env, service, prefix, (int) minReports, rejectShare);
        } catch (InvalidInputException e) {
            throw new BadRequest(pointerFor(e.getMessage()), e.getMessage());
        }
        access.require(call, Resource.CONFIG, Permission.WRITE, rule.prefix(), env); // it will write there
        boolean existed = repo.rollbackRules(call.tenant()).stream().anyMatch(r -> r.name().equals(name));
        CommitResult r = writes.commit(writes.request(ctx, call).add(new Mutation.PutRollbackRule(rule)).build());
        ctx.status(existed ? 200 : 201);
        Writes.answer(ctx, r);
    }

    void deleteRule(Context ctx, Call call) {
        String name = Admin.name(ctx, "name", Names::schema);
        if (repo.rollbackRules(call.tenant()).stream().noneMatch(r -> r.name().equals(name))) {
            throw new NotFoundException("no rollback rule '" + name + "' in tenant '" + call.tenant() + "'");
        }
        Writes.answer(ctx, writes.commit(writes.request(ctx, call).add(new Mutation.DeleteRollbackRule(call.tenant(), name)).build()));
    }

    private static ObjectNode view(RollbackRule r) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("name", r.name());
        o.put("env", r.env());
        o.put("service", r.service());
        o.put("prefix", r.prefix());
        o.put("minReports", r.minReports());
        o.put("rejectShare", r.rejectShare());
        return o;
    }

    /** The body field a model message is about ("minReports must be…" → /minReports). */
    private static String pointerFor(String message) {
        for (String f : new String[] {"minReports", "rejectShare", "prefix", "service", "env"}) {
            if (message.contains(f)) {
                return "/" + f;
            }
        }
        return null;
    }
}
