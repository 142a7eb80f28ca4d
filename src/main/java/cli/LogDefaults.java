package cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's base configuration, in code rather than a logback.xml (logback's XML configurator costs a one-shot
 * command more start-up time than anything else before its work - docs/benchmarks.md#start-up): stderr, ISO-8601 UTC
 * time stamps, root at INFO, Camel at INFO (or {@code -Dkline.log.camel=LEVEL}), Parquet at WARN, Hadoop at ERROR.
 * {@link LogSetup} applies {@code app.log.*} and {@code --log-level} on top before a command starts. Registered in
 * {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}; a configuration file named by
 * {@code -Dlogback.configurationFile=FILE} replaces it.
 */
public final class LogDefaults extends ContextAwareBase implements Configurator {
    /** The system property that fixes Camel's log level (LogSetup leaves Camel's level alone when it is set). */
    static final String CAMEL_LEVEL_PROPERTY = "kline.log.camel";
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %-5level %logger{24} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY; // logback's own configurator reads that file
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
        context.getLogger("org.apache.camel").setLevel(Level.toLevel(System.getProperty(CAMEL_LEVEL_PROPERTY), Level.INFO));
        context.getLogger("org.apache.parquet").setLevel(Level.WARN);
        context.getLogger("org.apache.hadoop").setLevel(Level.ERROR);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
