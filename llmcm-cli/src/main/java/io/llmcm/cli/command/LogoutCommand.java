package io.llmcm.cli.command;

import io.llmcm.cli.Context;
import io.llmcm.cli.remote.Profile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code llmcm logout}: forgets the saved server and token. */
@Command(
        name = "logout",
        mixinStandardHelpOptions = true,
        description = "Remove the profile llmcm login saved (server and token). The token stays valid on the server; revoke it there if it leaked.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm logout")
public final class LogoutCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path file = Profile.file(Context.of(spec));
        Profile p = null;
        try {
            p = Profile.read(file);
        } catch (RuntimeException e) {
            // an unreadable profile is removed all the same
        }
        if (!Profile.delete(file)) {
            Out.line(spec, "not logged in (no " + file + ")");
            return 0;
        }
        Out.line(spec, "logged out" + (p == null ? "" : " of " + p.server()) + " (removed " + file + ")");
        return 0;
    }
}
