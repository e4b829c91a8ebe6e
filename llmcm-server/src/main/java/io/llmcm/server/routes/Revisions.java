package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.HistoryCompactedException;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Watch;
import io.llmcm.core.repo.WatchFilter;
import java.time.Duration;
import io.llmcm.server.http.BadRequest;
import io.llmcm.server.http.Params;

/**
 * {@code minRevision}: a read that must reflect at least a given revision, so a client reads its
 * own write. On one instance the revision it wrote is always here; the wait matters when another
 * instance took the write and this one has not caught up yet.
 */
public final class Revisions {
    private static final Duration MAX_WAIT = Duration.ofSeconds(5);
    private static final Duration LONG_POLL_DEFAULT = Duration.ofSeconds(30);
    private static final Duration LONG_POLL_MAX = Duration.ofSeconds(60);

    private Revisions() {}

    /** Waits (up to 5 s) until the repository reaches {@code minRevision}; 412 if it does not. */
    static void awaitMin(Context ctx, Repository repo) throws InterruptedException {
        awaitMin(repo, Params.number(ctx, "minRevision", 0), "query:minRevision");
    }

    /**
     * A plain read of one path that demands a revision this server has not reached: answered from
     * the shared (Redis) cache when it holds the value at that revision or later, so the read need
     * not wait for this server to follow the store. Empty when it cannot be answered so (no such
     * entry, no shared cache, or the read asks for more than the current value: {@code at},
     * {@code explain} or {@code waitForRevision}); the read then goes on as usual.
     */
    static java.util.Optional<io.llmcm.core.repo.Resolved> ahead(Context ctx, Repository repo, io.llmcm.core.repo.Scope scope, String path) {
        long min = Params.number(ctx, "minRevision", 0);
        if (min <= repo.revision() || !repo.hasSharedCache() || ctx.queryParam("at") != null
                || ctx.queryParam("explain") != null || ctx.queryParam("waitForRevision") != null) {
            return java.util.Optional.empty();
        }
        return repo.sharedAtLeast(scope, path, min);
    }

    /** The same for any transport; {@code field} names the request part in the 412. */
    public static void awaitMin(Repository repo, long min, String field) throws InterruptedException {
        if (min > repo.revision() && repo.awaitRevision(min - 1, MAX_WAIT) < min) {
            throw new BadRequest(412, field, "revision " + min + " is not reached (this server is at " + repo.revision() + ")");
        }
    }

    /**
     * Long-poll: with {@code waitForRevision=R}, waits until a commit after R changes something the
     * read covers, or {@code timeout} (default 30 s, at most 60 s) passes; the read then answers at
     * the current revision either way. A revision whose history is gone answers at once: the client
     * is behind and should read now.
     */
    static void awaitChange(Context ctx, Repository repo, WatchFilter covered) throws InterruptedException {
        String given = ctx.queryParam("waitForRevision");
        if (given == null || given.isEmpty()) {
            if (ctx.queryParam("timeout") != null) {
                throw new BadRequest("query:timeout", "query parameter 'timeout' goes with 'waitForRevision'");
            }
            return;
        }
        long after = Params.number(ctx, "waitForRevision", 0);
        Duration timeout = Params.duration(ctx, "timeout", LONG_POLL_DEFAULT, LONG_POLL_MAX);
        if (ctx.queryParam("at") != null) {
            throw new BadRequest("query:waitForRevision", "'waitForRevision' waits for the newest state; it cannot go with 'at'");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        // another instance may have handed out a revision this one has not reached yet
        repo.awaitRevision(after - 1, timeout);
        if (repo.revision() < after) {
            return;
        }
        try {
            Watch w = repo.watch(covered, after);
            w.next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } catch (HistoryCompactedException e) {
            // the client's revision is older than the history: its state is stale, answer now
        }
    }

    /** The {@code at} query parameter as a revision (number or tag), or -1 for the current one. */
    static long at(Context ctx, Repository repo, String tenant) {
        return at(repo, tenant, ctx.queryParam("at"), "query:at");
    }

    /** A revision number or tag as a revision, −1 for null or ""; {@code field} names it in errors. */
    public static long at(Repository repo, String tenant, String at, String field) {
        if (at == null || at.isEmpty()) {
            return -1;
        }
        try {
            return repo.revisionOf(tenant, at);
        } catch (io.llmcm.core.InvalidInputException e) {
            throw new BadRequest(field, e.getMessage());
        } catch (io.llmcm.core.NotFoundException e) {
            throw new BadRequest(404, field, e.getMessage()); // an unknown tag or a revision not reached yet
        }
    }
}
