package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.json.Json;
import io.llmcm.cli.WriteOptions;
import io.llmcm.core.ConflictException;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.TenantIsolation;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code llmcm tenant create NAME}: adds a tenant below a parent, with an isolation (both fixed for good). */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = {"Create a tenant under a parent tenant. The parent and the isolation cannot be changed later.",
            "--isolation dedicated keeps the tenant's config values, sealed secrets, keyring and leases in storage of its own"
                    + " (a PostgreSQL schema, or a file under the store directory), dropped with the tenant; its catalog"
                    + " (roles, bindings, API keys, schemas, tags), the commit metadata and the audit trail stay shared."},
        footerHeading = "%nExamples:%n",
        footer = {"  llmcm tenant create acme-eu --parent acme", "  llmcm tenant create bank --isolation dedicated"})
public final class TenantCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    WriteOptions write;

    @Parameters(index = "0", paramLabel = "NAME", description = "tenant name (lower-case letters, digits, -)")
    String name;

    @Option(names = "--parent", paramLabel = "TENANT", description = "parent tenant (default: ${DEFAULT-VALUE})")
    String parent = Tenant.GLOBAL;

    @Option(names = "--isolation", paramLabel = "MODE",
            description = "shared (the default: the store's shared tables) or dedicated (storage of its own)")
    String isolation = TenantIsolation.SHARED.id();

    @Override
    public Integer call() {
        if (name.equals(Tenant.GLOBAL)) { // the record refuses a parent for the root before the planner can say why
            throw new ConflictException("tenant 'global' already exists (it is the root)");
        }
        TenantIsolation mode;
        try {
            mode = TenantIsolation.parse(isolation);
        } catch (io.llmcm.core.InvalidInputException e) {
            throw new io.llmcm.core.InvalidInputException("--isolation is '" + isolation + "'; allowed values: shared, dedicated");
        }
        Tenant tenant = new Tenant(name, parent, mode);
        String made = "created tenant " + name + " (parent " + parent + (tenant.dedicated() ? ", isolation dedicated" : "") + ")";
        Remote remote = store.remote();
        if (remote != null) {
            write.remoteWithoutMessage("create tenant " + name);
            long r = Remotes.revision(remote.send(Remote.post("/v1/tenants")
                    .json(Json.NODES.objectNode().put("name", tenant.name()).put("parent", tenant.parent())
                            .put("isolation", tenant.isolation().id()))));
            Out.line(spec, made + " at revision " + r);
            return 0;
        }
        try (Repository repo = store.open()) {
            CommitResult r = repo.commit(write.request().add(new Mutation.PutTenant(tenant)).build());
            Out.line(spec, made + " at revision " + r.revision());
            return 0;
        }
    }
}
