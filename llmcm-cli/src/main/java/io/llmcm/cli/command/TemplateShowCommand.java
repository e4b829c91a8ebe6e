package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.render.Formats;
import io.llmcm.cli.render.ValueView;
import io.llmcm.core.format.Format;
import io.llmcm.core.llm.template.Instantiator;
import io.llmcm.core.repo.Repository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code llmcm template show NAME}: a template's own document. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Print a template's own document (what it extends is not merged in; 'llmcm template docs' shows the merged result).",
        footerHeading = "%nExamples:%n",
        footer = {"  llmcm template show builtin/rag-pipeline", "  llmcm template show team-chat --tenant acme --output json"})
public final class TemplateShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Parameters(index = "0", paramLabel = "NAME", description = "NAME, TENANT:NAME or builtin/NAME")
    String name;

    @Option(names = "--output", paramLabel = "FORMAT", description = "yaml (default) or json")
    String output;

    @Override
    public Integer call() {
        Format format = output == null ? Format.YAML : Formats.named(output);
        Remote remote = store.remote();
        JsonNode doc;
        if (remote != null) {
            doc = TemplateNames.remoteDocument(remote, name, tenant.tenant());
        } else {
            try (Repository repo = store.open()) {
                doc = new Instantiator(repo).find(name, tenant.tenant()).document();
            }
        }
        Out.print(spec, ValueView.render(doc, format));
        return 0;
    }
}
