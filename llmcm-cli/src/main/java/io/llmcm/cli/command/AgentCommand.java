package io.llmcm.cli.command;

import io.llmcm.cli.CliException;
import io.llmcm.cli.Inputs;
import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.Logging;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.agent.JulBridge;
import io.llmcm.cli.agent.LocalApi;
import io.llmcm.cli.agent.Reload;
import io.llmcm.cli.agent.Renderer;
import io.llmcm.cli.agent.Replica;
import io.llmcm.cli.agent.Template;
import io.llmcm.cli.remote.Remote;
import io.llmcm.client.ConfigSpec;
import io.llmcm.client.ConfigView;
import io.llmcm.client.LlmcmClient;
import io.llmcm.client.LlmcmClientException;
import io.llmcm.core.LlmcmException;
import io.llmcm.core.model.Names;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code llmcm agent}: a sidecar that keeps a replica of one scope through the SDK's view, serves
 * it on a loopback address with the server's read routes, renders files from templates and reloads
 * the application when they change. See docs/agent.md.
 */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = {
            "Run a sidecar that keeps a local replica of one scope (tenant, environment, service, prefix) through the server's watch,"
                    + " serves it on 127.0.0.1 with the server's read API (GET /v1/tenants/{t}/config[/{path}], /health/live, /health/ready),"
                    + " renders files from templates and runs a command or sends a signal when they change.",
            "It keeps serving its last good state while the server is away, and starts from its snapshot directory when the server is down.",
            "Works against a server only (--server, LLMCM_SERVER or llmcm login; token from LLMCM_TOKEN or the login).",
            "The local API needs no credential: anyone on the host can read what the agent's token can read. Secrets are always masked"
                    + " in it; --reveal-secrets lets templates (only) insert them.",
            "Templates: {{ PATH }} inserts the value at PATH (a string as is, anything else as compact JSON), {{ PATH#/json/pointer }}"
                    + " a field of it. A missing value keeps the last good file (logged).",
            "Logs are JSON lines on stdout, after the line 'llmcm agent serving URL (scope, revision N)'."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  llmcm agent -t acme -e prod --prefix models \\",
            "      --server https://llmcm.example.com",
            "  llmcm agent -t acme -e prod --template app.conf.tmpl:/etc/app/app.conf \\",
            "      --exec 'systemctl reload app'",
            "  llmcm agent -t acme -e prod --template keys.tmpl:/run/app/keys \\",
            "      --reveal-secrets --signal HUP --pid-file /run/app.pid",
            "  curl -i 'http://127.0.0.1:8300/v1/tenants/acme/config/models/chat?env=prod'"
        })
public final class AgentCommand implements Callable<Integer> {
    /** The line scripts wait for. */
    public static final String SERVING = "llmcm agent serving ";

