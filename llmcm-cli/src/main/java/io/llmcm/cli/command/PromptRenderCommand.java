package io.llmcm.cli.command;

import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.VarOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.json.Json;
import io.llmcm.core.llm.prompt.PromptRenderer;
import io.llmcm.core.llm.prompt.RenderRequest;
import io.llmcm.core.llm.prompt.RenderedPrompt;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code llmcm prompt render PATH}: a prompt template rendered with variables, in a scope. */
@Command(
        name = "render",
        // not the standard help options: their --version (the product's) would take this command's --version
        description = {
            "Render the prompt template at PATH in a scope: every missing, undeclared or mistyped variable is listed (exit 5).",
            "The variant is --variant, else the one --key hashes to (sticky per key), else default. --version renders the newest value of the scope that had that exact version.",
            "Prints the text (a chat prompt: each message as [role] then its content); --output json prints {text|messages, variant, version, revision}."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  llmcm prompt render prompts/support --var product=Widgets -t acme -e prod",
            "  llmcm prompt render prompts/support --vars-file vars.yaml --key user-42",
            "  llmcm prompt render prompts/support --var product=W --version 1.0.0"
        })
public final class PromptRenderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    LayerOptions layer;

    @Mixin
    VarOptions vars;

    @Parameters(index = "0", paramLabel = "PATH", description = "the prompt's key path, e.g. prompts/support")
    String path;

    @Option(names = "--variant", paramLabel = "NAME", description = "render this variant")
    String variant;

    @Option(names = "--key", paramLabel = "KEY", description = "a targeting key (a user id): the A/B variant it hashes to")
    String key;

    @Option(names = "--version", paramLabel = "SEMVER", description = "render this exact version from the prompt's history")
    String version;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json")
    String output;

    @Override
    public Integer call() {
        boolean json = Output.json(output);
        Scope scope = layer.scope(tenant.tenant());
        Names.path(path);
        Remote remote = store.remote();
        ObjectNode answer;
        if (remote != null) {
            ObjectNode body = Json.NODES.objectNode().put("tenant", scope.tenant()).put("env", scope.env()).put("path", path);
            if (scope.hasService()) {
                body.put("service", scope.service());
            }
            body.set("variables", VarOptions.typedNode(vars.typed()));
            body.set("textVariables", VarOptions.textNode(vars.text()));
            if (variant != null) {
                body.put("variant", variant);
            }
            if (key != null) {
                body.put("key", key);
            }
            if (version != null) {
                body.put("version", version);
            }
            answer = (ObjectNode) remote.send(Remote.post("/v1/prompts/render").json(body)).json();
        } else {
            try (Repository repo = store.open()) {
                RenderedPrompt p = new PromptRenderer(repo).render(new RenderRequest(scope, path, vars.typed(), vars.text(), variant, key, version));
                answer = view(p);
            }
        }
        Out.print(spec, json ? Json.pretty(answer) + "\n" : text(answer));
        return 0;
    }

    /** The REST answer's form, so both modes print alike. */
    static ObjectNode view(RenderedPrompt p) {
        ObjectNode o = Json.NODES.objectNode();
        if (p.text() != null) {
            o.put("text", p.text());
        } else {
            var messages = o.putArray("messages");
            p.messages().forEach(m -> messages.addObject().put("role", m.role()).put("content", m.content()));
        }
        return o.put("variant", p.variant()).put("version", p.version()).put("revision", p.revision());
    }

    private static String text(JsonNode answer) {
        if (answer.has("text")) {
            String t = answer.get("text").stringValue();
            return t.endsWith("\n") ? t : t + "\n";
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode m : answer.get("messages").values()) {
            sb.append('[').append(m.get("role").stringValue()).append("]\n");
            String c = m.get("content").stringValue();
            sb.append(c).append(c.endsWith("\n") ? "" : "\n");
        }
        return sb.toString();
    }
}
