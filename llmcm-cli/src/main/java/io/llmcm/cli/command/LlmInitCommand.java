package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.json.Json;
import io.llmcm.core.llm.BuiltinSchemas;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/** {@code llmcm llm init}: every built-in schema at its default pattern, in one commit. */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = {
            "Attach every built-in schema to the tenant at its default pattern, in one commit (llmcm schema builtin list"
                    + " shows them: models/openai/**, models/anthropic/**, ..., models/local/** for OpenAI-compatible servers,"
                    + " llm/catalog).",
            "Existing values under those patterns are checked first; nothing is stored when one breaks a schema."
        },
        footerHeading = "%nExample:%n",
        footer = "  llmcm llm init --tenant acme -m 'validate LLM deployments'")
public final class LlmInitCommand implements Callable<Integer> {
    static final String MESSAGE = "llm init: apply the built-in schemas";

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    WriteOptions write;

    @Override
    public Integer call() {
        String t = tenant.tenant();
        String message = write.hasMessage() ? write.message() : MESSAGE;
        long revision;
        Remote remote = store.remote();
        if (remote != null) {
            write.remote();
            ObjectNode body = Json.NODES.objectNode().put("tenant", t).put("message", message);
            revision = Remotes.revision(remote.send(Remote.post("/v1/llm/init").json(body)));
        } else {
            try (Repository repo = store.open()) {
                ChangeRequest.Builder request = write.request().message(message);
                for (String name : BuiltinSchemas.names()) {
                    request.add(new Mutation.PutSchema(BuiltinSchemas.binding(t, name, null)));
                }
                revision = repo.commit(request.build()).revision();
            }
        }
        for (BuiltinSchemas.Builtin b : BuiltinSchemas.list()) {
            Out.line(spec, "schema " + b.name() + " (" + b.defaultPattern() + ")");
        }
        Out.line(spec, "applied " + BuiltinSchemas.names().size() + " built-in schemas in tenant " + t + " at revision " + revision);
        return 0;
    }
}
