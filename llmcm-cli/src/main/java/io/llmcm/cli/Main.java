package io.llmcm.cli;

import io.llmcm.cli.command.AgentCommand;
import io.llmcm.cli.command.AuditCommand;
import io.llmcm.cli.command.CatalogCommand;
import io.llmcm.cli.command.ServeCommand;
import io.llmcm.cli.command.DeleteCommand;
import io.llmcm.cli.command.DiffCommand;
import io.llmcm.cli.command.EnvCommand;
import io.llmcm.cli.command.ExportCommand;
import io.llmcm.cli.command.GetCommand;
import io.llmcm.cli.command.HistoryCommand;
import io.llmcm.cli.command.ImportCommand;
import io.llmcm.cli.command.InitCommand;
import io.llmcm.cli.command.KeyCommand;
import io.llmcm.cli.command.ListCommand;
import io.llmcm.cli.command.LlmCommand;
import io.llmcm.cli.command.LoginCommand;
import io.llmcm.cli.command.LogoutCommand;
import io.llmcm.cli.command.PruneCommand;
import io.llmcm.cli.command.RollbackCommand;
import io.llmcm.cli.command.RouteCommand;
import io.llmcm.cli.command.SchemaCommand;
import io.llmcm.cli.command.SecretCommand;
import io.llmcm.cli.command.SetCommand;
import io.llmcm.cli.command.TagCommand;
import io.llmcm.cli.command.TargetingCommand;
import io.llmcm.cli.command.TenantCommand;
import io.llmcm.cli.command.ValidateCommand;
import io.llmcm.cli.command.WatchCommand;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code llmcm} command: works on a local store directory, or on a server ({@code --server}). Without a subcommand it prints the
 * usage on stderr and exits with 2 (a usage error), so a script that forgot the subcommand fails.
 */
@Command(
        name = "llmcm",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Configuration and secrets store for LLM systems: layered values per tenant, environment and service, with history, tags, diff, rollback and schemas, and secrets encrypted per tenant.",
        footerHeading = "%nEnvironment variables (options override them):%n",
        footer = {
            "  LLMCM_STORE            store directory (default ./data)",
            "  LLMCM_SERVER           work on this server instead of a store (--server)",
            "  LLMCM_TOKEN            the server's Bearer token (default: llmcm login's)",
            "  LLMCM_CONFIG_DIR       where llmcm login saves (default ~/.config/llmcm)",
            "  LLMCM_TENANT           tenant (default global)",
            "  LLMCM_ENV              environment (default base)",
            "  LLMCM_AUTHOR           author of changes (default: the user name)",
            "  LLMCM_RETENTION_DAYS   history kept by prune (default 90)",
            "  LLMCM_MASTER_KEY_FILE  master key file (default: the one init made)",
            "  LLMCM_MASTER_KEY       the master key of a store made with --key-provider env",
            "  LLMCM_PASSPHRASE       the passphrase of a store made with --key-provider",
            "                         passphrase (else it is asked for on the terminal)",
            "",
            "Exit codes: 0 ok, 1 error, 2 usage, 3 not found or expired, 4 conflict",
            "  (--if-revision), 5 validation failed, 6 permission denied.",
            "",
            "Examples:",
            "  llmcm init",
            "  llmcm set models/openai/gpt-4o '{\"model\":\"gpt-4o\",\"temperature\":0.7}'",
            "  llmcm get models/openai/gpt-4o --tenant acme --env prod --explain",
            "  llmcm secret set providers/openai/api-key - --tenant acme < key.txt",
            "  llmcm login --server https://llmcm.example.com < token.txt",
            "  llmcm get models/openai/gpt-4o --server https://llmcm.example.com"
        })
public final class Main implements Callable<Integer> {
    /**
     * The subcommands, in the order help lists them. Registered in code rather than in the
     * annotation so that a command line builds the model of its own subcommand only: building all
     * of them from their annotations took a quarter of a second of every start.
     */
    private static final List<Class<?>> COMMANDS = List.of(
            InitCommand.class,
            ServeCommand.class,
            SetCommand.class,
            GetCommand.class,
            DeleteCommand.class,
            ListCommand.class,
            HistoryCommand.class,
            DiffCommand.class,
            RollbackCommand.class,
            TagCommand.class,
            ImportCommand.class,
            ExportCommand.class,
            SchemaCommand.class,
            ValidateCommand.class,
            TargetingCommand.class,
            RouteCommand.class,
            LlmCommand.class,
            CatalogCommand.class,
            io.llmcm.cli.command.PromptCommand.class,
            io.llmcm.cli.command.TemplateCommand.class,
            TenantCommand.class,
            EnvCommand.class,
            PruneCommand.class,
            SecretCommand.class,
            KeyCommand.class,
            AuditCommand.class,
            LoginCommand.class,
            LogoutCommand.class,
            WatchCommand.class,
            AgentCommand.class);

    private final Context context;

    @Spec
    CommandSpec spec;

    public Main(Context context) {
        this.context = context;
    }

    public Context context() {
        return context;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ErrorHandler.USAGE;
    }

    public static void main(String[] args) {
        // a failure on a background thread (the committer) must not print a stack trace either
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> System.err.print("llmcm: internal error (" + e.getClass().getName() + ")\n"));
        System.exit(run(args, System.getenv(), System.in, Terminal.system(), System.out, System.err));
    }

    /** Runs one command line without a terminal and returns its exit code; output goes to {@code out} and {@code err}. */
    public static int run(String[] args, Map<String, String> env, InputStream in, OutputStream out, OutputStream err) {
        return run(args, env, in, null, out, err);
    }

    /** Runs one command line; {@code terminal} (may be null) is where passphrases are asked for. */
    public static int run(String[] args, Map<String, String> env, InputStream in, Terminal terminal, OutputStream out, OutputStream err) {
        PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8));
        try {
            return commandLine(new Context(env, in, terminal), args.length == 0 ? "" : args[0]).setOut(o).setErr(e).execute(args);
        } catch (RuntimeException | Error ex) { // thrown outside a command (picocli set-up, an Error)
            ErrorHandler.print(e, "internal error (" + ex.getClass().getName() + ")");
            return 1;
        } finally {
            o.flush();
            e.flush();
        }
    }

    /** The whole command tree with the error handlers installed. */
    public static CommandLine commandLine(Context context) {
        return commandLine(context, "");
    }

    /**
     * The command tree for a command line whose first word is {@code first}: when it names a
     * subcommand, only that one is built (the rest of the line is its business); otherwise all are,
     * for help and for the message about an unknown command.
     */
    static CommandLine commandLine(Context context, String first) {
        CommandLine root = new CommandLine(new Main(context));
        Class<?> only = COMMANDS.stream()
                .filter(c -> c.getAnnotation(Command.class).name().equals(first))
                .findFirst().orElse(null);
        for (Class<?> c : COMMANDS) {
            if (only == null || c == only) {
                root.addSubcommand(c);
            }
        }
        ErrorHandler handler = new ErrorHandler();
        return root
                .setExecutionExceptionHandler(handler)
                .setParameterExceptionHandler(handler)
                // @file is a value from a file here (set, validate, schema set), not picocli's argument file
                .setExpandAtFiles(false)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
