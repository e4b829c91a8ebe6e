package io.llmcm.cli;

import io.llmcm.core.LlmcmException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where failures become exit codes and a message on stderr: {@code llmcm:
 * <message>}, never a stack trace. Messages of unknown exceptions are not shown either, because
 * they may echo secret input; only their class name is.
 */
public final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
    /** Exit code of a usage error (bad option, missing argument). */
    public static final int USAGE = 2;

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        print(cmd.getErr(), describe(ex) + " (see '" + name + " --help')");
        return USAGE;
    }

    /**
     * Picocli's message, except for surplus positional arguments: after a command group they name an
     * unknown command; elsewhere they are usually an unquoted value split by the shell, so say that
     * instead of echoing the words (they may be secret).
     */
    static String describe(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException u && !u.isUnknownOption() && !u.getUnmatched().isEmpty()) {
            if (!ex.getCommandLine().getSubcommands().isEmpty()) { // a command group: the word is a command name
                return "unknown command '" + u.getUnmatched().getFirst() + "'";
            }
            int n = u.getUnmatched().size();
            return n + " unexpected argument" + (n == 1 ? "" : "s") + "; quote a VALUE that contains spaces";
        }
        return ex.getMessage();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        return switch (ex) {
            case LlmcmException e -> {
                print(err, e.getMessage());
                yield e.kind().exitCode();
            }
            case CliException e -> {
                print(err, e.getMessage());
                yield e.exitCode();
            }
            default -> {
                print(err, "internal error (" + ex.getClass().getName() + ")");
                yield 1;
            }
        };
    }

    /** One line; a validation failure adds its already indented violation lines. */
    static void print(PrintWriter err, String message) {
        err.print("llmcm: " + (message == null || message.isBlank() ? "failed" : message) + "\n");
        err.flush();
    }
}
