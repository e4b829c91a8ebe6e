package io.llmcm.cli.command;

import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.remote.Answers;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.render.SecretView;
import io.llmcm.cli.render.Table;
import io.llmcm.cli.render.Text;
import io.llmcm.core.json.Json;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Resolved;
import io.llmcm.core.repo.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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

/** {@code llmcm secret list [PREFIX]}: the secrets in a scope, masked, with their metadata. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "List the effective secrets under PREFIX in a scope, sorted, without their values:",
            "path, version (revision), kind (text, json; token or jwt for dynamic secrets), data key version, when it was set, when it expires."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  llmcm secret list providers --tenant acme --env prod", "  llmcm secret list --output json"})
public final class SecretListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    LayerOptions layer;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "a namespace or key (default: everything)")
    String prefix = "";

    @Option(names = "--at", paramLabel = "REV|TAG", description = "list as of a past revision or a tag of the tenant")
    String at;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json")
    String output = "text";

    @Override
    public Integer call() {
        boolean json = OutputChoice.jsonOrText(output);
        Scope scope = layer.scope(tenant.tenant());
        // path → mask: local and remote listings print from the same masks
        Map<String, ObjectNode> masks = new LinkedHashMap<>();
        Remote remote = store.remote();
        if (remote != null) {
            for (Resolved r : Answers.resolved(remote.send(Remote.get(Remote.tenantPath(scope.tenant(), "secrets", null))
                    .query("prefix", prefix).query("env", scope.env()).query("service", scope.service()).query("at", at)).json())) {
                if (r.value().json() instanceof ObjectNode mask) {
                    masks.put(r.path(), mask);
                }
            }
        } else {
            try (Repository repo = store.open()) {
                Long rev = at == null ? null : repo.revisionOf(scope.tenant(), at);
                for (Resolved r : rev == null ? repo.list(scope, prefix) : repo.list(scope, prefix, rev)) {
                    if (r.isSecret()) {
                        masks.put(r.path(), SecretView.mask(r.value(), r.modRevision()));
                    }
                }
            }
        }
        Out.print(spec, json ? json(masks) : text(masks));
        return 0;
    }

    /** A mask's kind: text or json for a stored secret, token or jwt for a dynamic one. */
    static String kind(ObjectNode mask) {
        return mask.has("dynamic") ? mask.path("dynamic").asString("") : mask.path("type").asString("");
    }

    private static String text(Map<String, ObjectNode> masks) {
        Table t = new Table();
        masks.forEach((path, m) -> {
            String version = String.valueOf(m.path("version").asLong());
            if (m.has("dynamic")) {
                t.row(path, version, kind(m), "", "", "issues for " + Times.human(Duration.parse(m.path("ttl").asString("PT0S"))));
            } else {
                JsonNode expires = m.path("expires");
                String expiry = expires.isNull() || expires.isMissingNode() ? "no expiry"
                        : (m.path("expired").asBoolean(false) ? "EXPIRED " : "expires ") + Times.seconds(Instant.parse(expires.asString()));
                t.row(path, version, kind(m), "key " + m.path("key").asLong(), Times.seconds(Instant.parse(m.path("updated").asString())), expiry);
            }
        });
        return t.render();
    }

    private static String json(Map<String, ObjectNode> masks) {
        ArrayNode out = Json.NODES.arrayNode();
        masks.forEach((path, m) -> out.addObject().put("path", path).put("kind", kind(m)).setAll(m));
        return Text.withNewline(Json.pretty(out));
    }
}
