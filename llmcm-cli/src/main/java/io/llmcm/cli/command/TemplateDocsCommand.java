package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.llm.template.Instantiator;
import io.llmcm.core.llm.template.TemplateDocs;
import io.llmcm.core.repo.Repository;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code llmcm template docs NAME}: Markdown documentation generated from a template. */
@Command(
        name = "docs",
        mixinStandardHelpOptions = true,
        description = "Print Markdown documentation of a template: description, version, extends chain, a table of its variables and the entries it produces.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm template docs builtin/gateway-fallbacks > gateway.md")
public final class TemplateDocsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Parameters(index = "0", paramLabel = "NAME", description = "NAME, TENANT:NAME or builtin/NAME")
    String name;

    @Override
    public Integer call() {
        Remote remote = store.remote();
        String md;
        if (remote != null) {
            String encoded = String.join("/", java.util.Arrays.stream(name.split("/"))
                    .map(s -> java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20")).toList());
            md = new String(remote.send(Remote.get("/v1/templates/" + encoded + "/docs").query("tenant", tenant.tenant())).body(), StandardCharsets.UTF_8);
        } else {
            try (Repository repo = store.open()) {
                md = TemplateDocs.markdown(new Instantiator(repo).resolve(name, tenant.tenant()));
            }
        }
        Out.print(spec, md.endsWith("\n") ? md : md + "\n");
        return 0;
    }
}
