package io.llmcm.cli;

import io.llmcm.core.repo.ChangeRequest;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --author} and {@code --message}: who makes a change and why (both land in the log). */
public final class WriteOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--author", paramLabel = "NAME", description = "author recorded in history (default: $LLMCM_AUTHOR or the user name)")
    String author;

    @Option(names = {"-m", "--message"}, paramLabel = "TEXT", description = "why the change is made (recorded in history)")
    String message;

    public String author() {
        return author(author, Context.of(mixee));
    }

    /** The explicit author, else $LLMCM_AUTHOR, else the operating system's user name. */
    public static String author(String explicit, Context context) {
        if (explicit != null) {
            return explicit;
        }
        return context.env("LLMCM_AUTHOR", System.getProperty("user.name", "unknown"));
    }

    /**
     * The checks of a write sent to a server: it records the authenticated caller as the author, so
     * an explicit {@code --author} cannot be honoured and is refused rather than dropped.
     */
    public WriteOptions remote() {
        refuseAuthorOnServer(author);
        return this;
    }

    /** For a command with an {@code --author} of its own: refused when given, since the server records the caller. */
    public static void refuseAuthorOnServer(String explicit) {
        if (explicit != null) {
            throw new CliException(CliException.USAGE, "--author does not work with a server: it records the caller its token belongs to as the author");
        }
    }

    /**
     * The checks of a write whose server route records a message of its own: {@code --message} is
     * refused rather than dropped, as {@code --author} is.
     *
     * @param recorded the message the server records, e.g. "create tenant acme"
     */
    public WriteOptions remoteWithoutMessage(String recorded) {
        remote();
        if (hasMessage()) {
            throw new CliException(CliException.USAGE, "--message does not work with " + mixee.qualifiedName() + " on a server yet (it records '" + recorded + "')");
        }
        return this;
    }

    /** True when {@code --message} was given. */
    public boolean hasMessage() {
        return message != null && !message.isEmpty();
    }

    public String message() {
        return message == null ? "" : message;
    }

    /** A change request by this author with this message. */
    public ChangeRequest.Builder request() {
        return ChangeRequest.by(author()).message(message());
    }
}
