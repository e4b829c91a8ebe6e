package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.http.BadRequest;
import io.llmcm.server.http.Params;

/**
 * {@code minRevision}: a read that must reflect at least a given revision, so a client reads its
 * own write. On one instance the revision it wrote is always here; the wait matters when another
 * instance took the write and this one has not caught up yet.
 */
final class Revisions {
    private static final long MAX_WAIT_MILLIS = 5_000;

    private Revisions() {}

    /** Waits (up to 5 s) until the repository reaches {@code minRevision}; 412 if it does not. */
    static void awaitMin(Context ctx, Repository repo) throws InterruptedException {
        long min = Params.number(ctx, "minRevision", 0);
        if (min <= repo.revision()) {
            return;
        }
        long deadline = System.nanoTime() + MAX_WAIT_MILLIS * 1_000_000;
        while (repo.revision() < min) {
            if (System.nanoTime() > deadline) {
                throw new BadRequest(412, "query:minRevision",
                        "revision " + min + " is not reached (this server is at " + repo.revision() + ")");
            }
            Thread.sleep(1);
        }
    }

    /** The {@code at} query parameter as a revision (number or tag), or -1 for the current one. */
    static long at(Context ctx, Repository repo, String tenant) {
        String at = ctx.queryParam("at");
        if (at == null || at.isEmpty()) {
            return -1;
        }
        try {
            return repo.revisionOf(tenant, at);
        } catch (io.llmcm.core.InvalidInputException e) {
            throw new BadRequest("query:at", e.getMessage());
        } catch (io.llmcm.core.NotFoundException e) {
            throw new BadRequest(404, "query:at", e.getMessage()); // an unknown tag or a revision not reached yet
        }
    }
}
