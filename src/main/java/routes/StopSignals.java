package routes;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT (Ctrl-C) start the long-lived process's clean stop. The JVM's own handling of them would run the
 * shutdown hooks and then end the process with 128 + the signal number (143, 130) whatever the hooks did; handled here,
 * they only ask Camel Main to stop, {@code main.run()} returns once the context has stopped, and the main thread exits
 * with 0. Where the signals cannot be handled (e.g. {@code -Xrs}) the JVM's handling stays, and Camel's own shutdown
 * hook still stops the context cleanly.
 */
final class StopSignals {
    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {
    }

    static void install(Runnable stop) {
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    LOG.info("SIG{} received: stopping (a backfill in flight is abandoned)", signal.getName());
                    stop.run();
                });
            } catch (IllegalArgumentException e) {
                LOG.debug("SIG{} left to the JVM: {}", name, e.getMessage());
            }
        }
    }
}
