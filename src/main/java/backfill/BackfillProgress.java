package backfill;

/**
 * Progress callbacks of a backfill run (the CLI draws a progress line; the long-lived process logs). The run plans
 * every archive before it fetches the first (a month not published yet becomes its days then), so {@code planned}
 * stays the same for the whole run and {@code done} counts up to it.
 */
public interface BackfillProgress {
    /** A new archive is being looked at. */
    void started(String file, int done, int planned);

    void finished(FileResult result, int done, int planned, long totalBytes, double bytesPerSecond);

    /** The run ends before its last archive (the host cannot be reached, or the process is stopping). */
    default void stopped(BackfillReport.Stop stop) {
    }

    BackfillProgress NONE = new BackfillProgress() {
        @Override
        public void started(String file, int done, int planned) {
        }

        @Override
        public void finished(FileResult result, int done, int planned, long totalBytes, double bytesPerSecond) {
        }
    };
}
