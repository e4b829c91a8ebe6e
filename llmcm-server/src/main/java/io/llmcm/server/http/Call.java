package io.llmcm.server.http;

import io.javalin.http.Context;
import io.llmcm.core.auth.Principal;
import io.llmcm.core.model.Layer;
import io.llmcm.core.repo.Scope;
import java.time.Instant;

/**
 * One authenticated request as the handlers see it: who, when, from where, and the tenant the
 * guard checked.
 *
 * @param principal null on public routes
 * @param tenant the {@code tenant} path parameter, "" when the route has none
 */
public record Call(Principal principal, Instant time, String sourceIp, String requestId, String tenant) {

    /** The author recorded in history for writes made by this call. */
    public String author() {
        return principal == null ? "anonymous" : principal.id();
    }

    /** The scope named by the query: {@code env} (default base) and {@code service} (default none). */
    public Scope scope(Context ctx) {
        return Params.scope(ctx, tenant);
    }

    /** The layer a write goes to: {@code env} (default base) and {@code service}. */
    public Layer layer(Context ctx) {
        return scope(ctx).layer();
    }

    /**
     * The environment named by the query, base when none (for authorization): exactly the
     * environment {@link #scope} reads and {@link #layer} writes, so {@code ?env=} (empty) is
     * authorized as the base it acts on, not as "".
     */
    public String env(Context ctx) {
        return Params.env(ctx);
    }

    /** The same call acting in another tenant (creating a child checks the parent). */
    public Call in(String otherTenant) {
        return new Call(principal, time, sourceIp, requestId, otherTenant);
    }

    static Call of(Context ctx) {
        return ctx.attribute(Call.class.getName());
    }
}
