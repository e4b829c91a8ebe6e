package io.llmcm.cli.command;

import io.llmcm.cli.CliException;
import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.remote.Answers;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.render.SecretView;
import io.llmcm.cli.render.Table;
import io.llmcm.cli.render.Text;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Resolved;
import io.llmcm.core.repo.Scope;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;

/** {@code llmcm list [PREFIX]}: the keys present in a scope, or a tenant's own entries. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "List the keys that have a value in a scope (sorted), or with --raw the tenant's own entries in every layer.",
            "Secrets show masked; 'llmcm secret list' lists only secrets, with their versions and expiry."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  llmcm list models --tenant acme --env prod --long",
            "  llmcm list --tenant acme --raw",
            "  llmcm list models --output json"
        })
public final class ListCommand implements Callable<Integer> {
    /** Values in --long lines are cut so that one entry stays one line. */
    static final int MAX_VALUE = 80;

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    LayerOptions layer;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "a namespace or key (default: everything)")
    String prefix = "";

    @Option(names = {"-l", "--long"}, description = "also show the revision of the newest contributing version and the value")
    boolean longForm;

    @Option(names = "--raw", description = "list the tenant's own entries with their layers instead of effective keys")
    boolean raw;

    @Option(names = "--at", paramLabel = "REV|TAG", description = "list as of a past revision or a tag of the tenant")
    String at;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json")
    String output = "text";

    @Override
    public Integer call() {
        boolean json = OutputChoice.jsonOrText(output);
        Scope scope = layer.scope(tenant.tenant());
        Remote remote = store.remote();
        if (remote != null) {
            if (raw) {
                throw new CliException(CliException.USAGE, "llmcm list --raw does not work with --server yet");
            }
            List<Resolved> values = Answers.resolved(remote.send(Remote.get(Remote.tenantPath(scope.tenant(), "config", null))
                    .query("prefix", prefix).query("env", scope.env()).query("service", scope.service()).query("at", at)).json());
            Out.print(spec, json ? effectiveJson(values) : effectiveText(values));
            return 0;
        }
        try (Repository repo = store.open()) {
            Long rev = at == null ? null : repo.revisionOf(scope.tenant(), at);
            if (raw) {
                List<EntryVersion> entries = rev == null ? repo.entries(scope.tenant(), prefix) : repo.entries(scope.tenant(), prefix, rev);
                Out.print(spec, json ? rawJson(entries) : rawText(entries));
            } else {
                List<Resolved> values = rev == null ? repo.list(scope, prefix) : repo.list(scope, prefix, rev);
                Out.print(spec, json ? effectiveJson(values) : effectiveText(values));
            }
            return 0;
        }
    }

    private String effectiveText(List<Resolved> values) {
        Table t = new Table();
        for (Resolved r : values) {
            if (longForm) {
                t.row(r.path(), String.valueOf(r.modRevision()), Text.oneLine(SecretView.shown(r.value(), r.modRevision()), MAX_VALUE));
            } else {
                t.row(r.path());
            }
        }
        return t.render();
    }

    private static String effectiveJson(List<Resolved> values) {
        ArrayNode out = Json.NODES.arrayNode();
        for (Resolved r : values) {
            out.addObject().put("path", r.path()).put("modRevision", r.modRevision()).set("value", SecretView.shown(r.value(), r.modRevision()).json());
        }
        return Text.withNewline(Json.pretty(out));
    }

    private String rawText(List<EntryVersion> entries) {
        Table t = new Table();
        for (EntryVersion v : entries) {
            String replace = v.replace() ? "replace" : "merge";
            if (longForm) {
                t.row(v.key().path(), v.key().layer().toString(), String.valueOf(v.revision()), replace, Text.oneLine(SecretView.shown(v.value(), v.revision()), MAX_VALUE));
            } else {
                t.row(v.key().path(), v.key().layer().toString());
            }
        }
        return t.render();
    }

    private static String rawJson(List<EntryVersion> entries) {
        ArrayNode out = Json.NODES.arrayNode();
        for (EntryVersion v : entries) {
            out.addObject()
                    .put("path", v.key().path())
                    .put("env", v.key().layer().env())
                    .put("service", v.key().layer().service())
                    .put("revision", v.revision())
                    .put("replace", v.replace())
                    .set("value", SecretView.shown(v.value(), v.revision()).json());
        }
        return Text.withNewline(Json.pretty(out));
    }
}
