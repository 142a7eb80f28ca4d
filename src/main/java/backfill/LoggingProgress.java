package backfill;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Progress of the long-lived process: one log line per archive, one warning when a run stops early. */
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

    @Override
    public void stopped(BackfillReport.Stop stop) {
        if (stop.shutdown()) {
            LOG.info("backfill abandoned: {}; {} archive(s) not tried", stop.reason(), stop.notTried());
        } else {
            LOG.warn("backfill stopped: {}; {} archive(s) not tried, the next run tries again", stop.reason(),
                    stop.notTried());
        }
    }
}
