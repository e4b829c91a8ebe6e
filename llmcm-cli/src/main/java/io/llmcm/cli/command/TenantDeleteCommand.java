package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.WriteOptions;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.Repository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code llmcm tenant delete NAME}: deletes a tenant and destroys its keys. */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = {
            "Delete a tenant and destroy its data keys (crypto-shredding): its secrets can no longer be decrypted, from this store or any copy of it. This cannot be undone.",
            "Copies of the store taken before still hold the tenant's keys wrapped by the master key: with a master key file, the master key is rotated at once and its old version destroyed; with a key from the environment or a passphrase, rotate it yourself (the command says so)."
        },
        footerHeading = "%nExample:%n",
        footer = "  llmcm tenant delete acme -m 'customer left'")
public final class TenantDeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    WriteOptions write;

    @Parameters(index = "0", paramLabel = "NAME", description = "the tenant")
    String name;

    @Override
    public Integer call() {
        String t = Names.tenant(name);
        Remote remote = store.remote();
        if (remote != null) {
            write.remote();
            long r = Remotes.revision(remote.send(Remote.delete(Remote.tenantPath(t, null, null)).message(write.message())));
            Out.line(spec, "deleted tenant " + t + " and destroyed its keys (revision " + r + ")");
            return 0;
        }
        try (Repository repo = store.open()) {
            if (repo.secrets().hasMasterKey()) {
                // opens the master key first: a missing or wrong key fails before the tenant is gone
                repo.secrets().checkMasterKey();
            }
            String note = repo.secrets().deleteTenant(t, write.author(), write.message());
            Out.line(spec, "deleted tenant " + t + " and destroyed its keys (revision " + repo.revision() + ")");
            if (!note.isEmpty()) {
                Out.line(spec, note);
            }
            return 0;
        }
    }
}
