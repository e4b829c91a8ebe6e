package io.llmcm.cli.command;

import io.llmcm.cli.CliException;
import io.llmcm.cli.Context;
import io.llmcm.cli.Inputs;
import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Names;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.secret.DynamicSecret;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/** {@code llmcm secret set PATH VALUE}: seals a value for one layer and stores it. */
@Command(
        name = "set",
        mixinStandardHelpOptions = true,
        description = {
            "Store a secret in one layer (the tenant's --env and --service), sealed with the tenant's data key. The value is never printed.",
            "Give VALUE as - to read it from standard input (a single trailing newline is dropped), or as @FILE: a value typed on the command line shows in the process list and the shell history.",
            "--dynamic defines a secret that issues a fresh random token or signed JWT, valid for --ttl, each time it is revealed (no VALUE)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  llmcm secret set providers/openai/api-key - -t acme -e prod < key.txt",
            "  llmcm secret set db/password @pw.txt --expires 90d -m 'rotated'",
            "  llmcm secret set tokens/ci --dynamic token --ttl 1h -t acme"
        })
public final class SecretSetCommand implements Callable<Integer> {
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

    @Parameters(index = "0", paramLabel = "PATH", description = "key path, e.g. providers/openai/api-key")
    String path;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE", description = "the secret: - for standard input (recommended), @FILE, or inline")
    String value;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default: stored as is) or json (parsed, revealed as JSON)")
    String format = "text";

    @Option(names = "--expires", paramLabel = "WHEN", description = "when it expires: 2026-12-31T00:00:00Z, 2026-12-31, or from now: 30d, 12h, 45m")
    String expires;

    @Option(names = "--if-revision", paramLabel = "REV", description = "change only if the entry is at this revision (0: only if it does not exist yet)")
    Long ifRevision;

    @Option(names = "--dynamic", paramLabel = "KIND", description = "define a dynamic secret instead: token or jwt")
    String dynamic;

    @Option(names = "--ttl", paramLabel = "DURATION", description = "--dynamic: how long an issued credential is valid: 1s to 30d, like 1h")
    String ttl;

    @Option(names = "--bytes", paramLabel = "N", description = "--dynamic token: random bytes per token (16 to 128, default 32)")
    Integer bytes;

    @Option(names = "--audience", paramLabel = "AUD", description = "--dynamic jwt: the JWT's audience (aud)")
    String audience;

    @Override
    public Integer call() {
        EntryKey key = EntryKey.of(tenant.tenant(), Names.path(path), layer.layer());
        Context context = Context.of(spec);
        Remote remote = store.remote();
        if (remote != null) {
            return remote(remote, key, context);
        }
        // read the input before taking the store lock: bad input fails fast
        Value plain = dynamic == null ? plaintext(context) : null;
        Value dyn = dynamic == null ? null : dynamicSpec();
        Instant when = expires == null ? null : Times.expiry(expires, Instant.now());
        try (Repository repo = store.open()) {
            Value sealed;
            if (dyn == null) {
                repo.secrets().checkMasterKey(); // a wrong or missing key fails before anything changes
                sealed = repo.secrets().seal(key, plain, when);
            } else {
                sealed = dyn;
            }
            ChangeRequest.Builder request = write.request().put(key, sealed);
            if (ifRevision != null) {
                request.expect(key, ifRevision);
            }
            CommitResult r = repo.commit(request.build());
            Out.line(spec, dyn == null
                    ? "set secret " + key + " at revision " + r.revision()
                    : "set dynamic secret " + key + " (" + describe(DynamicSecret.from(dyn)) + ") at revision " + r.revision());
            return 0;
        }
    }

    /** {@code PUT …/secrets/PATH} with {@code {"value", "expires"}}: the server seals it. */
    private int remote(Remote remote, EntryKey key, Context context) {
        write.remote();
        if (dynamic != null) {
            throw new CliException(CliException.USAGE, "llmcm secret set --dynamic does not work with --server yet");
        }
        Value plain = plaintext(context);
        Instant when = expires == null ? null : Times.expiry(expires, Instant.now());
        Remotes.expect(remote, key, ifRevision);
        ObjectNode body = Json.NODES.objectNode();
        body.set("value", plain.json());
        if (when != null) {
            body.put("expires", when.toString());
        }
        long r = Remotes.revision(remote.send(Remote.put(Remote.tenantPath(key.tenant(), "secrets", key.path()))
                .query("env", key.layer().env()).query("service", key.layer().service())
                .message(write.message()).ifRevision(ifRevision).json(body)));
        Out.line(spec, "set secret " + key + " at revision " + r);
        return 0;
    }

    private Value plaintext(Context context) {
        if (value == null) {
            throw new ParameterException(spec.commandLine(), "give the secret as VALUE (- reads standard input), or --dynamic token|jwt");
        }
        if (ttl != null || bytes != null || audience != null) {
            throw new ParameterException(spec.commandLine(), "--ttl, --bytes and --audience go with --dynamic");
        }
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "text" -> {
                Inputs.Source source = Inputs.source(value, context);
                String text = value.equals("-") ? dropNewline(source.text()) : source.text();
                if (text.isEmpty()) {
                    throw new InvalidInputException("the secret is empty" + (value.equals("-") ? " (nothing came on standard input)" : ""));
                }
                yield Value.text(text);
            }
            case "json" -> Inputs.value(value, "json", context);
            default -> throw new CliException(CliException.USAGE, "unknown secret format '" + format + "'; expected text or json");
        };
    }

    private Value dynamicSpec() {
        if (value != null) {
            throw new ParameterException(spec.commandLine(), "a dynamic secret has no VALUE: it issues a new credential on every reveal");
        }
        if (expires != null) {
            throw new ParameterException(spec.commandLine(), "--expires does not apply to a dynamic secret: its credentials expire after --ttl");
        }
        if (ttl == null) {
            throw new ParameterException(spec.commandLine(), "--dynamic needs --ttl, e.g. --ttl 1h");
        }
        DynamicSecret.Kind kind = DynamicSecret.Kind.of(dynamic.toLowerCase(Locale.ROOT));
        if (kind == DynamicSecret.Kind.TOKEN && audience != null) {
            throw new ParameterException(spec.commandLine(), "--audience goes with --dynamic jwt");
        }
        if (kind == DynamicSecret.Kind.JWT && bytes != null) {
            throw new ParameterException(spec.commandLine(), "--bytes goes with --dynamic token");
        }
        Duration d = Times.duration(ttl, "--ttl");
        return new DynamicSecret(kind, d, bytes == null ? 32 : bytes, audience).toValue();
    }

    static String describe(DynamicSecret d) {
        return d.kind().id() + ", ttl " + Times.human(d.ttl()) + (d.audience().isEmpty() ? "" : ", audience " + d.audience());
    }

    /** {@code echo KEY | llmcm secret set …} adds a newline that is not part of the secret. */
    static String dropNewline(String s) {
        if (s.endsWith("\r\n")) {
            return s.substring(0, s.length() - 2);
        }
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
