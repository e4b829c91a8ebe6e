package io.llmcm.cli.command;

import io.llmcm.cli.CliException;
import io.llmcm.cli.Context;
import io.llmcm.cli.Inputs;
import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.remote.Answers;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.render.Text;
import io.llmcm.core.crypto.PemKeys;
import io.llmcm.core.format.Format;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Names;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Transfers;
import io.llmcm.core.secret.Bundle;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code llmcm import FILE --into PREFIX}: loads a document's parts as keys in one commit. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Store the parts of a document as keys under PREFIX, in one commit, in the layer given by --tenant, --env and --service.",
            "--depth N: the fields N levels down become keys (1: each top-level field is a key; 0: the whole document is the value at PREFIX).",
            "A field name with '/' stands for several path segments, as export writes them, so an export imports back with the default depth.",
            "A bundle (from export --recipient or --format bundle) is recognized by its content: its signature is always checked (against --signer, else this store's own key) and an encrypted one is opened with --identity; its secrets are sealed anew for their new addresses."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  llmcm import models.yaml --into models --depth 2 --tenant acme --env prod",
            "  llmcm export models -t acme -o models.json",
            "  llmcm import models.json --into models -t beta",
            "  llmcm import p.bundle --into providers -t beta --identity ops.key \\",
            "      --signer exporter.pub"
        })
public final class ImportCommand implements Callable<Integer> {
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

    @Parameters(index = "0", paramLabel = "FILE", description = "the document (json, yaml, toml, properties, env), or - for standard input")
    String file;

    @Option(names = "--into", paramLabel = "PREFIX", description = "namespace to import under (default: the top)")
    String into = "";

    @Option(names = "--depth", paramLabel = "N", description = "how many levels of fields form the key paths (default: 1)")
    Integer depth;

    @Option(names = "--format", paramLabel = "FORMAT", description = "format of FILE (default: from its extension, else json)")
    String format;

    @Option(names = "--replace", description = "each imported value replaces what lower layers set instead of merging into it")
    boolean replace;

    @Option(names = "--identity", paramLabel = "PRIVATE.pem", description = "bundles: the private key an encrypted bundle was exported to")
    Path identity;

    @Option(names = "--signer", paramLabel = "PUBKEY.pem",
            description = "bundles: the exporting store's public key (its 'llmcm key public'); default: trust only this store's own key")
    Path signer;

    @Override
    public Integer call() {
        String prefix = Names.prefix(into);
        String arg = file.equals("-") || file.startsWith("@") ? file : "@" + file;
        Inputs.Source source = Inputs.source(arg, Context.of(spec));
        if (Bundle.isBundle(source.text())) {
            return bundle(source.text(), prefix);
        }
        if (identity != null || signer != null) {
            throw new CliException(CliException.USAGE, "--identity and --signer are for bundles, and " + file + " is not one");
        }
        int depth = this.depth == null ? 1 : this.depth;
        if (depth == 0 && prefix.isEmpty()) {
            throw new CliException(CliException.USAGE, "--depth 0 stores the whole document as one key: give its path with --into");
        }
        Format f = Inputs.formatOf(source, format);
        JsonNode document = f.read(source.text());
        Map<EntryKey, Value> parts = Transfers.parts(document, f, depth, prefix, tenant.tenant(), layer.layer());
        ChangeRequest.Builder request = write.request();
        parts.forEach((key, v) -> request.put(key, v, replace));
        List<EntryKey> keys = List.copyOf(parts.keySet());
        String where = prefix.isEmpty() ? "the top" : prefix;
        if (parts.isEmpty()) {
            Out.line(spec, "imported 0 keys under " + where + ": the document holds none at depth " + depth);
            return 0;
        }
        Remote remote = store.remote();
        if (remote != null) {
            return remote(remote, document, f, depth, prefix, parts.size(), where);
        }
        try (Repository repo = store.open()) {
            keys.forEach(k -> Guards.notASecret(repo, k));
            CommitResult r = repo.commit(request.build());
            Out.line(spec, "imported " + Text.count(parts.size(), "key") + " under " + where + landed(r.changed(), r.revision()));
            return 0;
        }
    }

    /** The parsed document sent to the server's import as JSON (a text document as text), one commit there. */
    private Integer remote(Remote remote, JsonNode document, Format f, int depth, String prefix, int keys, String where) {
        write.remote();
        Remote.Call call = Remote.post(Remote.tenantPath(tenant.tenant(), "import", null))
                .query("into", prefix).query("env", layer.layer().env()).query("service", layer.layer().service())
                .query("depth", depth).query("replace", replace ? "true" : null).message(write.message());
        if (f == Format.TEXT) {
            call.query("format", "text").body(document.stringValue().getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        } else {
            call.json(document);
        }
        JsonNode r = remote.send(call).json();
        Out.line(spec, "imported " + Text.count(keys, "key") + " under " + where + landed(r.path("changed").asBoolean(), Answers.revision(r)));
        return 0;
    }

    /** The end of the line an import prints: where the commit landed, or that nothing changed. */
    private static String landed(boolean changed, long revision) {
        return changed ? " at revision " + revision : ": all unchanged (revision " + revision + ")";
    }

    private Integer bundle(String text, String prefix) {
        if (depth != null || format != null || replace) {
            throw new CliException(CliException.USAGE, "a bundle imports as it was exported: --depth, --format and --replace do not apply");
        }
        String signerPem = signer == null ? null : Keyfiles.read(signer);
        String identityPem = identity == null ? null : Keyfiles.read(identity);
        PublicKey trusted = signerPem == null ? null : PemKeys.readPublic(signerPem); // read here too: a bad key file fails before anything is sent
        PrivateKey key = identityPem == null ? null : PemKeys.readPrivate(identityPem);
        String t = tenant.tenant();
        boolean changed;
        long revision;
        Remote remote = store.remote();
        if (remote != null) { // "this store" is then the server's: it checks the signature against its own key by default
            write.remote();
            JsonNode r = remote.send(BundleRoutes.importBundle(remote, t, text, prefix, layer.layer(), signerPem, identityPem).message(write.message())).json();
            changed = r.path("changed").asBoolean();
            revision = Answers.revision(r);
        } else {
            try (Repository repo = store.open()) {
                CommitResult r = repo.bundles().importBundle(text, trusted, key, t, prefix, layer.layer(), write.author(), write.message());
                changed = r.changed();
                revision = r.revision();
            }
        }
        String where = (prefix.isEmpty() ? "the top" : prefix) + " in " + t + ":" + layer.layer();
        String by = trusted == null ? "this store" : PemKeys.fingerprint(trusted).substring(0, 16);
        Out.line(spec, "imported the bundle (signed by " + by + ") under " + where + landed(changed, revision));
        return 0;
    }
}
