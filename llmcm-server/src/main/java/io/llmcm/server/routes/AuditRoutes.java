package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.audit.AuditVerification;
import io.llmcm.core.audit.CloudEvents;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.json.Json;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Params;
import io.llmcm.server.http.Replies;
import io.llmcm.server.http.Routes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit log. {@code GET /v1/audit} and {@code GET /v1/audit/export} need {@code audit:read}:
 * store-wide, or with {@code tenant=T} in T, and then show only the events of T and the tenants
 * below it (a tenant-scoped caller must pass {@code tenant=}). {@code GET /v1/audit/verify} checks
 * the whole hash chain and needs {@code audit:read} store-wide.
 */
public final class AuditRoutes {
    /** Most events one list answer holds. */
    static final int MAX_LIMIT = 1000;
    /** Most events one request looks through while filtering. */
    static final int MAX_SCAN = 100_000;
    private static final int PAGE = 1000;
    /** The filter of a query that names no tenant, actor or action. */
    private static final Predicate<AuditEvent> EVERYTHING = e -> true;

    private final Repository repo;
    private final Access access;

    public AuditRoutes(Repository repo, Access access) {
        this.repo = repo;
        this.access = access;
    }

    public void register(Routes routes) {
        // the handler checks audit:read store-wide or in tenant= (a tenant-scoped caller may read its subtree)
        routes.get("/v1/audit", Guard.authenticated(), this::list);
        routes.get("/v1/audit/verify", Guard.store(Resource.AUDIT, Permission.READ), this::verify);
        routes.get("/v1/audit/export", Guard.authenticated(), this::export);
    }

    /**
     * {@code ?tenant=&actor=&action=&after=SEQ&limit=}: oldest first; {@code next} is the sequence
     * to pass as {@code after=} for the following page, {@code more} false once the log's end was
     * reached. Sequences only grow, so a walk sees events appended meanwhile on later pages.
     */
    void list(Context ctx, Call call) {
        Predicate<AuditEvent> filter = filter(ctx, call);
        long after = Params.number(ctx, "after", 0);
        int limit = Params.limit(ctx, 100, MAX_LIMIT);
        ObjectNode o = Json.NODES.objectNode();
        ArrayNode items = o.putArray("items");
        long cursor = after;
        int scanned = 0;
        boolean end = false;
        while (items.size() < limit && scanned < MAX_SCAN) {
            // unfiltered, the store reads just the page; filtered, it reads ahead in larger steps
            int fetch = filter == EVERYTHING ? limit - items.size() : PAGE;
            List<AuditEvent> page = repo.auditEvents(cursor, fetch);
            for (AuditEvent e : page) {
                scanned++;
                cursor = e.seq();
                if (filter.test(e)) {
                    items.add(view(e));
                    if (items.size() == limit) {
                        break;
                    }
                }
            }
            if (page.size() < fetch) { // the log's end: reached unless the page ended before its last event
                end = page.isEmpty() || cursor == page.getLast().seq();
                break;
            }
        }
        o.put("next", cursor);
        o.put("more", !end);
        Replies.json(ctx, o);
    }

    /** The chain checked from the first event; {@code ok} false names where it breaks. */
    void verify(Context ctx, Call call) {
        AuditVerification v = repo.verifyAudit();
        ObjectNode o = Json.NODES.objectNode()
                .put("ok", v.ok())
                .put("events", v.events())
                .put("firstBad", v.firstBad())
                .put("problem", v.problem())
                .put("unkeyed", v.unkeyed())
                .put("lastHash", v.lastHash());
        Replies.json(ctx, o);
    }

    /** CloudEvents JSON, one per line, streamed: {@code ?tenant=&actor=&action=&after=SEQ}. */
    void export(Context ctx, Call call) throws IOException {
        Predicate<AuditEvent> filter = filter(ctx, call);
        long cursor = Params.number(ctx, "after", 0);
        ctx.contentType("application/x-ndjson");
        ctx.header("Cache-Control", "no-store");
        OutputStream out = ctx.outputStream();
        while (true) {
            List<AuditEvent> page = repo.auditEvents(cursor, PAGE);
            for (AuditEvent e : page) {
                cursor = e.seq();
                if (filter.test(e)) {
                    out.write((CloudEvents.line(e) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        out.flush();
    }

    /** Checks the caller's right to read and builds the filter the query asks for. */
    private Predicate<AuditEvent> filter(Context ctx, Call call) {
        String tenant = Params.string(ctx, "tenant", "");
        String actor = Params.string(ctx, "actor", "");
        String action = Params.string(ctx, "action", "");
        Predicate<AuditEvent> p = EVERYTHING;
        if (tenant.isEmpty()) {
            access.require(call, Resource.AUDIT, Permission.READ, "", "");
        } else {
            Params.checked("query:tenant", () -> io.llmcm.core.model.Names.tenant(tenant));
            Call in = call.in(tenant);
            access.visible(in);
            access.require(in, Resource.AUDIT, Permission.READ, "", "");
            Map<String, Boolean> within = new HashMap<>();
            p = e -> within.computeIfAbsent(e.tenant(), t -> isWithin(t, tenant));
        }
        if (!actor.isEmpty()) {
            p = p.and(e -> e.actor().equals(actor));
        }
        if (!action.isEmpty()) {
            // an exact action, or a dotted prefix: action=authz matches authz.config.read
            p = p.and(e -> e.action().equals(action) || e.action().startsWith(action.endsWith(".") ? action : action + "."));
        }
        return p;
    }

    private boolean isWithin(String eventTenant, String tenant) {
        if (eventTenant.isEmpty()) {
            return false;
        }
        try {
            return repo.tenantChain(eventTenant).contains(tenant);
        } catch (NotFoundException | InvalidInputException e) {
            return false; // a deleted tenant's events are seen store-wide only
        }
    }

    static ObjectNode view(AuditEvent e) {
        return Json.NODES.objectNode()
                .put("seq", e.seq())
                .put("time", e.time().toString())
                .put("actor", e.actor())
                .put("action", e.action())
                .put("tenant", e.tenant())
                .put("target", e.target())
                .put("outcome", e.outcome())
                .put("detail", e.detail());
    }
}
