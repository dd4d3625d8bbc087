package dev.lap.vault;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The standalone vault's logging: Logback on stderr (stdout carries the audit's JSON lines by
 * default), readable text or, with {@code LAP_LOG_FORMAT=json}, one JSON object a line; the level
 * from {@code LAP_LOG_LEVEL}. Configured in code rather than by a {@code logback.xml} in the jar,
 * so an application embedding the vault (lap-server) keeps its own configuration. An operator's
 * {@code -Dlogback.configurationFile} wins over both.
 *
 * <p>What is logged never holds a secret, a stub or a body: messages are built from hosts,
 * revisions, paths and reasons the vault wrote itself (a test scans a run's log for both).
 */
final class VaultLogging {
    static final String FORMAT = "LAP_LOG_FORMAT";
    static final String LEVEL = "LAP_LOG_LEVEL";

    private VaultLogging() {}

    /**
     * Configures the backend. Returns what was wrong with the environment (an unknown format or
     * level, each replaced by its default), or an empty string.
     */
    static String configure(Map<String, String> env) {
        if (System.getProperty("logback.configurationFile") != null) {
            return "";
        }
        StringBuilder problems = new StringBuilder();
        String format = env.getOrDefault(FORMAT, "text").strip().toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            problems.append(FORMAT + "=" + format + " is not text or json; logging text. ");
            format = "text";
        }
        String levelName = env.getOrDefault(LEVEL, "info").strip();
        Level level = Level.toLevel(levelName, null);
        if (level == null) {
            problems.append(LEVEL + "=" + levelName + " is not one of trace, debug, info, warn, error, off;"
                    + " logging at info. ");
            level = Level.INFO;
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("stderr");
        appender.setTarget("System.err");
        appender.setEncoder(format.equals("json") ? json(context) : text(context));
        appender.start();
        // java.util.logging (OpenTelemetry's SDK) into the same appender; the level propagator
        // keeps JUL from building records that Logback would drop.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        LevelChangePropagator propagator = new LevelChangePropagator();
        propagator.setContext(context);
        propagator.setResetJUL(true);
        context.addListener(propagator);
        propagator.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(appender);
        // Netty's and the libraries' own chatter is for their developers; an operator asking for
        // debug wants the vault's decisions, not every buffer leak probe.
        if (!level.isGreaterOrEqual(Level.INFO)) {
            for (String library : List.of("io.netty", "io.opentelemetry", "com.networknt", "liquibase", "io.r2dbc")) {
                context.getLogger(library).setLevel(Level.INFO);
            }
        }
        return problems.toString().strip();
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %-5level %logger{0}: %msg%n%ex{short}");
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        // Only what an operator's log pipeline reads: no sequence number, nanoseconds, context,
        // or raw arguments (the formatted message is the one place an argument appears).
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithArguments(false);
        encoder.setWithMessage(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }
}
