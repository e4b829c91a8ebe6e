package io.llmcm.store.sqlite;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;

/**
 * Sends Flyway's messages to {@link System.Logger} at debug level. Flyway otherwise picks
 * java.util.logging when SLF4J is absent and prints its banner and progress on the console, while
 * the CLI prints only its own output; a failed migration still surfaces as an exception.
 */
public final class QuietFlywayLog implements LogCreator {
    /** Flyway instantiates the creator by class name. */
    public QuietFlywayLog() {}

    @Override
    public Log createLogger(Class<?> clazz) {
        System.Logger logger = System.getLogger(clazz.getName());
        return new Log() {
            @Override
            public void debug(String message) {
                logger.log(System.Logger.Level.DEBUG, message);
            }

            @Override
            public void info(String message) {
                logger.log(System.Logger.Level.DEBUG, message);
            }

            @Override
            public void warn(String message) {
                logger.log(System.Logger.Level.DEBUG, message);
            }

            @Override
            public void error(String message) {
                logger.log(System.Logger.Level.DEBUG, message);
            }

            @Override
            public void error(String message, Exception e) {
                logger.log(System.Logger.Level.DEBUG, message, e);
            }

            @Override
            public void notice(String message) {
                logger.log(System.Logger.Level.DEBUG, message);
            }
        };
    }
}
