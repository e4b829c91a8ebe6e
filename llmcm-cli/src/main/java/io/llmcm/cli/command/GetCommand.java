package io.llmcm.cli.command;

import io.llmcm.cli.CliException;
import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.render.ExplainView;
import io.llmcm.cli.render.Formats;
import io.llmcm.cli.render.SecretView;
import io.llmcm.cli.render.ValueView;
import io.llmcm.cli.remote.Answers;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.format.Format;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Names;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.Explanation;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Resolved;
import io.llmcm.core.repo.Scope;
import io.llmcm.core.repo.Targeted;
import io.llmcm.core.targeting.TargetingContext;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code llmcm get PATH}: the effective value in a scope, one layer's value, or where it came from. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = {
            "Print a key's effective value in a scope: global's layers, then each tenant down to --tenant, environments from base down to --env, then the --service layers.",
            "Secrets show masked (\"***\" and their version, dates and key); read one with 'llmcm secret get PATH --reveal'.",
            "--resolve replaces $${config:PATH#/pointer} and $${secret:PATH} references; referenced secrets stay *** unless --reveal (each reveal is audited).",
            "--context NAME=VALUE (repeatable) reads as a request with that context: the targeting rules ($$targeting) that match fire; --explain names them."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  llmcm get models/openai/gpt-4o --tenant acme --env prod",
            "  llmcm get models/openai/gpt-4o --tenant acme --env prod --explain",
            "  llmcm get models/openai/gpt-4o --at stable --output yaml",
            "  llmcm get models/openai/gpt-4o --tenant acme --env prod --raw",
            "  llmcm get models/openai/gpt-4o --tenant acme --env prod --resolve --reveal",
            "  llmcm get models/chat -t acme -e prod --context region=eu --context user_id=42"
        })
