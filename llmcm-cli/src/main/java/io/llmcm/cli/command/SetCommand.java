package io.llmcm.cli.command;

import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.PutOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.remote.Answers;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Value;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
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
        Remote remote = store.remote();
        if (remote != null) {
            return remote(remote, key);
        }
        // read and parse the value before taking the store lock: bad input fails fast
        ChangeRequest request = put.put(write.request(), key, value).build();
        try (Repository repo = store.open()) {
            Guards.notASecret(repo, key);
            CommitResult r = repo.commit(request);
            print(key, r.changed(), r.revision());
            return 0;
        }
    }

    private void print(EntryKey key, boolean changed, long revision) {
        Out.line(spec, changed ? "set " + key + " at revision " + revision : "unchanged " + key + " (revision " + revision + ")");
    }

    /**
     * The write as a PUT of the parsed value (text as text/plain, anything else as JSON). The
     * layer's head is read first: to refuse replacing a secret by a plain value, and to check
     * --if-revision with its local meaning.
     */
    private int remote(Remote remote, EntryKey key) {
        write.remote();
        Value v = put.value(value);
        Remotes.Head head = Remotes.head(remote, key);
        if (head != null && head.isSecret()) {
            throw new InvalidInputException(key.path() + " holds a secret in layer " + key.tenant() + ":" + key.layer()
                    + "; change it with llmcm secret set, or delete it with llmcm secret delete first");
        }
        Remotes.expect(key, head, put.ifRevision());
        Remote.Call call = Remote.put(Remote.tenantPath(key.tenant(), "config", key.path()))
                .query("env", key.layer().env()).query("service", key.layer().service()).query("replace", put.replace() ? "true" : null)
                .message(write.message()).ifRevision(put.ifRevision());
        if (v.type() == ContentType.TEXT) {
            call.body(v.textOrNull().getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        } else {
            call.body(v.bytes(), "application/json");
        }
        JsonNode r = remote.send(call).json();
        print(key, r.path("changed").asBoolean(true), Answers.revision(r));
        return 0;
    }
}
