package io.llmcm.cli;

import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a command reads from its surroundings besides its arguments: environment variables,
 * standard input and the terminal. Passed in rather than read from {@link System} so tests can run
 * commands in process with a controlled environment.
 *
 * @param terminal where a passphrase can be asked for; null when not run in a terminal
 */
public record Context(Map<String, String> env, InputStream stdin, Terminal terminal) {
    public Context {
        env = Map.copyOf(env);
        Objects.requireNonNull(stdin, "stdin");
    }

    /** A context without a terminal (nothing can be asked interactively). */
    public Context(Map<String, String> env, InputStream stdin) {
        this(env, stdin, null);
    }

    /** The environment variable, or {@code fallback} when it is unset or empty. */
    public String env(String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    /** The context of the running command line (held by its root command, {@link Main}). */
    public static Context of(CommandSpec spec) {
        return ((Main) spec.root().userObject()).context();
    }
}
