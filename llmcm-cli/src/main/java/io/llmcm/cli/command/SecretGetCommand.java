package io.llmcm.cli.command;

import io.llmcm.cli.CliException;
import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.remote.Answers;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.render.SecretView;
import io.llmcm.cli.render.Text;
import io.llmcm.cli.render.ValueView;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.format.Format;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Resolved;
import io.llmcm.core.repo.Revealed;
import io.llmcm.core.repo.Scope;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code llmcm secret get PATH}: a secret masked, or revealed on request. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = {
            "Show the effective secret at PATH in a scope, masked: \"***\" with its version, when it was set, when it expires and its data key version.",
            "--reveal prints the plaintext (text as is, JSON pretty) and is audited. For a dynamic secret it issues a new credential: the credential goes to stdout, its lease id and expiry to stderr (or all as JSON with --output json).",
            "An expired secret is not revealed (exit code 3)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  llmcm secret get providers/openai/api-key -t acme -e prod",
            "  export OPENAI_API_KEY=$(llmcm secret get providers/openai/api-key \\",
            "      -t acme -e prod --reveal)",
            "  llmcm secret get tokens/ci -t acme --reveal --output json"
        })
public final class SecretGetCommand implements Callable<Integer> {
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

    @Option(names = "--reveal", description = "print the plaintext (audited); a dynamic secret issues a credential")
    boolean reveal;

    @Option(names = "--at", paramLabel = "REV|TAG", description = "as of a past revision or a tag of the tenant")
    String at;

    @Option(names = "--output", paramLabel = "FORMAT", description = "json or text (default: JSON, or the text of a revealed text secret)")
    String output;

    @Override
    public Integer call() {
        Format format = output == null ? null : switch (output.toLowerCase(Locale.ROOT)) {
            case "json" -> Format.JSON;
            case "text" -> Format.TEXT;
            default -> throw new CliException(CliException.USAGE, "unknown output '" + output + "'; expected json or text");
        };
        Scope scope = layer.scope(tenant.tenant());
        Names.path(path);
        Remote remote = store.remote();
        if (remote != null) {
            JsonNode a = remote.send(Remote.get(Remote.tenantPath(scope.tenant(), "secrets", path))
                    .query("env", scope.env()).query("service", scope.service()).query("at", at).query("reveal", reveal ? "true" : null)).json();
            if (!reveal) {
                printMask(a, format);
            } else if (a.has("lease")) {
                printLease(a.path("credential").asString(""), a.path("lease").asString(""), Instant.parse(a.path("expires").asString()), format);
            } else {
                Out.print(spec, ValueView.render(Answers.untyped(a.get("value")), format));
            }
            return 0;
        }
        try (Repository repo = store.open()) {
            long rev = at == null ? -1 : repo.revisionOf(scope.tenant(), at);
            if (!reveal) {
                Resolved r = (rev < 0 ? repo.get(scope, path) : repo.get(scope, path, rev))
                        .orElseThrow(() -> new NotFoundException(path + " is not set in " + scope + (at == null ? "" : " at " + at)));
                if (!r.isSecret()) {
                    throw new InvalidInputException(path + " in " + scope + " is configuration, not a secret; read it with llmcm get");
                }
                printMask(SecretView.mask(r.value(), r.modRevision()), format);
                return 0;
            }
            Revealed plain = repo.secrets().reveal(scope, path, rev, store.caller());
            if (plain.lease() == null) {
                Out.print(spec, ValueView.render(plain.value(), format));
            } else {
                printLease(plain.value().textOrNull(), plain.lease().id(), plain.lease().expires(), format);
            }
            return 0;
        }
    }

    private void printMask(JsonNode mask, Format format) {
        Out.print(spec, Text.withNewline(format == Format.TEXT ? Json.compact(mask) : Json.pretty(mask)));
    }

    /** A dynamic secret's credential: to stdout, its lease to stderr (or all as JSON). */
    private void printLease(String credential, String lease, Instant expires, Format format) {
        if (format == Format.JSON) {
            ObjectNode o = Json.NODES.objectNode()
                    .put("credential", credential)
                    .put("lease", lease)
                    .put("expires", expires.toString());
            Out.print(spec, Text.withNewline(Json.pretty(o)));
        } else {
            Out.line(spec, credential);
            spec.commandLine().getErr().print("lease " + lease + " expires " + Times.seconds(expires) + "\n");
            spec.commandLine().getErr().flush();
        }
    }
}
