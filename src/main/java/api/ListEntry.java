package api;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One item of a paged list ({@code GET /backtests}, {@code GET /sweeps}): a job (its snapshot) or a finished folder
 * made outside the queue, with the time the list is ordered by (newest first, then id).
 */
record ListEntry(String id, Instant time, Job.Snapshot job, Path folder) {
    JobStatus status() {
        return job == null ? JobStatus.DONE : job.status();
    }

    /** To the millisecond, as the cursor holds it. */
    @Override
    public Instant time() {
        return time == null ? Instant.EPOCH : time.truncatedTo(ChronoUnit.MILLIS);
    }
}
