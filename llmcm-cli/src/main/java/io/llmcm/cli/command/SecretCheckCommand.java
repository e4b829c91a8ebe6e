package io.llmcm.cli.command;

import io.llmcm.cli.CliException;
import io.llmcm.cli.Context;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.render.Text;
import io.llmcm.core.ErrorKind;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Lease;
import io.llmcm.core.repo.LeaseCheck;
import io.llmcm.core.repo.Repository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/** {@code llmcm secret check}: is a credential (read from stdin) one this store issued, and still valid? */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Check a credential issued by a dynamic secret, read from standard input (never from an argument, which would show in the process list).",
            "Prints valid, expired or revoked with its lease. Exit code 0 when valid, 3 when expired or revoked, 3 (with an error) when this store did not issue it."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  llmcm secret check < token.txt", "  printf %%s \"$TOKEN\" | llmcm secret check --output json"})
public final class SecretCheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json")
    String output = "text";

    @Override
    public Integer call() {
        store.localOnly("the server has no route for the leases of dynamic secrets");
        boolean json = OutputChoice.jsonOrText(output);
        String credential = read(Context.of(spec));
        try (Repository repo = store.open()) {
            LeaseCheck check = repo.secrets().check(credential)
                    .orElseThrow(() -> new NotFoundException("this credential was not issued by this store"));
            Lease l = check.lease();
            String status = check.status().name().toLowerCase(Locale.ROOT);
            if (json) {
                ObjectNode o = Json.NODES.objectNode()
                        .put("status", status)
                        .put("lease", l.id())
                        .put("secret", l.key().toString())
                        .put("issued", l.issued().toString())
                        .put("expires", l.expires().toString());
                if (l.revoked() == null) {
                    o.putNull("revoked");
                } else {
                    o.put("revoked", l.revoked().toString());
                }
                Out.print(spec, Text.withNewline(Json.pretty(o)));
            } else {
                String when = switch (check.status()) {
                    case VALID -> "until " + Times.seconds(l.expires());
                    case EXPIRED -> "at " + Times.seconds(l.expires());
                    case REVOKED -> "at " + Times.seconds(l.revoked());
                };
                Out.line(spec, status + " " + when + ": lease " + l.id() + " of " + l.key());
            }
            return check.status() == LeaseCheck.Status.VALID ? 0 : ErrorKind.EXPIRED.exitCode();
        }
    }

    /** The credential: standard input without surrounding whitespace (a trailing newline, say). */
    private static String read(Context context) {
        String s;
        try {
            s = new String(context.stdin().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new CliException(CliException.ERROR, "cannot read standard input (" + e.getClass().getSimpleName() + ")");
        }
        if (s.isEmpty()) {
            throw new CliException(CliException.USAGE, "give the credential on standard input, e.g. llmcm secret check < token.txt");
        }
        return s;
    }
}
