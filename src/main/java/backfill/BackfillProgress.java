package backfill;

/** Progress callbacks of a backfill run (the CLI draws a progress line; the long-lived process logs). */
public interface BackfillProgress {
    /** A new archive is being looked at; {@code planned} grows as months fall back to days. */
    void started(String file, int done, int planned);

    void finished(FileResult result, int done, int planned, long totalBytes, double bytesPerSecond);

    BackfillProgress NONE = new BackfillProgress() {
        @Override
        public void started(String file, int done, int planned) {
        }

        @Override
        public void finished(FileResult result, int done, int planned, long totalBytes, double bytesPerSecond) {
        }
    };
}
