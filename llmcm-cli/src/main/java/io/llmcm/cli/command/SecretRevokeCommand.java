package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.core.model.Lease;
import io.llmcm.core.repo.Repository;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code llmcm secret revoke LEASE}: ends an issued credential before it expires. */
@Command(
        name = "revoke",
        mixinStandardHelpOptions = true,
        description = "Revoke a credential issued by a dynamic secret, by its lease id (printed when it was issued; see llmcm secret leases). 'llmcm secret check' then reports it revoked.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm secret revoke lease-3f9a0c1e2b4d5a6f --tenant acme")
public final class SecretRevokeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Parameters(index = "0", paramLabel = "LEASE", description = "the lease id")
    String lease;

    @Override
    public Integer call() {
        store.localOnly("the server has no route for the leases of dynamic secrets");
        String t = tenant.tenant();
        try (Repository repo = store.open()) {
            Instant before = Instant.now();
            Lease l = repo.secrets().revoke(t, lease, store.caller());
            boolean already = l.revoked().isBefore(before.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            Out.line(spec, (already ? "lease " + l.id() + " was already revoked at " : "revoked lease " + l.id() + " at ")
                    + Times.seconds(l.revoked()) + " (" + l.key() + ")");
            return 0;
        }
    }
}
