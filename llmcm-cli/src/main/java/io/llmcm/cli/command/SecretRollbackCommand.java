package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.render.SecretView;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.NotFoundException;
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
            if (versions.isEmpty()) {
                throw new NotFoundException(path + " is not set in tenant " + t + ", now or at revision " + target);
            }
            if (versions.stream().noneMatch(v -> SecretView.isSecret(v.value()))) {
                throw new InvalidInputException(path + " holds configuration in tenant " + t + ", not a secret; see llmcm rollback");
            }
            repo.secrets().checkMasterKey(); // restored secrets are checked against their addresses
            CommitResult r = repo.rollback(t, path, target, write.author(), write.message());
            Out.line(spec, r.changed()
                    ? "rolled back secret " + path + " in tenant " + t + " to revision " + target + " at revision " + r.revision()
                    : "nothing to roll back: secret " + path + " in tenant " + t + " already matches revision " + target);
            return 0;
        }
    }
}
