package io.llmcm.cli.agent;

import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the SDK logs ({@code System.Logger}, which the JDK writes through java.util.logging)
 * to SLF4J, so {@code llmcm agent} and {@code llmcm watch} log it as their own JSON lines instead
 * of java.util.logging's two-line text on stderr.
 */
public final class JulBridge extends Handler {
    private final Formatter formatter = new SimpleFormatter();

    private JulBridge() {}

    /** Replaces the handlers of java.util.logging's root logger with this bridge, at {@code level}. */
    public static void install(Level level) {
        java.util.logging.Logger root = LogManager.getLogManager().getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        root.addHandler(new JulBridge());
        root.setLevel(level);
    }

    @Override
    public void publish(LogRecord r) {
        Logger log = LoggerFactory.getLogger(r.getLoggerName() == null ? "jul" : r.getLoggerName());
        String message = formatter.formatMessage(r);
        int v = r.getLevel().intValue();
        if (v >= Level.SEVERE.intValue()) {
            log.error(message, r.getThrown());
        } else if (v >= Level.WARNING.intValue()) {
            log.warn(message, r.getThrown());
        } else if (v >= Level.INFO.intValue()) {
            log.info(message, r.getThrown());
        } else {
            log.debug(message, r.getThrown());
        }
    }

    @Override
    public void flush() {
        // SLF4J's appenders flush themselves
    }

    @Override
    public void close() {
        // nothing held
    }
}
