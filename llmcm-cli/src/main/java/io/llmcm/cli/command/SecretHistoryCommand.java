package io.llmcm.cli.command;

import io.llmcm.cli.CliException;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.render.Table;
import io.llmcm.cli.render.Text;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.Repository;
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
        Names.path(path);
        if (limit < 1) {
            throw new CliException(CliException.USAGE, "--limit must be 1 or more, got " + limit);
        }
        Remote remote = store.remote();
        if (remote != null) {
            print(t, json, SecretVersions.remote(remote, t, path, Math.min(limit, Remotes.HISTORY_LIMIT)));
            return 0;
        }
        try (Repository repo = store.open()) {
            print(t, json, SecretVersions.of(repo.history(t, path, limit)));
            return 0;
        }
    }

    private void print(String t, boolean json, List<SecretVersions.Row> history) {
        SecretVersions.requireSecret(SecretVersions.secrets(history), t, path, path + " has no history in tenant " + t, "history");
        Out.print(spec, json ? json(history) : text(history));
    }

    /** {@code text key 2}, {@code token}, {@code config} for a configuration version, "" for a deletion. */
    private static String kind(SecretVersions.Row r) {
        return r.kind() == null ? "" : r.kind() + (r.key() == null ? "" : " key " + r.key());
    }

    private static String text(List<SecretVersions.Row> history) {
        Table table = new Table();
        for (SecretVersions.Row r : history) {
            table.row(
                    String.valueOf(r.revision()),
                    Times.seconds(r.time()),
                    Text.oneLine(r.author(), 40),
                    r.layer().toString(),
                    r.op(),
                    kind(r),
                    Text.oneLine(r.message(), 120));
        }
        return table.render();
    }

    private static String json(List<SecretVersions.Row> history) {
        ArrayNode out = Json.NODES.arrayNode();
        for (SecretVersions.Row r : history) {
            ObjectNode o = out.addObject()
                    .put("revision", r.revision())
                    .put("time", r.time().toString())
                    .put("author", r.author())
                    .put("env", r.layer().env())
                    .put("service", r.layer().service())
                    .put("op", r.op())
                    .put("message", r.message());
            o.put("kind", r.kind()); // null for a deletion
            if (r.key() != null) {
                o.put("key", r.key());
                o.put("expires", r.expires() == null ? null : r.expires().toString());
            }
        }
        return Text.withNewline(Json.pretty(out));
    }
}
