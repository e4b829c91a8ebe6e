package io.llmcm.cli;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * The user's terminal, for what must not come through arguments, pipes or the screen: a
 * passphrase typed without echo. Absent when the command does not run in a terminal (scripts,
 * tests), in which case nothing can be asked.
 */
public interface Terminal {
    /**
     * Asks for a secret without echoing it.
     *
     * @return the characters typed (the caller wipes them), or null when the input ended
     */
    char[] readPassword(String prompt);

    /** The process's terminal, or null when standard input or output is not one. */
    static Terminal system() {
        Console console = System.console();
        if (console == null || !isTerminal(console)) {
            return null;
        }
        return prompt -> console.readPassword("%s", prompt);
    }

    /**
     * Since JDK 22 {@link System#console()} may return a console for redirected streams too; {@code
     * isTerminal()} (JDK 22+) tells them apart. The build targets 21, so it is looked up by name.
     */
    private static boolean isTerminal(Console console) {
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // JDK 21: a console exists only for a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
