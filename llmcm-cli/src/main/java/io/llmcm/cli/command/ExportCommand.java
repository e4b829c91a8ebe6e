package io.llmcm.cli.command;

import io.llmcm.cli.CliException;
import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.render.Formats;
import io.llmcm.cli.render.Text;
import io.llmcm.cli.render.ValueView;
import io.llmcm.core.crypto.PemKeys;
import io.llmcm.core.format.Format;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.Bundles;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import io.llmcm.core.repo.Transfers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code llmcm export [PREFIX]}: the keys under a prefix as one document, or as a signed bundle. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Write the effective values under PREFIX in a scope as one document whose top-level fields are the paths below PREFIX (it imports back with the default --depth 1).",
            "--raw exports only the layer's own values (given by --tenant, --env, --service), for backups and re-import.",
            "Secrets are left out of documents (stderr says how many). --recipient PUBKEY.pem writes a bundle signed by this store and encrypted to that key, secrets included (each one's reveal is audited); --format bundle writes a signed bundle without encryption and without secrets."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  llmcm export models --tenant acme --env prod --format yaml",
            "  llmcm export --raw --tenant acme --env prod -o acme-prod.json",
            "  llmcm export providers -t acme -e prod --recipient ops.pub -o p.bundle"
        })
public final class ExportCommand implements Callable<Integer> {
    static final String BUNDLE = "bundle";

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    LayerOptions layer;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "a namespace or key (default: everything)")
    String prefix = "";

    @Option(names = "--format", paramLabel = "FORMAT", description = "json (default), yaml, toml, properties, env, or bundle")
    String format;

    @Option(names = "--recipient", paramLabel = "PUBKEY.pem",
            description = "encrypt a bundle, secrets included, to this X25519 or RSA public key (llmcm key pair makes one)")
    Path recipient;

    @Option(names = "--raw", description = "only the layer's own values instead of the effective ones")
    boolean raw;

    @Option(names = "--at", paramLabel = "REV|TAG", description = "export as of a past revision or a tag of the tenant")
    String at;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "write to FILE instead of standard output")
    Path out;

    @Override
    public Integer call() {
        boolean bundle = recipient != null || BUNDLE.equalsIgnoreCase(format);
        if (bundle) {
            return bundle();
        }
        Format f = Formats.named(format == null ? "json" : format);
        String p = Names.prefix(prefix);
        Scope scope = layer.scope(tenant.tenant());
        Transfers.Exported e;
        Remote remote = store.remote();
        if (remote != null) {
            e = remote(remote, scope, p);
        } else {
            try (Repository repo = store.open()) {
                e = Transfers.export(repo, scope, p, at == null ? -1 : repo.revisionOf(scope.tenant(), at), raw);
            }
        }
        String text = ValueView.render(e.document(), f);
        if (out == null) {
            Out.print(spec, text);
        } else {
            Out.writeFile(out, text.getBytes(StandardCharsets.UTF_8));
            Out.line(spec, "exported " + Text.count(e.keys(), "key") + (p.isEmpty() ? "" : " under " + p) + " to " + out);
        }
        leftOut(e.secretsLeftOut());
        return 0;
    }

    /** The server's export as JSON, rendered here in the format asked for, as a local export is. */
    private Transfers.Exported remote(Remote remote, Scope scope, String p) {
        Remote.Answer a = remote.send(Remote.get(Remote.tenantPath(scope.tenant(), "export", null))
                .query("prefix", p).query("env", scope.env()).query("service", scope.service())
                .query("raw", raw ? "true" : null).query("at", at));
        return new Transfers.Exported(a.json(), (int) a.longHeader("X-Keys"), (int) Math.max(0, a.longHeader("X-Secrets-Left-Out")));
    }

    private Integer bundle() {
        if (format != null && !BUNDLE.equalsIgnoreCase(format)) {
            throw new CliException(CliException.USAGE, "--recipient writes a bundle; --format " + format + " cannot be encrypted");
        }
        if (raw || at != null) {
            throw new CliException(CliException.USAGE, "a bundle holds the current effective values: --" + (raw ? "raw" : "at") + " cannot be used with it");
        }
        String toPem = recipient == null ? null : Keyfiles.read(recipient);
        PublicKey to = toPem == null ? null : PemKeys.readPublic(toPem);
        String p = Names.prefix(prefix);
        Scope scope = layer.scope(tenant.tenant());
        Bundles.Exported e;
        String what;
        Remote remote = store.remote();
        if (remote != null) {
            Remote.Answer a = remote.send(BundleRoutes.export(scope.tenant(), p, layer.layer(), toPem));
            int keys = (int) Math.max(0, a.longHeader("X-Keys"));
            e = new Bundles.Exported(a.body(), keys, 0, (int) Math.max(0, a.longHeader("X-Secrets-Left-Out")));
            // the server counts values and secrets together; an unencrypted bundle holds values only
            what = to == null ? Text.count(keys, "value") : Text.count(keys, "key") + " (values and secrets)";
        } else {
            try (Repository repo = store.open()) {
                e = repo.bundles().export(scope, p, to, store.caller());
            }
            what = Text.count(e.values(), "value") + (to == null ? "" : " and " + Text.count(e.secrets(), "secret"));
        }
        String how = to == null ? "signed" : "signed, encrypted to " + PemKeys.fingerprint(to).substring(0, 16);
        if (out == null) {
            Out.print(spec, new String(e.bundle(), StandardCharsets.UTF_8));
        } else {
            Out.writeFile(out, e.bundle());
            Out.line(spec, "exported " + what + (p.isEmpty() ? "" : " under " + p) + " to " + out + " (" + how + ")");
        }
        leftOut(e.secretsLeftOut());
        return 0;
    }

    /** Says on stderr that secrets were not exported, so an export is never silently incomplete. */
    private void leftOut(int secrets) {
        if (secrets > 0) {
            spec.commandLine().getErr().print(Text.count(secrets, "secret") + " left out: use --recipient to include "
                    + (secrets == 1 ? "it" : "them") + " encrypted\n");
            spec.commandLine().getErr().flush();
        }
    }
}