    private static final Logger LOG = LoggerFactory.getLogger(AgentCommand.class);
    private static final Duration OPEN_BACKOFF_MAX = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    LayerOptions layer;

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "replicate only paths under this prefix (default: every path of the scope)")
    String prefix = "";

    @Option(names = "--listen", paramLabel = "ADDR:PORT", description = "where the local API listens; a loopback address only (default 127.0.0.1:8300; port 0 picks a free one)")
    String listen = "127.0.0.1:8300";

    @Option(names = "--snapshot-dir", paramLabel = "DIR", description = "where the replica is kept on disk, to start with the server down (default ./llmcm-agent)")
    Path snapshotDir = Path.of("llmcm-agent");

    @Option(names = "--reveal-secrets", description = "templates may insert secrets (read revealed, audited by the server; needs secret:read); the local API still masks them")
    boolean revealSecrets;

    @Option(names = "--template", paramLabel = "SRC:DEST", description = "render the template file SRC to DEST after every change (repeatable)")
    List<String> templates = new ArrayList<>();

    @Option(names = "--exec", paramLabel = "CMD", description = "run CMD with /bin/sh -c once after rendered files changed (output to the log)")
    String exec;

    @Option(names = "--exec-timeout", paramLabel = "SECONDS", description = "kill --exec after this many seconds (default 30)")
    int execTimeout = 30;

    @Option(names = "--signal", paramLabel = "SIG", description = "send this signal (HUP, USR1, …) to the process of --pid-file after rendered files changed")
    String signal;

    @Option(names = "--pid-file", paramLabel = "FILE", description = "the file holding the process id --signal goes to (read at every change)")
    Path pidFile;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "error, warn, info (default) or debug")
    String logLevel = "info";

    @Override
    public Integer call() throws InterruptedException {
        Remote remote = store.requireRemote("replicates a server");
        ConfigSpec configSpec = configSpec();
        InetSocketAddress address = listenAddress();
        List<Renderer.Target> targets = targets();
        Reload reload = reload();
        String level = logLevel.strip().toLowerCase(Locale.ROOT);
        if (!List.of("error", "warn", "info", "debug").contains(level)) {
            throw new ParameterException(spec.commandLine(), "--log-level must be error, warn, info or debug, got '" + logLevel + "'");
        }
        Logging.json(level);
        JulBridge.install(level.equals("debug") ? java.util.logging.Level.FINE : java.util.logging.Level.INFO);

        LocalApi api;
        try {
            api = LocalApi.start(address);
        } catch (BindException e) {
            throw new CliException(CliException.ERROR, "cannot listen on " + listen + " (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new CliException(CliException.ERROR, "cannot listen on " + listen + " (" + e + ")");
        }
        LlmcmClient.Builder b = LlmcmClient.builder()
                .server(remote.base())
                .snapshotDir(snapshotDir)
                .reconnectBackoff(Duration.ofMillis(250), OPEN_BACKOFF_MAX);
        if (remote.token() != null) {
            b.token(remote.token());
        }
        LlmcmClient client = b.build();
        Renderer renderer = null;
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            ConfigView served = open(client, configSpec, remote);
            ConfigView rendered = revealSecrets ? open(client, configSpec.revealSecrets(true), remote) : served;
            Replica replica = new Replica(served, rendered);
            renderer = new Renderer(targets, rendered, revealSecrets, reload);
            renderer.start();
            api.serve(replica);
            replica.logFollowing();
            Out.line(spec, SERVING + "http://" + hostText(address) + ":" + api.port() + " (" + replica.scope()
                    + (replica.prefix().isEmpty() ? "" : " " + replica.prefix()) + ", revision " + served.revision()
                    + (served.snapshot().source() == io.llmcm.client.Snapshot.Source.DISK ? ", from the snapshot on disk" : "") + ")");
            LOG.info("agent serving {} on port {} at revision {}", replica.scope(), api.port(), served.revision());
        } catch (RuntimeException | InterruptedException e) {
            api.close();
            client.close();
            throw e;
        }
        Renderer r = renderer;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            r.close();
            client.close();
            stopped.countDown();
        }, "llmcm-agent-shutdown"));
        stopped.await();
        return 0;
    }

    private ConfigSpec configSpec() {
        String p;
        try {
            p = Names.prefix(prefix);
        } catch (LlmcmException e) {
            throw new ParameterException(spec.commandLine(), "--prefix: " + e.getMessage());
        }
        return ConfigSpec.of(tenant.tenant(), layer.env()).service(layer.scope(tenant.tenant()).service()).prefix(p);
    }

    /** Opens a view, retrying while the server cannot be reached and there is no snapshot on disk. */
    private ConfigView open(LlmcmClient client, ConfigSpec s, Remote remote) throws InterruptedException {
        long delay = 250;
        for (int failures = 0; ; failures++) {
            try {
                return client.config(s);
            } catch (LlmcmClientException e) {
                if (!e.isTransient()) {
                    throw new CliException(e.status() == 0 ? CliException.ERROR : Remote.exitCode(e.status()),
                            "the server " + remote.base() + " refused to replicate " + s + ": " + e.getMessage());
                }
                if (failures == 0) {
                    LOG.warn("{}: no snapshot yet ({}); retrying until the server answers", s, e.getMessage());
                }
                Thread.sleep(delay);
                delay = Math.min(delay * 2, OPEN_BACKOFF_MAX.toMillis());
            }
        }
    }

    private InetSocketAddress listenAddress() {
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw new ParameterException(spec.commandLine(), "--listen must be ADDR:PORT such as 127.0.0.1:8300, got '" + listen + "'");
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--listen: the port must be between 0 and 65535, got '" + listen.substring(colon + 1) + "'");
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--listen: unknown address '" + host + "'");
        }
        if (!a.isLoopbackAddress()) {
            throw new ParameterException(spec.commandLine(), "--listen must be a loopback address (127.0.0.1, ::1 or localhost), got '" + host
                    + "': the local API has no authentication");
        }
        return new InetSocketAddress(a, port);
    }

    private static String hostText(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return h.contains(":") ? "[" + h + "]" : h;
    }

    private List<Renderer.Target> targets() {
        List<Renderer.Target> list = new ArrayList<>();
        for (String t : templates) {
            int colon = t.indexOf(':');
            if (colon <= 0 || colon == t.length() - 1) {
                throw new ParameterException(spec.commandLine(), "--template must be SRC:DEST, got '" + t + "'");
            }
            Path src = Path.of(t.substring(0, colon));
            Path dest = Path.of(t.substring(colon + 1));
            try {
                Template.parse(Inputs.readFile(src));
            } catch (CliException e) {
                throw new ParameterException(spec.commandLine(), "--template: " + e.getMessage());
            } catch (Template.TemplateException e) {
                throw new ParameterException(spec.commandLine(), "--template " + src + ": " + e.getMessage());
            }
            Path dir = dest.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new ParameterException(spec.commandLine(), "--template: the directory of " + dest + " does not exist");
            }
            list.add(new Renderer.Target(src, dest));
        }
        return list;
    }

    private Reload reload() {
        if ((signal == null) != (pidFile == null)) {
            throw new ParameterException(spec.commandLine(), "--signal and --pid-file go together");
        }
        String sig = null;
        if (signal != null) {
            sig = Reload.signalName(signal);
            if (sig == null) {
                throw new ParameterException(spec.commandLine(), "--signal must be one of " + String.join(", ", Reload.SIGNALS) + ", got '" + signal + "'");
            }
        }
        if (execTimeout <= 0) {
            throw new ParameterException(spec.commandLine(), "--exec-timeout must be at least 1 second");
        }
        if ((exec != null || sig != null) && templates.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--exec and --signal run after rendered files change: add --template SRC:DEST");
        }
        return new Reload(exec, Duration.ofSeconds(execTimeout), sig, pidFile);
    }
}
