package cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;
import settings.LogSettings;
import settings.SettingsException;

/**
 * Applies {@code app.log.*} and {@code --log-level} to logback (configured by {@link LogDefaults}: stderr, ISO-8601
 * UTC time stamps) before a command starts anything:
 * <ul>
 * <li>the root level is {@code --log-level}, else {@code app.log.level};</li>
 * <li>Camel's loggers follow it, except while a one-shot command runs without {@code --log-level}: then Camel logs
 * warnings and errors only (its error handler errors only), since its start-up and shutdown lines would bury the
 * command's own output - unless {@code -Dkline.log.camel=LEVEL} chose Camel's level; the same holds for our own
 * wiring in {@code routes} (start-up housekeeping such as the standing features' recovery): a one-shot command's
 * stderr carries its result or its one-line refusal, not start-up notes;</li>
 * <li>{@code app.log.format=json} writes one JSON object per line (logback's {@link JsonEncoder}: timestamp in epoch
 * ms, level, threadName, loggerName, formattedMessage, throwable) instead of the pattern;</li>
 * <li>{@code app.log.file} appends every line to that file as well (parent folders created).</li>
 * </ul>
 * Levels are set on the loggers rather than in the base configuration so they also hold when logging was configured before
 * (tests). Closing restores what was there before.
 */
final class LogSetup {
    static final String CAMEL = "org.apache.camel";
    /** Our Camel wiring: start-up housekeeping notes (INFO) that a one-shot command does not print. */
    static final String WIRING = "routes";
    /** Its retry notices (WARN) repeat what the command's own result lines say (backfill: FAILED ...). */
    static final String CAMEL_ERROR_HANDLER = "org.apache.camel.processor.errorhandler";
    static final String FALLBACK_PATTERN = LogDefaults.PATTERN;

    private LogSetup() {
    }

    /**
     * @param cliLevel {@code --log-level} or null
     * @param oneShot  a one-shot command (not the long-lived process)
     * @throws SettingsException when {@code app.log.file} cannot be opened for appending
     */
    static AutoCloseable apply(LogSettings settings, String cliLevel, boolean oneShot) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return () -> { };
        }
        Deque<Runnable> undo = new ArrayDeque<>();
        Level level = Level.toLevel(cliLevel != null ? cliLevel : settings.level(), Level.INFO);
        setLevel(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME), level, undo);
        if (System.getProperty(LogDefaults.CAMEL_LEVEL_PROPERTY) == null) {
            boolean quiet = oneShot && cliLevel == null;
            setLevel(context.getLogger(CAMEL), quiet ? atLeast(Level.WARN, level) : level, undo);
            setLevel(context.getLogger(CAMEL_ERROR_HANDLER), quiet ? atLeast(Level.ERROR, level) : null, undo);
        }
        boolean quietWiring = oneShot && cliLevel == null;
        setLevel(context.getLogger(WIRING), quietWiring ? atLeast(Level.WARN, level) : null, undo);
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        String pattern = pattern(root);
        if (settings.json()) {
            for (Appender<ILoggingEvent> console : consoles(root)) {
                ConsoleAppender<ILoggingEvent> json = new ConsoleAppender<>();
                json.setContext(context);
                json.setName(console.getName() + "-json");
                json.setTarget(((ConsoleAppender<ILoggingEvent>) console).getTarget());
                json.setEncoder(encoder(context, true, pattern));
                json.start();
                root.detachAppender(console);
                root.addAppender(json);
                undo.push(() -> {
                    root.detachAppender(json);
                    json.stop();
                    root.addAppender(console);
                });
            }
        }
        if (settings.file() != null) {
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setContext(context);
            file.setName("FILE");
            file.setFile(settings.file().toString());
            file.setAppend(true);
            file.setEncoder(encoder(context, settings.json(), pattern));
            file.start();
            if (!file.isStarted()) {
                restore(undo);
                throw new SettingsException("app.log.file", "bad setting app.log.file='" + settings.file()
                        + "': cannot be opened for appending; name a file this process may write");
            }
            root.addAppender(file);
            undo.push(() -> {
                root.detachAppender(file);
                file.stop();
            });
        }
        return () -> restore(undo);
    }

    private static void restore(Deque<Runnable> undo) {
        while (!undo.isEmpty()) {
            undo.pop().run();
        }
    }

    private static void setLevel(Logger logger, Level level, Deque<Runnable> undo) {
        Level before = logger.getLevel();
        logger.setLevel(level);
        undo.push(() -> logger.setLevel(before));
    }

    /** The more severe of the two. */
    private static Level atLeast(Level floor, Level level) {
        return level.isGreaterOrEqual(floor) ? level : floor;
    }

    private static List<Appender<ILoggingEvent>> consoles(Logger root) {
        List<Appender<ILoggingEvent>> found = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> a = it.next();
            if (a instanceof ConsoleAppender) {
                found.add(a);
            }
        }
        return found;
    }

    /** The pattern of the base configuration's console appender, so that a log file looks like stderr. */
    private static String pattern(Logger root) {
        for (Appender<ILoggingEvent> a : consoles(root)) {
            if (a instanceof OutputStreamAppender<ILoggingEvent> o && o.getEncoder() instanceof PatternLayoutEncoder p) {
                return p.getPattern();
            }
        }
        return FALLBACK_PATTERN;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json, String pattern) {
        if (json) {
            JsonEncoder e = new JsonEncoder();
            e.setContext(context);
            e.setWithSequenceNumber(false);
            e.setWithNanoseconds(false);
            e.setWithContext(false);
            e.setWithMessage(false);          // the raw "{}" template
            e.setWithArguments(false);
            e.setWithFormattedMessage(true);  // the message as the pattern would print it
            e.start();
            return e;
        }
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setContext(context);
        e.setPattern(pattern);
        e.start();
        return e;
    }
}
