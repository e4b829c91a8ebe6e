package io.llmcm.cli.command;

import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.PutOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.render.Table;
import io.llmcm.cli.render.Text;
import io.llmcm.core.ValidationException;
import io.llmcm.core.Violation;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.ValidationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code llmcm validate PATH VALUE}: a dry run of {@code set} (or {@code delete}); stores nothing. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Check a write without storing it.",
            "Prints 'valid' and the effective values it would produce in every affected scope, or the schema violations (exit code 5)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  llmcm validate models/openai/gpt-4o '{\"temperature\":3}' -t acme -e prod",
            "  llmcm validate models/openai/gpt-4o --delete --tenant acme --env prod"
        })
public final class ValidateCommand implements Callable<Integer> {
    /** Previews show where the change lands; the full value is one {@code get} away. */
    static final int MAX_VALUE = 80;

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

    @Mixin
    PutOptions put;

    @Parameters(index = "0", paramLabel = "PATH", description = "key path")
    String path;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE", description = "the value: inline (JSON unless --format), @file, or - for standard input")
    String value;

    @Option(names = "--delete", description = "check deleting the key from the layer instead of setting it")
    boolean delete;

    @Override
    public Integer call() {
        if ((value == null) != delete) {
            throw new ParameterException(spec.commandLine(), value == null ? "give a VALUE to check, or --delete" : "give either a VALUE or --delete, not both");
        }
        EntryKey key = EntryKey.of(tenant.tenant(), path, layer.layer());
        Remote remote = store.remote();
        if (remote != null) {
            write.remote();
            JsonNode report = remote.send(Remote.post(Remote.tenantPath(key.tenant(), "commits", null)).json(dryRun(key))).json();
            List<Violation> violations = new ArrayList<>();
            for (JsonNode v : report.path("violations")) {
                violations.add(new Violation(v.path("where").asString(""), v.path("pointer").asString(""), v.path("message").asString(""),
                        v.path("source").asString("")));
            }
            Table previews = new Table();
            for (JsonNode p : report.path("previews")) { // a secret's value here is its mask
                previews.row("  " + p.path("scope").asString(""), p.path("path").asString(""),
                        p.has("value") ? Text.oneLine(Json.compact(p.get("value")), MAX_VALUE) : "(absent)");
            }
            return print(violations, previews);
        }
        ChangeRequest request = (delete ? put.delete(write.request(), key) : put.put(write.request(), key, value)).build();
        try (Repository repo = store.open()) {
            ValidationReport report = repo.dryRun(request);
            Table previews = new Table();
            for (ValidationReport.Preview p : report.previews()) {
                previews.row("  " + p.scope(), p.path(), p.value() == null ? "(absent)" : Text.oneLine(p.value(), MAX_VALUE));
            }
            return print(report.violations(), previews);
        }
    }

    private int print(List<Violation> violations, Table previews) {
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        Out.print(spec, "valid\n" + previews.render());
        return 0;
    }

    /** The change as a one-change batch of the commits route, with {@code dryRun}: checked, not stored. */
    private ObjectNode dryRun(EntryKey key) {
        ObjectNode change = Json.NODES.objectNode().put("op", delete ? "delete" : "put").put("path", key.path())
                .put("env", key.layer().env()).put("service", key.layer().service());
        if (!delete) {
            Value v = put.value(value);
            if (v.type() == ContentType.TEXT) {
                change.put("text", v.textOrNull());
            } else {
                change.set("value", v.json());
            }
            change.put("replace", put.replace());
        }
        if (put.ifRevision() != null) {
            change.put("ifRevision", put.ifRevision());
        }
        ObjectNode body = Json.NODES.objectNode().put("message", write.message()).put("dryRun", true);
        body.putArray("changes").add(change);
        return body;
    }
}
