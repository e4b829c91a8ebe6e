package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Names;
import io.llmcm.core.model.TenantState;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What {@code tenant suspend}, {@code archive} and {@code activate} share: commit one tenant's new
 * state, or say it is already there (and commit nothing).
 */
abstract class TenantStateChange implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    WriteOptions write;

    @Parameters(index = "0", paramLabel = "NAME", description = "the tenant")
    String name;

    /** The state the command moves the tenant to. */
    abstract TenantState target();

    /** The past tense for the confirmation line: "suspended", "archived", "activated". */
    abstract String done();

    @Override
    public Integer call() {
        String t = Names.tenant(name);
        Remote remote = store.remote();
        if (remote != null) {
            return remote(remote, t);
        }
        try (Repository repo = store.open()) {
            if (repo.tenantState(t) == target()) {
                Out.line(spec, "tenant " + t + " is already " + target().id());
                return 0;
            }
            CommitResult r = repo.setTenantState(t, target(), write.author(), write.message());
            Out.line(spec, done() + " tenant " + t + " at revision " + r.revision());
            return 0;
        }
    }

    /** As locally: a tenant already in that state is only reported; nothing is written. */
    private Integer remote(Remote remote, String t) {
        write.remoteWithoutMessage("set tenant " + t + " " + target().id());
        String path = Remote.tenantPath(t, "state", null);
        if (remote.send(Remote.get(path)).json().path("state").asString("").equals(target().id())) {
            Out.line(spec, "tenant " + t + " is already " + target().id());
            return 0;
        }
        long r = Remotes.revision(remote.send(Remote.put(path).json(Json.NODES.objectNode().put("state", target().id()))));
        Out.line(spec, done() + " tenant " + t + " at revision " + r);
        return 0;
    }
}
