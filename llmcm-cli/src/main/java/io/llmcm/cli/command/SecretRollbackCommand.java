package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.remote.Answers;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.render.SecretView;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code llmcm secret rollback PATH --to REV}: restores a secret's versions as a new commit. */
@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        description = {
            "Set a secret back, in every layer of the tenant, to what it was at a revision or tag, as one new commit.",
            "Layers that had no version then are deleted; history keeps every version. The restored values are the sealed ones: nothing is decrypted."
        },
        footerHeading = "%nExample:%n",
        footer = "  llmcm secret rollback providers/openai/api-key --to 12 --tenant acme")
public final class SecretRollbackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    WriteOptions write;

    @Parameters(index = "0", paramLabel = "PATH", description = "the secret's key path")
    String path;

    @Option(names = "--to", required = true, paramLabel = "REV|TAG", description = "the revision or tag to go back to")
    String to;

    @Override
    public Integer call() {
        String t = tenant.tenant();
        Names.path(path);
        Remote remote = store.remote();
        if (remote != null) {
            write.remote();
            long target = Remotes.revisionOf(remote, t, to, path);
            // the server's rollback takes any prefix: the history shows first that this is a secret
            List<SecretVersions.Row> history = SecretVersions.remote(remote, t, path, Remotes.HISTORY_LIMIT);
            check(t, target, SecretVersions.secrets(SecretVersions.liveNowOrAt(history, target)));
            JsonNode r = Remotes.rollback(remote, t, path, target, write);
            print(t, target, r.path("changed").asBoolean(true), Answers.revision(r));
            return 0;
        }
        try (Repository repo = store.open()) {
            long target = repo.revisionOf(t, to);
            List<EntryVersion> versions = new ArrayList<>();
            for (EntryVersion v : repo.entries(t, path)) {
                versions.add(v);
            }
            for (EntryVersion v : repo.entries(t, path, target)) {
                versions.add(v);
            }
            versions.removeIf(v -> !v.key().path().equals(path));
            check(t, target, versions.stream().map(v -> SecretView.isSecret(v.value())).toList());
            repo.secrets().checkMasterKey(); // restored secrets are checked against their addresses
            CommitResult r = repo.rollback(t, path, target, write.author(), write.message());
            print(t, target, r.changed(), r.revision());
            return 0;
        }
    }

    private void check(String t, long target, List<Boolean> secret) {
        SecretVersions.requireSecret(secret, t, path, path + " is not set in tenant " + t + ", now or at revision " + target, "rollback");
    }

    private void print(String t, long target, boolean changed, long revision) {
        Out.line(spec, changed
                ? "rolled back secret " + path + " in tenant " + t + " to revision " + target + " at revision " + revision
                : "nothing to roll back: secret " + path + " in tenant " + t + " already matches revision " + target);
    }
}