public final class GetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    LayerOptions layer;

    @Parameters(index = "0", paramLabel = "PATH", description = "key path")
    String path;

    @Option(names = "--at", paramLabel = "REV|TAG", description = "read as of a past revision or a tag of the tenant")
    String at;

    @Option(names = "--explain", description = "show which layer each field came from")
    boolean explain;

    @Option(names = "--raw", description = "print only the value stored in the layer given by --tenant, --env and --service, unmerged")
    boolean raw;

    @Option(names = "--output", paramLabel = "FORMAT", description = "json, yaml, toml or text (default: JSON, or the text of a text value)")
    String output;

    @Option(names = "--resolve", description = "replace the references in the value by what they point at (secrets as *** unless --reveal)")
    boolean resolve;

    @Option(names = "--reveal", description = "with --resolve: put the plaintext of referenced secrets in (audited)")
    boolean reveal;

    @Option(names = "--context", paramLabel = "NAME=VALUE",
            description = "an attribute of the request context targeting rules see as ctx.NAME (repeatable), e.g. region=eu, user_id=42")
    java.util.List<String> context = new java.util.ArrayList<>();

    @Override
    public Integer call() {
        if (explain && raw) {
            throw new CliException(CliException.USAGE, "--explain and --raw cannot be combined: --raw shows one layer, --explain all of them");
        }
        if (reveal && !resolve) {
            throw new CliException(CliException.USAGE, "--reveal goes with --resolve (to reveal a secret itself: llmcm secret get PATH --reveal)");
        }
        if (resolve && (raw || explain)) {
            throw new CliException(CliException.USAGE, "--resolve cannot be combined with " + (raw ? "--raw" : "--explain"));
        }
        TargetingContext targeting = TargetingContext.parse(context);
        if (raw && !targeting.isEmpty()) {
            throw new CliException(CliException.USAGE, "--raw and --context cannot be combined: --raw shows the layer's stored value, rules included");
        }
        Format format = output == null ? null : Formats.named(output);
        Scope scope = layer.scope(tenant.tenant());
        Names.path(path);
        Remote remote = store.remote();
        if (remote != null) {
            return remote(remote, scope, format, targeting);
        }
        try (Repository repo = store.open()) {
            Long rev = at == null ? null : repo.revisionOf(scope.tenant(), at);
            if (raw) {
                EntryKey key = EntryKey.of(scope.tenant(), path, scope.layer());
                Optional<EntryVersion> v = rev == null ? repo.raw(key) : repo.raw(key, rev);
                if (v.isEmpty() || v.get().isDeleted()) {
                    throw new NotFoundException(path + " has no value in layer " + scope + suffix());
                }
                Out.print(spec, ValueView.render(SecretView.shown(v.get().value(), v.get().revision()), format));
            } else if (explain) {
                Explanation e = !targeting.isEmpty() ? repo.explain(scope, path, rev == null ? -1 : rev, targeting)
                        : rev == null ? repo.explain(scope, path) : repo.explain(scope, path, rev);
                if (e.value() == null && e.layers().isEmpty()) {
                    throw new NotFoundException(path + " is not set in " + scope + suffix());
                }
                Out.print(spec, format == Format.JSON ? ExplainView.json(e) : ExplainView.text(e, format));
            } else {
                long at = rev == null ? -1 : rev;
                Optional<Resolved> r = (resolve
                        ? repo.resolve(scope, path, at, reveal, store.caller(), targeting)
                        : repo.get(scope, path, at, targeting)).map(Targeted::value);
                Resolved value = r.orElseThrow(() -> new NotFoundException(path + " is not set in " + scope + suffix()));
                if (reveal && value.isSecret()) {
                    throw new CliException(CliException.USAGE, path + " is itself a secret; reveal it with: llmcm secret get " + path + " --reveal");
                }
                Out.print(spec, ValueView.render(SecretView.shown(value.value(), value.modRevision()), format));
            }
            return 0;
        }
    }

    /**
     * The same answers from a server. A plain read lists the key's own path (the listing holds the
     * stored value with its references, as the local read shows it; the key's endpoint would
     * resolve them); --resolve and --explain use the key's endpoint.
     */
    private int remote(Remote remote, Scope scope, Format format, TargetingContext targeting) {
        if (raw) {
            throw new CliException(CliException.USAGE, "llmcm get --raw does not work with --server yet");
        }
        if (reveal) {
            throw new CliException(CliException.USAGE, "llmcm get --resolve --reveal does not work with --server yet");
        }
        if (explain) {
            JsonNode e = remote.send(withContext(Remote.get(Remote.tenantPath(scope.tenant(), "config", path))
                    .query("env", scope.env()).query("service", scope.service()).query("at", at).query("explain", "true"), targeting)).json();
            Explanation x = Answers.explanation(scope, e);
            if (x.value() == null && x.layers().isEmpty()) {
                throw new NotFoundException(path + " is not set in " + scope + suffix());
            }
            Out.print(spec, format == Format.JSON ? ExplainView.json(x) : ExplainView.text(x, format));
            return 0;
        }
        Value value;
        if (resolve) {
            Remote.Answer a = remote.send(withContext(Remote.get(Remote.tenantPath(scope.tenant(), "config", path))
                    .query("env", scope.env()).query("service", scope.service()).query("at", at), targeting));
            value = Answers.value(a.json(), a.header("X-Value-Type"));
        } else {
            JsonNode listing = remote.send(withContext(Remote.get(Remote.tenantPath(scope.tenant(), "config", null))
                    .query("prefix", path).query("env", scope.env()).query("service", scope.service()).query("at", at), targeting)).json();
            value = Answers.resolved(listing).stream().filter(r -> r.path().equals(path)).findFirst()
                    .orElseThrow(() -> new NotFoundException(path + " is not set in " + scope + suffix()))
                    .value();
        }
        Out.print(spec, ValueView.render(value, format));
        return 0;
    }

    /** The context as the server takes it: one {@code ctx.NAME=VALUE} query parameter per attribute. */
    static Remote.Call withContext(Remote.Call call, TargetingContext targeting) {
        targeting.attributes().forEach((name, value) -> call.query("ctx." + name, value));
        return call;
    }

    private String suffix() {
        return at == null ? "" : " at " + at;
    }
}
