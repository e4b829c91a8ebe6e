package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.render.Text;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.json.Json;
import io.llmcm.core.repo.Repository;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
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
        ArrayNode events; // the fields of the server's audit items, in its order
        Remote remote = store.remote();
        if (remote != null) {
            events = remote(remote);
        } else {
            try (Repository repo = store.open()) {
                events = Json.NODES.arrayNode();
                for (AuditEvent e : repo.auditEvents(after, limit)) {
                    events.addObject()
                            .put("seq", e.seq())
                            .put("time", e.time().toString())
                            .put("actor", e.actor())
                            .put("action", e.action())
                            .put("tenant", e.tenant())
                            .put("target", e.target())
                            .put("outcome", e.outcome())
                            .put("detail", e.detail());
                }
            }
        }
        Listings.print(spec, events, json, e -> new String[] {e.path("seq").asString(""), Times.seconds(Instant.parse(e.path("time").asString())),
            Text.oneLine(e.path("actor").asString(""), 40), e.path("action").asString(""), e.path("outcome").asString(""),
            Text.oneLine(e.path("target").asString(""), 120), Text.oneLine(e.path("detail").asString(""), 120)});
        return 0;
    }

    /** The server answers at most {@value #SERVER_PAGE} events a request: page on until --limit or the end. */
    private ArrayNode remote(Remote remote) {
        ArrayNode events = Json.NODES.arrayNode();
        long cursor = after;
        while (events.size() < limit) {
            JsonNode page = remote.send(Remote.get("/v1/audit").query("after", cursor).query("limit", Math.min(limit - events.size(), SERVER_PAGE))).json();
            events.addAll(Listings.items(page));
            long next = page.path("next").asLong(cursor);
            if (!page.path("more").asBoolean(false) || next <= cursor) {
                break;
            }
            cursor = next;
        }
        return events;
    }

    /** The most events one answer of {@code GET /v1/audit} holds. */
    static final int SERVER_PAGE = 1000;
}
