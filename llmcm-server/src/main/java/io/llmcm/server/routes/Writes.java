package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.ConflictException;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.http.BadRequest;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Replies;
import io.llmcm.server.http.ServerMetrics;
import io.llmcm.core.json.Json;
import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.model.Mutation;
import tools.jackson.databind.node.ObjectNode;

/**
 * Single-entry writes: the request builder with the author and message, HTTP preconditions as
 * compare-and-set, and the answer.
 *
 * <p>{@code If-Match: "R"} means "the entry has not changed since revision R" (R is the ETag a
 * read returned): the write fails with 412 if the entry's head is newer than R, and otherwise is
 * committed only if the head is still the one seen, so two writers with the same ETag cannot both
 * win. {@code If-Match: *} means the entry must exist (and still be the version seen when the
 * commit lands); {@code If-None-Match: *} means it must not exist.
 */
public final class Writes {
    static final String MESSAGE_HEADER = "X-Commit-Message";
    private static final String IF_MATCH = "header:If-Match";
    private static final String IF_NONE_MATCH = "header:If-None-Match";

    private final Repository repo;
    private final ServerMetrics metrics;

    public Writes(Repository repo, ServerMetrics metrics) {
        this.repo = repo;
        this.metrics = metrics;
    }

    ChangeRequest.Builder request(Context ctx, Call call) {
        String message = ctx.header(MESSAGE_HEADER);
        return ChangeRequest.by(call.author()).message(message == null ? "" : message);
    }

    /**
     * Adds the expectation the request's precondition headers ask for.
     *
     * @return the header that made the write conditional ({@code header:If-Match} or {@code
     *     header:If-None-Match}, as a 412 names it), or null when there is none
     */
    String preconditions(Context ctx, EntryKey key, ChangeRequest.Builder request) {
        String ifMatch = ctx.header("If-Match");
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifMatch != null) {
            long head = repo.raw(key).filter(v -> !v.isDeleted()).map(EntryVersion::revision).orElse(0L);
            long seen = ifMatch.strip().equals("*") ? head : etag(ifMatch); // *: any current version
            if (head > seen || head == 0) {
                throw new BadRequest(412, IF_MATCH, head == 0
                        ? key + " does not exist"
                        : key + " changed at revision " + head + ", after revision " + seen + "; read it again");
            }
            request.expect(key, head);
            return IF_MATCH;
        }
        if (ifNoneMatch != null) {
            if (!ifNoneMatch.strip().equals("*")) {
                throw new BadRequest(IF_NONE_MATCH, "If-None-Match takes only * (the entry must not exist)");
            }
            request.expect(key, 0);
            return IF_NONE_MATCH;
        }
        return null;
    }

    /** Commits a write without a precondition (audited, counted). */
    public CommitResult commit(ChangeRequest request) {
        return commit(request, null);
    }

    /**
     * Commits; a failed compare-and-set becomes 412 naming the precondition's header.
     *
     * @param precondition what {@link #preconditions} returned; null for none
     */
    CommitResult commit(ChangeRequest request, String precondition) {
        CommitResult r;
        try {
            r = repo.commit(request);
        } catch (ConflictException e) {
            // only a failed expectation is the precondition's; an archived tenant stays a 409
            if (precondition != null && !archived(request)) {
                throw new BadRequest(412, precondition, e.getMessage());
            }
            throw e;
        }
        if (r.changed()) {
            metrics.committed();
            audited(request, r);
        }
        return r;
    }

    /**
     * Records a write in the audit chain: who, which revision, and what it touched by address
     * (never a value — the commit log holds those, sealed where secret).
     */
    void audited(ChangeRequest request, CommitResult r) {
        String tenant = "";
        StringBuilder what = new StringBuilder();
        int shown = 0;
        for (Mutation m : request.mutations()) {
            EntryKey key = m instanceof Mutation.PutEntry p ? p.key() : m instanceof Mutation.DeleteEntry d ? d.key() : null;
            if (key != null) {
                tenant = key.tenant();
            }
            String address = key == null ? m.getClass().getSimpleName() : (m instanceof Mutation.PutEntry ? "put " : "delete ") + key;
            if (shown++ < 5) {
                what.append(what.isEmpty() ? "" : ", ").append(address);
            }
        }
        if (shown > 5) {
            what.append(" and ").append(shown - 5).append(" more");
        }
        repo.audit().record(AuditEvent.of(r.time() == null ? java.time.Instant.now() : r.time(), request.author(), "commit", tenant,
                "revision " + r.revision(), "allowed", what.toString()));
    }

    private boolean archived(ChangeRequest request) {
        return request.expectations().keySet().stream()
                .anyMatch(k -> repo.tenantState(k.tenant()) == io.llmcm.core.model.TenantState.ARCHIVED);
    }

    static void answer(Context ctx, CommitResult r) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("revision", r.revision());
        o.put("changed", r.changed());
        o.put("changes", r.changes());
        if (r.time() != null) {
            o.put("time", r.time().toString());
        }
        Replies.json(ctx, r.revision(), o);
    }

    static long etag(String header) {
        String h = header.strip();
        if (h.startsWith("W/")) {
            h = h.substring(2);
        }
        if (h.length() >= 2 && h.startsWith("\"") && h.endsWith("\"")) {
            h = h.substring(1, h.length() - 1);
        }
        try {
            long r = Long.parseLong(h);
            if (r >= 0) {
                return r;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new BadRequest(IF_MATCH, "If-Match must be a revision as the server sends it in ETag, like \"42\"");
    }
}
