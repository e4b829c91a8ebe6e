package io.llmcm.cli.command;

import io.llmcm.cli.CliException;
import io.llmcm.cli.Context;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.render.Text;
import io.llmcm.core.repo.Repository;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llmcm prune}: drops history older than the retention window. */
@Command(
        name = "prune",
        mixinStandardHelpOptions = true,
        description = {
            "Remove versions superseded longer ago than the retention window.",
            "Current values and every version visible at a tagged revision are kept; reads --at an older untagged revision then fail."
        },
        footerHeading = "%nExample:%n",
        footer = "  llmcm prune --retention-days 30")
public final class PruneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--retention-days", paramLabel = "N", description = "keep this many days of history (default: $LLMCM_RETENTION_DAYS or 90)")
    Integer days;

    @Override
    public Integer call() {
        store.localOnly("the server has no route for it");
        int d = days != null ? days : parse(Context.of(spec).env("LLMCM_RETENTION_DAYS", "90"));
        if (d <= 0) {
            throw new CliException(CliException.USAGE, "retention must be at least 1 day, got " + d);
        }
        try (Repository repo = store.open()) {
            long removed = repo.prune(Duration.ofDays(d));
            Out.line(spec, "pruned " + Text.count(removed, "version") + " older than " + Text.count(d, "day"));
            return 0;
        }
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new CliException(CliException.USAGE, "LLMCM_RETENTION_DAYS is not a number of days");
        }
    }
}
