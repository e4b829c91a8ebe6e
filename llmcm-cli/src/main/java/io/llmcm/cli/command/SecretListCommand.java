package io.llmcm.cli.command;

import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.render.SecretView;
import io.llmcm.cli.render.Table;
import io.llmcm.cli.render.Text;
import io.llmcm.core.crypto.SecretEnvelope;
import io.llmcm.core.json.Json;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Resolved;
import io.llmcm.core.repo.Scope;
import io.llmcm.core.secret.DynamicSecret;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
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
        try (Repository repo = store.open()) {
            Long rev = at == null ? null : repo.revisionOf(scope.tenant(), at);
            List<Resolved> secrets = (rev == null ? repo.list(scope, prefix) : repo.list(scope, prefix, rev))
                    .stream().filter(Resolved::isSecret).toList();
            Out.print(spec, json ? json(secrets) : text(secrets));
            return 0;
        }
    }

    private static String text(List<Resolved> secrets) {
        Instant now = Instant.now();
        Table t = new Table();
        for (Resolved r : secrets) {
            String version = String.valueOf(r.modRevision());
            SecretEnvelope.Metadata m = SecretView.metadata(r.value());
            if (m == null) {
                DynamicSecret d = DynamicSecret.from(r.value());
                t.row(r.path(), version, d.kind().id(), "", "", "issues for " + Times.human(d.ttl()));
            } else {
                String expiry = m.expires() == null ? "no expiry"
                        : (m.expiredAt(now) ? "EXPIRED " : "expires ") + Times.seconds(m.expires());
                t.row(r.path(), version, SecretView.kind(r.value()), "key " + m.dekVersion(), Times.seconds(m.sealedAt()), expiry);
            }
        }
        return t.render();
    }

    private static String json(List<Resolved> secrets) {
        ArrayNode out = Json.NODES.arrayNode();
        for (Resolved r : secrets) {
            ObjectNode o = out.addObject().put("path", r.path()).put("kind", SecretView.kind(r.value()));
            o.setAll(SecretView.mask(r.value(), r.modRevision()));
        }
        return Text.withNewline(Json.pretty(out));
    }
}
