package io.llmcm.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Logging, set up in code rather than from XML: commands stay quiet (warnings and errors of
 * libraries, one line each on stderr, no stack traces); {@code llmcm serve} and {@code llmcm agent}
 * switch to JSON lines on stdout. Logback finds this class through {@code META-INF/services}, so
 * no configuration file is parsed at start-up (parsing one cost a third of a second).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class Logging extends ContextAwareBase implements Configurator {
    /** The quiet set-up of commands. */
    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setPattern("llmcm: %level %logger: %msg%n%nopex");
        root(ctx, encoder, "System.err", Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Replaces the quiet logging with one JSON object per line on stdout (timestamp, level, logger,
     * thread, message, stack_trace, and the MDC: requestId, traceId, spanId, and for access lines
     * method, route, status, durationMicros). Reconfiguring the running context works whatever
     * logged first: loggers made earlier keep their identity and get the new appender and levels.
     * {@code level} applies to llmcm's own loggers; libraries log at info or above (their debug
     * output is not for operators), or at {@code level} when it is warn or error.
     */
    public static void json(String level) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return; // another SLF4J provider (a test's): leave it
        }
        ctx.reset();
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.getFieldNames().setTimestamp("timestamp");
        encoder.getFieldNames().setLogger("logger");
        encoder.getFieldNames().setThread("thread");
        encoder.getFieldNames().setVersion("[ignore]");
        encoder.getFieldNames().setLevelValue("[ignore]");
        encoder.setIncludeContext(false);
        root(ctx, encoder, "System.out", Level.INFO);
        Level l = Level.toLevel(level, Level.INFO);
        ctx.getLogger("llmcm").setLevel(l);
        ctx.getLogger("io.llmcm").setLevel(l);
        if (l.isGreaterOrEqual(Level.WARN)) {
            ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(l);
        }
    }

    private static void root(LoggerContext ctx, Encoder<ILoggingEvent> encoder, String target, Level level) {
        encoder.setContext(ctx);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setName(target);
        appender.setTarget(target);
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(appender);
    }
}
