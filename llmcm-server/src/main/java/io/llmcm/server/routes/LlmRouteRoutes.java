package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.llm.routing.EffectiveRoute;
import io.llmcm.core.llm.routing.EffectiveRoutes;
import io.llmcm.core.llm.routing.RepositoryScopeValues;
import io.llmcm.core.llm.routing.RoutePaths;
import io.llmcm.core.llm.routing.RouteResolver;
import io.llmcm.core.llm.routing.ScopeValues;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Params;
import io.llmcm.server.http.Replies;
import io.llmcm.server.http.Routes;
import java.util.Optional;

/**
 * {@code GET /v1/routes/{alias}?tenant=&env=&service=}: an LLM route resolved in a scope (see
 * {@link RouteResolver}). Reading it is reading configuration: the caller needs {@code config:read}
 * on the route's entry and on every deployment and fallback route it shows (403 naming the first it
 * lacks), each decision audited like a read.
 */
public final class LlmRouteRoutes {
    private final Repository repo;
    private final Access access;

    public LlmRouteRoutes(Repository repo, Access access) {
        this.repo = repo;
        this.access = access;
    }

    public void register(Routes routes) {
        routes.get("/v1/routes/<alias>", Guard.tenantInQuery(Resource.CONFIG, Permission.READ), this::get);
    }

    void get(Context ctx, Call call) throws InterruptedException {
        String alias = ctx.pathParam("alias");
        Params.checked("path:alias", () -> {
            if (!RoutePaths.isValidAlias(alias)) {
                throw new InvalidInputException("a route alias is a key path like chat or team/chat (its entry is routes/<alias>)");
            }
        });
        Scope scope = call.scope(ctx);
        Revisions.awaitMin(ctx, repo);
        long at = Revisions.at(ctx, repo, call.tenant());
        ScopeValues values = new RepositoryScopeValues(repo, scope, at < 0 ? repo.revision() : at);
        EffectiveRoute route = RouteResolver.resolve(alias, authorized(values, call, scope));
        Replies.json(ctx, route.revision(), EffectiveRoutes.json(route));
    }

    /** Each path the resolver reads must be readable by the caller. */
    private ScopeValues authorized(ScopeValues values, Call call, Scope scope) {
        return new ScopeValues() {
            @Override
            public String scope() {
                return values.scope();
            }

            @Override
            public long revision() {
                return values.revision();
            }

            @Override
            public Optional<Entry> read(String path) {
                access.require(call, Resource.CONFIG, Permission.READ, path, scope.env());
                return values.read(path);
            }
        };
    }
}
