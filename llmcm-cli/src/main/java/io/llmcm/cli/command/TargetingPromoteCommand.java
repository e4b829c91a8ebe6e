package io.llmcm.cli.command;

import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/** {@code llmcm targeting promote PATH --rule NAME}: a rule's variant becomes its layer's default, in one commit. */
@Command(
        name = "promote",
        mixinStandardHelpOptions = true,
        description = {
            "Make a targeting rule's variant the default of the layer given by --tenant, --env and --service: its set is merged into the layer's value and the rule is removed (the other rules stay), in one commit.",
            "The commit expects the layer's value as it was read (or --if-revision): a concurrent change makes it fail with a conflict, and nothing changes."
        },
        footerHeading = "%nExample:%n",
        footer = "  llmcm targeting promote models/chat --rule gpt41 -t acme -e prod -m 'ship'")
public final class TargetingPromoteCommand implements Callable<Integer> {
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

    @Option(names = "--rule", required = true, paramLabel = "NAME", description = "the rule to promote")
    String rule;

    @Option(names = "--if-revision", paramLabel = "REV", description = "promote only if the layer's value is at this revision")
    Long ifRevision;

    @Override
    public Integer call() {
        Names.path(path);
        EntryKey key = EntryKey.of(tenant.tenant(), path, layer.layer());
        long expected = ifRevision == null ? 0 : ifRevision;
        long revision;
        Remote remote = store.remote();
        if (remote != null) {
            write.remote();
            ObjectNode body = Json.NODES.objectNode().put("rule", rule);
            if (expected > 0) {
                body.put("revision", expected);
            }
            revision = Remotes.revision(remote.send(Remote.post(Remote.tenantPath(key.tenant(), "promote", path))
                    .query("env", key.layer().env()).query("service", key.layer().service()).json(body).message(write.message())));
        } else {
            try (Repository repo = store.open()) {
                CommitResult r = repo.promote(key, rule, expected, write.author(), write.message());
                revision = r.revision();
            }
        }
        Out.line(spec, "promoted rule " + rule + " of " + path + " in " + key.tenant() + ":" + key.layer() + " (revision " + revision + ")");
        return 0;
    }
}
