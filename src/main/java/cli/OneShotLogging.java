package cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's logging while a one-shot command runs: warnings and errors only (its start-up and shutdown lines would
 * bury the command's own output), unless {@code -Dkline.log.camel=LEVEL} chose a level. Set on the logger rather
 * than through logback.xml so that it also holds when logging was configured before the command ran (tests).
 */
final class OneShotLogging {
    static final String CAMEL = "org.apache.camel";
    /** Its retry notices (WARN) repeat what the command's own result lines say (backfill: FAILED ...). */
    static final String CAMEL_ERROR_HANDLER = "org.apache.camel.processor.errorhandler";

    private OneShotLogging() {
    }

    /** Lowers Camel's logging to WARN (its error handler's to ERROR); closing restores the levels they had. */
    static AutoCloseable quietCamel() {
        if (System.getProperty("kline.log.camel") != null
                || !(LoggerFactory.getLogger(CAMEL) instanceof Logger camel)
                || !(LoggerFactory.getLogger(CAMEL_ERROR_HANDLER) instanceof Logger errorHandler)) {
            return () -> { };
        }
        Level camelBefore = camel.getLevel();
        Level errorHandlerBefore = errorHandler.getLevel();
        camel.setLevel(Level.WARN);
        errorHandler.setLevel(Level.ERROR);
        return () -> {
            camel.setLevel(camelBefore);
            errorHandler.setLevel(errorHandlerBefore);
        };
    }
}
