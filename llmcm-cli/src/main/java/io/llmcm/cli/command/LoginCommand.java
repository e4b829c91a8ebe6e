package io.llmcm.cli.command;

import io.llmcm.cli.CliException;
import io.llmcm.cli.Context;
import io.llmcm.cli.remote.Profile;
import io.llmcm.cli.remote.Remote;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llmcm login --server URL}: checks a token against a server and remembers both. */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = {
            "Check a token against a server and save the server and the token in the profile ($LLMCM_CONFIG_DIR/profile.json, default ~/.config/llmcm/profile.json, readable by you only).",
            "Commands then work on that server unless --store, $LLMCM_STORE, --server or $LLMCM_SERVER say otherwise; $LLMCM_TOKEN overrides the saved token.",
            "The token is read from standard input unless --token is given (a token typed on the command line shows in the process list). It is never printed."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  llmcm login --server https://llmcm.example.com < token.txt",
            "  llmcm login --server http://127.0.0.1:8080 --token \"$TOKEN\""
        })
public final class LoginCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL", description = "the server (default: $LLMCM_SERVER)")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", description = "the token (default: read from standard input)")
    String token;

    @Override
    public Integer call() {
        Context context = Context.of(spec);
        String url = server != null ? server : context.env("LLMCM_SERVER", null);
        if (url == null) {
            throw new CliException(CliException.USAGE, "give the server: llmcm login --server URL");
        }
        URI base = Remote.url(url);
        String t = token != null ? token.strip() : stdin(context);
        if (t.isEmpty() || t.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new CliException(CliException.USAGE, t.isEmpty()
                    ? "give the token on standard input or with --token"
                    : "the token holds spaces or control characters; give only the token");
        }
        Remote remote = new Remote(base, t, null);
        remote.send(Remote.get("/health/ready")); // the server is there and ready
        int tenants = remote.send(Remote.get("/v1/tenants")).json().path("items").size(); // the token is accepted
        Path file = Profile.file(context);
        new Profile(base.toString(), t).write(file);
        Out.line(spec, "logged in to " + base + " (" + tenants + " tenant" + (tenants == 1 ? "" : "s") + " visible); saved in " + file);
        return 0;
    }

    /** The token's first line on standard input. */
    private static String stdin(Context context) {
        try {
            String in = new String(context.stdin().readAllBytes(), StandardCharsets.UTF_8);
            return in.lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new CliException(CliException.ERROR, "cannot read standard input (" + e.getClass().getSimpleName() + ")");
        }
    }
}
