package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
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
        try (Repository repo = store.open()) {
            StringBuilder sb = new StringBuilder();
            int n = 0;
            for (AuditEvent e : repo.auditTrail()) {
                if (e.seq() > after) {
                    sb.append(CloudEvents.line(e)).append('\n');
                    n++;
                }
            }
            if (out == null) {
                Out.print(spec, sb.toString());
            } else {
                Out.writeFile(out, sb.toString().getBytes(StandardCharsets.UTF_8));
                spec.commandLine().getErr().println("exported " + n + " audit events to " + out);
            }
            return 0;
        }
    }
}
