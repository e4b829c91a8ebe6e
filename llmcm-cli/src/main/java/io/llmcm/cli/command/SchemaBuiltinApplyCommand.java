package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.json.Json;
import io.llmcm.core.llm.BuiltinSchemas;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.repo.Repository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/** {@code llmcm schema builtin apply NAME}: stores a built-in schema as the tenant's binding NAME. */
@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        description = {
            "Attach a built-in schema to the tenant as the schema binding of the same name, at its default pattern"
                    + " or at NAMESPACE/** with --namespace; it replaces a binding of that name.",
            "Every existing value it covers is checked first: the binding is refused when one of them breaks it."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  llmcm schema builtin apply openai --tenant acme", "  llmcm schema builtin apply openai-compatible --namespace deployments/local"})
public final class SchemaBuiltinApplyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    WriteOptions write;

    @Parameters(index = "0", paramLabel = "NAME", description = "the built-in schema (see llmcm schema builtin list)")
    String name;

    @Option(names = "--namespace", paramLabel = "PREFIX", description = "apply to PREFIX/** instead of the default pattern")
    String namespace;

    @Override
    public Integer call() {
        String t = tenant.tenant();
        SchemaBinding binding = BuiltinSchemas.binding(t, name, namespace); // unknown names and bad namespaces fail here, in both forms
        long revision;
        Remote remote = store.remote();
        if (remote != null) {
            write.remote();
            ObjectNode body = Json.NODES.objectNode().put("tenant", t);
            if (namespace != null && !namespace.isBlank()) {
                body.put("namespace", namespace);
            }
            if (write.hasMessage()) {
                body.put("message", write.message());
            }
            revision = Remotes.revision(remote.send(Remote.post("/v1/builtin-schemas/" + name + "/apply").json(body)));
        } else {
            try (Repository repo = store.open()) {
                String message = write.hasMessage() ? write.message() : "apply built-in schema " + name;
                revision = repo.commit(write.request().message(message).add(new Mutation.PutSchema(binding)).build()).revision();
            }
        }
        Out.line(spec, "schema " + name + " (" + binding.pattern() + ") applied in tenant " + t + " at revision " + revision);
        return 0;
    }
}
