package io.llmcm.cli.command;

import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.PutOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.render.Table;
import io.llmcm.cli.render.Text;
import io.llmcm.core.ValidationException;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.ValidationReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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
        ChangeRequest request = (delete ? put.delete(write.request(), key) : put.put(write.request(), key, value)).build();
        try (Repository repo = store.open()) {
            ValidationReport report = repo.dryRun(request);
            if (!report.valid()) {
                throw new ValidationException(report.violations());
            }
            Table previews = new Table();
            for (ValidationReport.Preview p : report.previews()) {
                previews.row("  " + p.scope(), p.path(), p.value() == null ? "(absent)" : Text.oneLine(p.value(), MAX_VALUE));
            }
            Out.print(spec, "valid\n" + previews.render());
            return 0;
        }
    }
}
