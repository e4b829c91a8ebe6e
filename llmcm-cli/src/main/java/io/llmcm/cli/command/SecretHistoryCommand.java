package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.render.SecretView;
import io.llmcm.cli.render.Table;
import io.llmcm.cli.render.Text;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.crypto.SecretEnvelope;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.store.HistoryEntry;
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

/** {@code llmcm secret history PATH}: the versions of a secret, never their values. */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = "Show the versions of a secret in a tenant, every layer, newest first: revision, time (UTC), author, layer, operation, kind and data key version, message. Values are never shown.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm secret history providers/openai/api-key --tenant acme")
public final class SecretHistoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Parameters(index = "0", paramLabel = "PATH", description = "key path")
    String path;

    @Option(names = "--limit", paramLabel = "N", description = "at most N versions (default: ${DEFAULT-VALUE})")
    int limit = 20;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json")
    String output = "text";

    @Override
    public Integer call() {
        boolean json = OutputChoice.jsonOrText(output);
        String t = tenant.tenant();
        try (Repository repo = store.open()) {
            List<HistoryEntry> history = repo.history(t, path, limit);
            if (history.isEmpty()) {
                throw new NotFoundException(path + " has no history in tenant " + t);
            }
            if (history.stream().noneMatch(h -> SecretView.isSecret(h.version().value()))) {
                throw new InvalidInputException(path + " holds configuration in tenant " + t + ", not a secret; see llmcm history");
            }
            Out.print(spec, json ? json(history) : text(history));
            return 0;
        }
    }

    /** {@code text key 2}, {@code token}, {@code config} for a configuration version, "" for a deletion. */
    private static String kind(EntryVersion v) {
        if (v.isDeleted()) {
            return "";
        }
        if (!SecretView.isSecret(v.value())) {
            return "config";
        }
        SecretEnvelope.Metadata m = SecretView.metadata(v.value());
        return SecretView.kind(v.value()) + (m == null ? "" : " key " + m.dekVersion());
    }

    private static String text(List<HistoryEntry> history) {
        Table table = new Table();
        for (HistoryEntry h : history) {
            EntryVersion v = h.version();
            table.row(
                    String.valueOf(v.revision()),
                    Times.seconds(h.commit().time()),
                    Text.oneLine(h.commit().author(), 40),
                    v.key().layer().toString(),
                    HistoryCommand.op(v),
                    kind(v),
                    Text.oneLine(h.commit().message(), 120));
        }
        return table.render();
    }

    private static String json(List<HistoryEntry> history) {
        ArrayNode out = Json.NODES.arrayNode();
        for (HistoryEntry h : history) {
            EntryVersion v = h.version();
            ObjectNode o = out.addObject()
                    .put("revision", v.revision())
                    .put("time", h.commit().time().toString())
                    .put("author", h.commit().author())
                    .put("env", v.key().layer().env())
                    .put("service", v.key().layer().service())
                    .put("op", HistoryCommand.op(v))
                    .put("message", h.commit().message());
            if (v.isDeleted()) {
                o.putNull("kind");
            } else if (!SecretView.isSecret(v.value())) {
                o.put("kind", "config");
            } else {
                SecretEnvelope.Metadata m = SecretView.metadata(v.value());
                o.put("kind", SecretView.kind(v.value()));
                if (m != null) {
                    o.put("key", m.dekVersion());
                    if (m.expires() == null) {
                        o.putNull("expires");
                    } else {
                        o.put("expires", m.expires().toString());
                    }
                }
            }
        }
        return Text.withNewline(Json.pretty(out));
    }
}
