package io.llmcm.cli.command;

import io.llmcm.cli.Context;
import io.llmcm.cli.KeyProviders;
import io.llmcm.cli.StoreOptions;
import io.llmcm.core.auth.Authentication;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.Server;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmcm serve}: runs the HTTP server on the embedded store, creating and initializing the
 * store (with a master key file) on the first start and printing a one-time admin API key.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Run the server (REST API v1) on the embedded store, on 127.0.0.1:8080 unless told otherwise.",
            "On the first start it creates the store if needed, with a master key file, and prints an admin API key once: keep it.",
            "For automation, set LLMCM_BOOTSTRAP_TOKEN to a token of your choice and use it as a Bearer token instead (no key is printed then)."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  llmcm serve", "  llmcm serve --store /var/lib/llmcm --bind 0.0.0.0 --port 8443"})
public final class ServeCommand implements Callable<Integer> {
    /** The line that carries the one-time key, for scripts to find. */
    public static final String KEY_LINE = "admin API key (shown once): ";

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--port", paramLabel = "N", description = "port to listen on (default 8080; 0 picks a free one)")
    int port = Server.Options.DEFAULT_PORT;

    @Option(names = "--bind", paramLabel = "ADDR", description = "address to listen on (default 127.0.0.1)")
    String bind = Server.Options.DEFAULT_BIND;

    @Override
    public Integer call() throws InterruptedException {
        Context context = Context.of(spec);
        if (port < 0 || port > 65535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port must be between 0 and 65535, got " + port);
        }
        long started = System.nanoTime();
        Repository repo = store.create();
        Server server;
        try {
            if (!repo.isInitialized()) {
                KeyProviders keys = store.keys();
                List<String> lines = repo.secrets().hasMasterKey() ? List.of() : MasterKeys.create(repo, keys, "file", "llmcm serve");
                repo.initialize("llmcm serve");
                Out.line(spec, "initialized store " + store.dir());
                lines.forEach(l -> Out.line(spec, l));
            }
            Server.Options options = Server.Options.defaults()
                    .withBind(bind)
                    .withPort(port)
                    .withBootstrapToken(context.env(Authentication.BOOTSTRAP_VARIABLE, null));
            server = Server.start(repo, options);
        } catch (RuntimeException e) {
            repo.close();
            throw e;
        }
        server.bootstrapKey().ifPresent(k -> Out.line(spec, KEY_LINE + k.secret()));
        Out.line(spec, "llmcm serving http://" + bind + ":" + server.port() + " (store " + store.dir() + ", revision "
                + server.revision() + ", ready in " + (System.nanoTime() - started) / 1_000_000 + " ms)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "llmcm-shutdown"));
        stopped.await();
        return 0;
    }
}
