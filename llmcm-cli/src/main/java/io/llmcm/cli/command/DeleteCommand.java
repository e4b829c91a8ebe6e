package io.llmcm.cli.command;

import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code llmcm delete PATH}: removes one layer's value; its history stays. */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = "Delete a key from one layer (the tenant's --env and --service). Other layers keep theirs; history keeps every version.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm delete models/openai/gpt-4o --tenant acme --env prod --if-revision 42")
public final class DeleteCommand implements Callable<Integer> {
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

    @Parameters(index = "0", paramLabel = "PATH", description = "key path")
    String path;

    @Option(names = "--if-revision", paramLabel = "REV", description = "delete only if the entry is at this revision")
    Long ifRevision;

    @Override
    public Integer call() {
        EntryKey key = EntryKey.of(tenant.tenant(), path, layer.layer());
        Remote remote = store.remote();
        if (remote != null) {
            write.remote();
            Remotes.expect(remote, key, ifRevision);
            long r = Remotes.revision(remote.send(Remote.delete(Remote.tenantPath(key.tenant(), "config", key.path()))
                    .query("env", key.layer().env()).query("service", key.layer().service())
                    .message(write.message()).ifRevision(ifRevision)));
            Out.line(spec, "deleted " + key + " at revision " + r);
            return 0;
        }
        ChangeRequest.Builder request = write.request().delete(key);
        if (ifRevision != null) {
            request.expect(key, ifRevision);
        }
        try (Repository repo = store.open()) {
            if (repo.raw(key).isEmpty()) {
                throw new NotFoundException(path + " is not set in layer " + key.tenant() + ":" + key.layer());
            }
            CommitResult r = repo.commit(request.build());
            Out.line(spec, "deleted " + key + " at revision " + r.revision());
            return 0;
        }
    }
}
