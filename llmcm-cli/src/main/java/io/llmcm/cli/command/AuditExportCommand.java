package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.audit.CloudEvents;
import io.llmcm.core.repo.Repository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llmcm audit export}: the trail as CloudEvents JSON lines. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Write the audit trail as CloudEvents 1.0 JSON, one event per line, each with its chain hash and MAC, for log pipelines and event buses.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm audit export --after 1000 -o audit.jsonl")
public final class AuditExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--after", paramLabel = "N", description = "only events after this position (default: ${DEFAULT-VALUE})")
    long after = 0;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "write to FILE instead of standard output")
    Path out;

    @Override
    public Integer call() {
        String lines; // CloudEvents JSON, one event a line
        Remote remote = store.remote();
        if (remote != null) {
            lines = new String(remote.send(Remote.get("/v1/audit/export").query("after", after)).body(), StandardCharsets.UTF_8);
        } else {
            try (Repository repo = store.open()) {
                StringBuilder sb = new StringBuilder();
                for (AuditEvent e : repo.auditTrail()) {
                    if (e.seq() > after) {
                        sb.append(CloudEvents.line(e)).append('\n');
                    }
                }
                lines = sb.toString();
            }
        }
        if (out == null) {
            Out.print(spec, lines);
        } else {
            Out.writeFile(out, lines.getBytes(StandardCharsets.UTF_8));
            spec.commandLine().getErr().println("exported " + lines.chars().filter(c -> c == '\n').count() + " audit events to " + out);
        }
        return 0;
    }
}
