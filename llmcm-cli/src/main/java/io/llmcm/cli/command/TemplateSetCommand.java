package io.llmcm.cli.command;

import io.llmcm.cli.Context;
import io.llmcm.cli.Inputs;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.llm.template.TemplateRef;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Value;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code llmcm template set NAME FILE}: stores a template at templates/NAME in the tenant's base layer. */
@Command(
        name = "set",
        mixinStandardHelpOptions = true,
        description = {
            "Store a template document at templates/NAME in the tenant's base layer (templates do not vary by environment).",
            "Its own history is the entry's: 'llmcm history templates/NAME'. Bind the built-in schema (config-template check) to have it validated."
        },
        footerHeading = "%nExample:%n",
        footer = "  llmcm template set team-chat team-chat.yaml --tenant acme")
public final class TemplateSetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    WriteOptions write;

    @Parameters(index = "0", paramLabel = "NAME", description = "the template's name (a key path below templates/)")
    String name;

    @Parameters(index = "1", paramLabel = "FILE", description = "the template document (json or yaml; - for standard input)")
    String file;

    @Override
    public Integer call() {
        TemplateRef ref = TemplateRef.parse(name);
        if (ref.builtin() || !ref.tenant().isEmpty()) {
            throw new io.llmcm.cli.CliException(io.llmcm.cli.CliException.USAGE,
                    "template set takes a plain NAME (stored in --tenant); builtin/ names are shipped, TENANT:NAME is for reading");
        }
        String arg = file.equals("-") || file.startsWith("@") ? file : "@" + file;
        Inputs.Source source = Inputs.source(arg, Context.of(spec));
        JsonNode doc = Inputs.formatOf(source, null).read(source.text());
        String t = tenant.tenant();
        long revision = SingleChange.commit(store, write, Remote.put(Remote.tenantPath(t, "config", ref.path())).json(doc),
                new Mutation.PutEntry(EntryKey.of(t, ref.path(), Layer.BASE), Value.of(doc), false));
        String version = doc.path("version").asString("?");
        Out.line(spec, "template " + name + " " + version + " set in tenant " + t + " at revision " + revision);
        return 0;
    }
}
