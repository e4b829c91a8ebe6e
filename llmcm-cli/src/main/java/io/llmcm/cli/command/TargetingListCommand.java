package io.llmcm.cli.command;

import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.remote.Answers;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.render.Table;
import io.llmcm.cli.render.Text;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Names;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.LayerRules;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import io.llmcm.core.targeting.TargetingRule;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code llmcm targeting list PATH}: the rules every layer of a scope holds for a key. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the targeting rules of a key in every layer of the scope (global's layers, then each tenant down to --tenant, base down to --env), lowest layer first, in the order they are tried.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm targeting list models/chat --tenant acme --env prod")
public final class TargetingListCommand implements Callable<Integer> {
    /** Patches longer than this are cut in the text listing (--output json has them whole). */
    static final int MAX_SET = 60;

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    LayerOptions layer;

    @Parameters(index = "0", paramLabel = "PATH", description = "key path")
    String path;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json")
    String output = "text";

    @Override
    public Integer call() {
        boolean json = OutputChoice.jsonOrText(output);
        Scope scope = layer.scope(tenant.tenant());
        Names.path(path);
        JsonNode layers; // as the server answers it: [{layer, revision, contributes, rules: [{name, when, rollout, set}]}]
        Remote remote = store.remote();
        if (remote != null) {
            layers = remote.send(Remote.get(Remote.tenantPath(scope.tenant(), "targeting", path))
                    .query("env", scope.env()).query("service", scope.service())).json().path("layers");
        } else {
            try (Repository repo = store.open()) {
                layers = json(repo, scope, path);
            }
        }
        if (json) {
            Out.print(spec, Text.withNewline(Json.pretty(layers)));
            return 0;
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode l : layers) {
            sb.append(Answers.layerRef(l.path("layer"))).append('@').append(l.path("revision").asLong())
                    .append(l.path("contributes").asBoolean(true) ? "" : "  (replaced by a higher layer)").append('\n');
            Table rules = new Table();
            for (JsonNode r : l.path("rules")) {
                rules.row("  " + r.path("name").asString(""), rule(r).describe(), "set " + Text.oneLine(r.path("set").toString(), MAX_SET));
            }
            sb.append(rules.render());
        }
        Out.print(spec, sb.isEmpty() ? "(no targeting rules for " + path + " in " + scope + ")\n" : sb.toString());
        return 0;
    }

    /** The local listing in the server's form. */
    static ArrayNode json(Repository repo, Scope scope, String path) {
        ArrayNode out = Json.NODES.arrayNode();
        for (LayerRules l : repo.targetingRules(scope, path)) {
            ObjectNode x = out.addObject();
            ObjectNode layer = x.putObject("layer").put("env", l.layer().layer().env());
            if (l.layer().layer().hasService()) {
                layer.put("service", l.layer().layer().service());
            }
            layer.put("tenant", l.layer().tenant());
            x.put("revision", l.revision());
            x.put("contributes", l.contributes());
            ArrayNode rules = x.putArray("rules");
            for (TargetingRule r : l.rules()) {
                ObjectNode o = rules.addObject().put("name", r.name());
                if (!r.when().isEmpty()) {
                    o.put("when", r.when());
                }
                if (r.rollout() != null) {
                    o.putObject("rollout").put("percent", r.rollout().percent()).put("by", r.rollout().by());
                }
                o.set("set", r.set().json());
            }
        }
        return out;
    }

    private static TargetingRule rule(JsonNode r) {
        JsonNode ro = r.get("rollout");
        return new TargetingRule(r.path("name").asString(""), r.path("when").asString(""),
                ro == null ? null : new TargetingRule.Rollout(ro.path("percent").asDouble(), ro.path("by").asString("")),
                Value.of(r.path("set")));
    }
}
