package io.llmcm.cli.command;

import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.render.SecretView;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code llmcm secret delete PATH}: removes a secret from one layer; its history stays. */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = {
            "Delete a secret from one layer (the tenant's --env and --service). History keeps its sealed versions, so it can be rolled back;",
            "to make a tenant's secrets unrecoverable, delete the tenant (llmcm tenant delete), which destroys its keys."
        },
        footerHeading = "%nExample:%n",
        footer = "  llmcm secret delete providers/openai/api-key -t acme -e prod --if-revision 12")
public final class SecretDeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    LayerOptions layer;

    @Mixin
    WriteOptions write;

    @Parameters(index = "0", paramLabel = "PATH", description = "the secret's key path")
    String path;

    @Option(names = "--if-revision", paramLabel = "REV", description = "delete only if the entry is at this revision")
    Long ifRevision;

    @Override
    public Integer call() {
        EntryKey key = EntryKey.of(tenant.tenant(), Names.path(path), layer.layer());
        Remote remote = store.remote();
        if (remote != null) {
            write.remote();
            Remotes.expect(remote, key, ifRevision);
            long r = Remotes.revision(remote.send(Remote.delete(Remote.tenantPath(key.tenant(), "secrets", key.path()))
                    .query("env", key.layer().env()).query("service", key.layer().service())
                    .message(write.message()).ifRevision(ifRevision)));
            Out.line(spec, "deleted secret " + key + " at revision " + r);
            return 0;
        }
        ChangeRequest.Builder request = write.request().delete(key);
        if (ifRevision != null) {
            request.expect(key, ifRevision);
        }
        try (Repository repo = store.open()) {
            Optional<EntryVersion> head = repo.raw(key);
            if (head.isEmpty() || head.get().isDeleted()) {
                throw new NotFoundException(path + " is not set in layer " + key.tenant() + ":" + key.layer());
            }
            if (!SecretView.isSecret(head.get().value())) {
                throw new InvalidInputException(path + " in layer " + key.tenant() + ":" + key.layer() + " is configuration, not a secret; see llmcm delete");
            }
            CommitResult r = repo.commit(request.build());
            Out.line(spec, "deleted secret " + key + " at revision " + r.revision());
            return 0;
        }
    }
}
