package io.llmcm.cli.command;

import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.render.RouteView;
import io.llmcm.core.json.Json;
import io.llmcm.core.llm.routing.EffectiveRoute;
import io.llmcm.core.llm.routing.EffectiveRoutes;
import io.llmcm.core.llm.routing.RepositoryScopeValues;
import io.llmcm.core.llm.routing.RouteResolver;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code llmcm route explain ALIAS}: the effective chain of a route in a scope. */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description = {
            "Show how a route resolves in a scope: where it came from, its weighted targets with their shares, the fallback chain in order"
                    + " (fallback routes expanded), each deployment's provider, model, endpoint and secret reference (never a secret),"
                    + " retry, timeout, fallback conditions, budgets and cost tracking.",
            "Reads routes/ALIAS and the deployments it names; with --server, config:read is needed on each."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  llmcm route explain chat --tenant acme --env prod",
            "  llmcm route explain chat --tenant acme --env prod --output json",
            "  llmcm route explain chat --tenant acme --env prod --at stable"
        })
public final class RouteExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    LayerOptions layer;

    @Parameters(index = "0", paramLabel = "ALIAS", description = "the route's alias (its entry is routes/ALIAS)")
    String alias;

    @Option(names = "--at", paramLabel = "REV|TAG", description = "resolve as of a past revision or a tag of the tenant")
    String at;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json (as GET /v1/routes/ALIAS answers)")
    String output = "text";

    @Override
    public Integer call() {
        boolean json = OutputChoice.jsonOrText(output);
        Scope scope = layer.scope(tenant.tenant());
        EffectiveRoute route;
        Remote remote = store.remote();
        if (remote != null) {
            StringBuilder path = new StringBuilder("/v1/routes");
            for (String s : alias.split("/", -1)) {
                path.append('/').append(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
            }
            route = EffectiveRoutes.read(remote.send(Remote.get(path.toString())
                    .query("tenant", scope.tenant()).query("env", scope.env()).query("service", scope.service()).query("at", at)).json());
        } else {
            try (Repository repo = store.open()) {
                long rev = at == null ? repo.revision() : repo.revisionOf(scope.tenant(), at);
                route = RouteResolver.resolve(alias, new RepositoryScopeValues(repo, scope, rev));
            }
        }
        Out.print(spec, json ? Json.pretty(EffectiveRoutes.json(route)) + "\n" : RouteView.text(route));
        return 0;
    }
}
