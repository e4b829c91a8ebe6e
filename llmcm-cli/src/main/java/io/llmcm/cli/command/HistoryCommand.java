package io.llmcm.cli.command;

import io.llmcm.cli.CliException;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.remote.Answers;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.render.SecretView;
import io.llmcm.cli.render.Table;
import io.llmcm.cli.render.Text;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.store.HistoryEntry;
import java.time.temporal.ChronoUnit;
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

/** {@code llmcm history PATH}: every version of a key in a tenant, newest first. */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = {
            "Show the versions of a key in a tenant, every layer, newest first: revision, time (UTC), author, layer, operation, message.",
            "--output json adds each version's value; a secret's shows masked."
        },
        footerHeading = "%nExample:%n",
        footer = "  llmcm history models/openai/gpt-4o --tenant acme --limit 10")
public final class HistoryCommand implements Callable<Integer> {
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
            print(t, json, Answers.history(t, path, remote.send(Remote.get(Remote.tenantPath(t, "history", path))
                    .query("limit", Math.min(limit, Remotes.HISTORY_LIMIT))).json()));
            return 0;
        }
        try (Repository repo = store.open()) {
            print(t, json, repo.history(t, path, limit));
            return 0;
        }
    }

    private void print(String t, boolean json, List<HistoryEntry> history) {
        if (history.isEmpty()) {
            throw new NotFoundException(path + " has no history in tenant " + t);
        }
        Out.print(spec, json ? json(history) : text(history));
    }

    static String op(EntryVersion v) {
        return v.isDeleted() ? "delete" : v.replace() ? "replace" : "put";
    }

    private static String text(List<HistoryEntry> history) {
        Table table = new Table();
        for (HistoryEntry h : history) {
            EntryVersion v = h.version();
            table.row(
                    String.valueOf(v.revision()),
                    h.commit().time().truncatedTo(ChronoUnit.SECONDS).toString(),
                    Text.oneLine(h.commit().author(), 40),
                    v.key().layer().toString(),
                    op(v),
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
                    .put("op", op(v))
                    .put("message", h.commit().message());
            o.set("value", v.isDeleted() ? Json.NODES.nullNode() : SecretView.shown(v.value(), v.revision()).json());
        }
        return Text.withNewline(Json.pretty(out));
    }
}
