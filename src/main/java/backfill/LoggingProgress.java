package backfill;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Progress of the long-lived process: one log line per archive. */
public final class LoggingProgress implements BackfillProgress {
    private static final Logger LOG = LoggerFactory.getLogger("backfill");

    @Override
    public void started(String file, int done, int planned) {
        LOG.debug("checking {}", file);
    }

    @Override
    public void finished(FileResult result, int done, int planned, long totalBytes, double bytesPerSecond) {
        if (result.problem()) {
            LOG.warn("[{}/{}] {}", done, planned, result.line());
        } else {
            LOG.info("[{}/{}] {}", done, planned, result.line());
        }
    }
}
