package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.render.Table;
import io.llmcm.cli.render.Text;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.json.Json;
import io.llmcm.core.repo.Repository;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;

/** {@code llmcm audit list}: audit events, oldest first. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List audit events after a position, oldest first: position, time (UTC), actor, action, outcome, target, detail. Pass the last position seen as --after to page on.",
        footerHeading = "%nExamples:%n",
        footer = {"  llmcm audit list --limit 20", "  llmcm audit list --after 120 --output json"})
public final class AuditListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--after", paramLabel = "N", description = "only events after this position (default: ${DEFAULT-VALUE}, from the start)")
    long after = 0;

    @Option(names = "--limit", paramLabel = "N", description = "at most N events (default: ${DEFAULT-VALUE})")
    int limit = 100;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json")
    String output = "text";

    @Override
    public Integer call() {
        boolean json = OutputChoice.jsonOrText(output);
        if (limit <= 0 || after < 0) {
            throw new InvalidInputException(limit <= 0 ? "limit must be positive, got " + limit : "--after must be 0 or more, got " + after);
        }
        try (Repository repo = store.open()) {
            List<AuditEvent> events = repo.auditEvents(after, limit);
            if (json) {
                ArrayNode out = Json.NODES.arrayNode();
                for (AuditEvent e : events) {
                    out.addObject()
                            .put("seq", e.seq())
                            .put("time", e.time().toString())
                            .put("actor", e.actor())
                            .put("action", e.action())
                            .put("tenant", e.tenant())
                            .put("target", e.target())
                            .put("outcome", e.outcome())
                            .put("detail", e.detail());
                }
                Out.print(spec, Text.withNewline(Json.pretty(out)));
            } else {
                Table t = new Table();
                for (AuditEvent e : events) {
                    t.row(String.valueOf(e.seq()), Times.seconds(e.time()), Text.oneLine(e.actor(), 40), e.action(), e.outcome(),
                            Text.oneLine(e.target(), 120), Text.oneLine(e.detail(), 120));
                }
                Out.print(spec, t.render());
            }
            return 0;
        }
    }
}
