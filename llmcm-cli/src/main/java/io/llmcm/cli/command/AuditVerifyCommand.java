package io.llmcm.cli.command;

import io.llmcm.cli.CliException;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.remote.Answers;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.audit.AuditVerification;
import io.llmcm.core.repo.Repository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code llmcm audit verify}: is the audit trail as it was written? */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Check the whole audit trail: every event's number, the hash chain through all of them, and each event's MAC under the store's audit key (the master key is needed for that).",
            "Any edited, deleted or reordered event is reported with where the trail first breaks (exit code 1). Note the last hash it prints somewhere else: deleting the newest events can only be detected against it."
        },
        footerHeading = "%nExample:%n",
        footer = "  llmcm audit verify")
public final class AuditVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        AuditVerification v;
        Remote remote = store.remote();
        if (remote != null) { // the server checks its own trail, MACs included, under its master key
            v = Answers.auditVerification(remote.send(Remote.get("/v1/audit/verify")).json());
        } else {
            try (Repository repo = store.open()) {
                v = repo.verifyAudit();
            }
        }
        if (!v.ok()) {
            throw new CliException(CliException.ERROR, "the audit trail is broken at event " + v.firstBad() + ": " + v.problem());
        }
        Out.line(spec, "audit trail intact: " + v.events() + " events, last hash " + v.lastHash()
                + (v.unkeyed() == 0 ? "" : " (" + v.unkeyed() + " written while no master key was open carry no MAC)"));
        return 0;
    }
}
