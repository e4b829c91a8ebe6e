package io.llmcm.cli.command;

import io.llmcm.cli.CliException;
import io.llmcm.cli.Context;
import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.VarOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.ValidationException;
import io.llmcm.core.Violation;
import io.llmcm.core.json.Json;
import io.llmcm.core.llm.template.InstantiateRequest;
import io.llmcm.core.llm.template.Instantiation;
import io.llmcm.core.llm.template.Instantiator;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.Repository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code llmcm template instantiate NAME}: renders a template's entries into a tenant and environment as one commit. */
@Command(
        name = "instantiate",
        mixinStandardHelpOptions = true,
        description = {
            "Render a template's entries with its variables and commit them into --tenant (or --into-tenant) and --env as one change, validated by the target's schemas: nothing is written unless all pass.",
            "Variables: --vars-file (typed), --var NAME=VALUE, --vars-from-env PREFIX (this process's environment: PREFIX_MAX_TOKENS → max_tokens), then the variable's from (environment, tenant, config:PATH), then its default.",
            "--dry-run prints what would be written and the violations, writing nothing."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  llmcm template instantiate builtin/chat-service -t acme -e prod",
            "  llmcm template instantiate acme:team-chat --into-tenant beta --dry-run",
            "  llmcm template instantiate builtin/rag-pipeline --vars-from-env APP_"
        })
public final class TemplateInstantiateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    LayerOptions layer;

    @Mixin
    VarOptions vars;

    @Mixin
    WriteOptions write;

    @Parameters(index = "0", paramLabel = "NAME", description = "NAME, TENANT:NAME (shared) or builtin/NAME")
    String name;

    @Option(names = "--into-tenant", paramLabel = "TENANT", description = "the tenant to write into (same as --tenant)")
    String intoTenant;

    @Option(names = "--vars-from-env", paramLabel = "PREFIX", description = "take variables from this process's environment variables starting with PREFIX")
    String varsFromEnv;

    @Option(names = "--dry-run", description = "show what would be written and whether it validates; write nothing")
    boolean dryRun;

    @Override
    public Integer call() {
        String target = intoTenant != null ? Names.tenant(intoTenant) : tenant.tenant();
        String env = layer.env();
        if (layer.layer().hasService()) {
            throw new CliException(CliException.USAGE, "template instantiate writes to an environment's layer; --service is not supported");
        }
        Map<String, String> text = new LinkedHashMap<>();
        if (varsFromEnv != null) {
            if (varsFromEnv.isEmpty()) {
                throw new CliException(CliException.USAGE, "--vars-from-env needs a non-empty PREFIX (all of the environment would be taken otherwise)");
            }
            text.putAll(VarOptions.fromEnvironment(Context.of(spec).env(), varsFromEnv));
        }
        text.putAll(vars.text());
        Map<String, JsonNode> typed = vars.typed();
        Remote remote = store.remote();
        if (remote != null) {
            write.remote();
            ObjectNode body = Json.NODES.objectNode().put("tenant", target).put("env", env).put("name", name).put("dryRun", dryRun);
            body.set("variables", VarOptions.typedNode(typed));
            body.set("textVariables", VarOptions.textNode(text));
            if (write.hasMessage()) {
                body.put("message", write.message());
            }
            JsonNode a = remote.send(Remote.post("/v1/templates/instantiate").json(body)).json();
            List<Instantiation.Entry> entries = new ArrayList<>();
            a.get("entries").values().forEach(e -> entries.add(new Instantiation.Entry(e.get("path").asString(), e.get("value"))));
            if (dryRun) {
                List<Violation> violations = new ArrayList<>();
                a.get("violations").values().forEach(v -> violations.add(new Violation(v.get("where").asString(), v.get("pointer").asString(),
                        v.get("message").asString(), v.get("source").asString())));
                return dry(a.get("template").asString(), a.get("version").asString(), target, env, entries, violations);
            }
            return done(a.get("template").asString(), a.get("version").asString(), target, env, entries, a.get("revision").asLong(), a.get("changed").asBoolean());
        }
        try (Repository repo = store.open()) {
            Instantiation i = new Instantiator(repo).instantiate(new InstantiateRequest(target, env, name, typed, text, dryRun, write.author(), write.message()));
            if (dryRun) {
                return dry(i.template(), i.version(), target, env, i.entries(), i.report().violations());
            }
            return done(i.template(), i.version(), target, env, i.entries(), i.commit().revision(), i.commit().changed());
        }
    }

    private int dry(String template, String version, String target, String env, List<Instantiation.Entry> entries, List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new ValidationException(violations); // exit 5, every violation listed
        }
        StringBuilder sb = new StringBuilder("dry run: template " + template + " " + version + " would write " + entries.size()
                + " entr" + (entries.size() == 1 ? "y" : "ies") + " into " + target + ":" + env + " (valid)\n");
        for (Instantiation.Entry e : entries) {
            sb.append("  ").append(e.path()).append("  ").append(Json.compact(e.value())).append('\n');
        }
        Out.print(spec, sb.toString());
        return 0;
    }

    private int done(String template, String version, String target, String env, List<Instantiation.Entry> entries, long revision, boolean changed) {
        StringBuilder sb = new StringBuilder("template " + template + " " + version + " instantiated into " + target + ":" + env
                + (changed ? " at revision " + revision : " (nothing changed; revision " + revision + ")") + "\n");
        for (Instantiation.Entry e : entries) {
            sb.append("  ").append(e.path()).append('\n');
        }
        Out.print(spec, sb.toString());
        return 0;
    }
}
