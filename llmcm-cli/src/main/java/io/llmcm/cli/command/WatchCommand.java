package io.llmcm.cli.command;

import io.llmcm.cli.CliException;
import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.client.EventStreamParser;
import io.llmcm.core.LlmcmException;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code llmcm watch [PREFIX]}: follows the server's watch stream ({@code GET /v1/watch}) and prints
 * one line per changed path as each commit happens; resumes from the last revision seen when the
 * stream drops.
 */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = {
            "Print every change of the effective configuration under PREFIX as it happens, one line per path:"
                    + " 'revision 57  models/chat = {\"model\":\"gpt-4o\"}' or 'revision 58  models/old deleted'"
                    + " (--output json: one JSON object per line). Secrets show masked.",
            "Works against a server only (--server, LLMCM_SERVER or llmcm login). A dropped stream is resumed from the last revision"
                    + " seen, so no change is missed or printed twice. Ends with Ctrl-C, or after --count commits."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  llmcm watch models -t acme -e prod",
            "  llmcm watch -t acme -e prod --from-revision 41 --output json",
            "  llmcm watch models/chat -t acme -e prod --count 1   # wait for the next change"
        })
public final class WatchCommand implements Callable<Integer> {
    private static final long BACKOFF_MAX_MS = 30_000;

    enum Output { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    LayerOptions layer;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "only paths under this prefix (default: every path)")
    String prefix = "";

    @Option(names = "--from-revision", paramLabel = "R", description = "print the changes after revision R first (default: from now)")
    Long fromRevision;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "text (default) or json (one object per line)")
    Output output = Output.text;

    @Option(names = "--count", paramLabel = "N", description = "exit after N commits that changed something (default: never)")
    Integer count;

    @Override
    public Integer call() throws InterruptedException {
        Remote remote = store.requireRemote("follows a server");
        if (count != null && count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1");
        }
        if (fromRevision != null && fromRevision < 0) {
            throw new ParameterException(spec.commandLine(), "--from-revision must be 0 or more");
        }
        String p;
        try {
            p = Names.prefix(prefix);
        } catch (LlmcmException e) {
            throw new ParameterException(spec.commandLine(), "PREFIX: " + e.getMessage());
        }
        Scope scope = layer.scope(tenant.tenant());
        long last = fromRevision == null ? -1 : fromRevision;
        int printed = 0;
        int failures = 0;
        boolean connected = false;
        while (true) {
            Remote.Call call = Remote.get("/v1/watch")
                    .query("tenant", scope.tenant())
                    .query("env", scope.env())
                    .query("service", scope.service())
                    .query("prefix", p)
                    .header("Last-Event-ID", last < 0 ? null : Long.toString(last));
            InputStream in;
            try {
                in = remote.stream(call);
            } catch (CliException e) {
                if (!connected || e.exitCode() != CliException.ERROR) {
                    throw e; // never reached it, or it refused: say so
                }
                failures++;
                err("llmcm: " + e.getMessage() + "; retrying");
                backoff(failures);
                continue;
            }
            connected = true;
            java.util.ArrayDeque<EventStreamParser.Event> events = new java.util.ArrayDeque<>();
            EventStreamParser parser = new EventStreamParser(events::add, retry -> { });
            byte[] buf = new byte[8192];
            try (in) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    parser.feed(buf, 0, n);
                    for (EventStreamParser.Event e = events.poll(); e != null; e = events.poll()) {
                        JsonNode data = Json.parse(e.data());
                        switch (e.type()) {
                            case "ready" -> {
                                failures = 0;
                                last = data.path("revision").asLong(last);
                                err("watching " + scope + (p.isEmpty() ? "" : " " + p) + " from revision " + last);
                            }
                            case "change" -> {
                                last = data.path("revision").asLong(last);
                                print(data);
                                if (count != null && ++printed >= count) {
                                    return 0;
                                }
                            }
                            case "heartbeat" -> last = data.path("revision").asLong(last);
                            case "compacted" -> throw new CliException(CliException.NOT_FOUND, "the server no longer has the changes after revision " + last
                                    + " (" + data.path("detail").asString("compacted") + "); watch again without --from-revision");
                            default -> { }
                        }
                    }
                }
            } catch (IOException | LlmcmException e) {
                // the stream broke: resumed below
            }
            failures++;
            err("llmcm: the watch stream ended; resuming after revision " + last);
            backoff(failures);
        }
    }

    private void print(JsonNode change) {
        long revision = change.path("revision").asLong();
        for (JsonNode c : change.path("changes")) {
            String path = c.path("path").asString("");
            if (output == Output.json) {
                ObjectNode o = Json.NODES.objectNode();
                o.put("revision", revision);
                if (change.has("time")) {
                    o.set("time", change.get("time"));
                }
                o.setAll((ObjectNode) c);
                Out.line(spec, Json.compact(o));
            } else if (c.path("deleted").asBoolean(false)) {
                Out.line(spec, "revision " + revision + "  " + path + " deleted");
            } else {
                Out.line(spec, "revision " + revision + "  " + path + " = " + Json.compact(c.path("value")));
            }
        }
    }

    private void err(String line) {
        spec.commandLine().getErr().println(line);
        spec.commandLine().getErr().flush();
    }

    private static void backoff(int failures) throws InterruptedException {
        long d = Math.min(BACKOFF_MAX_MS, 250L << Math.min(failures, 10));
        Thread.sleep(d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1));
    }
}
