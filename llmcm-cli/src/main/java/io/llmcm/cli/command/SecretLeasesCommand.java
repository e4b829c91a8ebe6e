package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.render.Table;
import io.llmcm.cli.render.Text;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Lease;
import io.llmcm.core.repo.Repository;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code llmcm secret leases}: the credentials dynamic secrets issued in a tenant. */
@Command(
        name = "leases",
        mixinStandardHelpOptions = true,
        description = "List the leases of credentials issued by the tenant's dynamic secrets, newest first: lease id, status (valid, expired, revoked), secret, issued, expires, who asked. Credentials themselves are never stored.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm secret leases --tenant acme --limit 10")
public final class SecretLeasesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Option(names = "--limit", paramLabel = "N", description = "at most N leases (default: ${DEFAULT-VALUE})")
    int limit = 50;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json")
    String output = "text";

    @Override
    public Integer call() {
        store.localOnly("the server has no route for the leases of dynamic secrets");
        boolean json = OutputChoice.jsonOrText(output);
        if (limit <= 0) {
            throw new io.llmcm.core.InvalidInputException("limit must be positive, got " + limit);
        }
        try (Repository repo = store.open()) {
            List<Lease> leases = repo.secrets().leases(tenant.tenant(), limit);
            Instant now = Instant.now();
            if (json) {
                ArrayNode out = Json.NODES.arrayNode();
                for (Lease l : leases) {
                    ObjectNode o = out.addObject()
                            .put("lease", l.id())
                            .put("status", status(l, now))
                            .put("secret", l.key().toString())
                            .put("issued", l.issued().toString())
                            .put("expires", l.expires().toString());
                    if (l.revoked() == null) {
                        o.putNull("revoked");
                    } else {
                        o.put("revoked", l.revoked().toString());
                    }
                    o.put("actor", l.actor());
                }
                Out.print(spec, Text.withNewline(Json.pretty(out)));
            } else {
                Table t = new Table();
                for (Lease l : leases) {
                    t.row(l.id(), status(l, now), l.key().toString(), Times.seconds(l.issued()), Times.seconds(l.expires()), Text.oneLine(l.actor(), 40));
                }
                Out.print(spec, t.render());
            }
            return 0;
        }
    }

    static String status(Lease l, Instant now) {
        return l.revoked() != null ? "revoked" : l.validAt(now) ? "valid" : "expired";
    }
}
