package io.llmcm.cli;

/**
 * A failure found by the CLI itself (an unreadable file, a bad combination of values), with the
 * exit code it ends the process with. Its message is shown to the user as is.
 */
public final class CliException extends RuntimeException {
    /** Exit code for a failure that is not the user's fault to fix by changing the command. */
    public static final int ERROR = 1;
    public static final int USAGE = 2;
    public static final int NOT_FOUND = 3;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message, null, false, false); // no stack trace: it is never shown
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
