package io.llmcm.cli.command;

import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.PutOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code llmcm set PATH VALUE}: writes one value into one layer. */
@Command(
        name = "set",
        mixinStandardHelpOptions = true,
        description = "Set a key's value in one layer: the tenant's environment (and service). Objects merge over lower layers unless --replace.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  llmcm set models/openai/gpt-4o '{\"model\":\"gpt-4o\",\"temperature\":0.7}'",
            "  llmcm set models/openai/gpt-4o '{\"temperature\":0.2}' -t acme -e prod -m calmer",
            "  llmcm set prompts/system @system.txt --format text",
            "  cat model.yaml | llmcm set models/local - --format yaml --if-revision 0"
        })
public final class SetCommand implements Callable<Integer> {
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

    @Parameters(index = "0", paramLabel = "PATH", description = "key path, e.g. models/openai/gpt-4o")
    String path;

    @Parameters(index = "1", paramLabel = "VALUE", description = "the value: inline (JSON unless --format), @file, or - for standard input")
    String value;

    @Override
    public Integer call() {
        EntryKey key = EntryKey.of(tenant.tenant(), path, layer.layer());
        // read and parse the value before taking the store lock: bad input fails fast
        ChangeRequest request = put.put(write.request(), key, value).build();
        try (Repository repo = store.open()) {
            Guards.notASecret(repo, key);
            CommitResult r = repo.commit(request);
            Out.line(spec, r.changed()
                    ? "set " + key + " at revision " + r.revision()
                    : "unchanged " + key + " (revision " + r.revision() + ")");
            return 0;
        }
    }
}
