package api;

import backtest.config.BacktestConfig;
import backtest.RunProgress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CancellationException;

/**
 * One backtest job in memory: its state moves queued -> running -> done | failed | cancelled (or back to queued when
 * the service stops during it). Progress is kept in memory only. Thread-safe: workers, requests and the queue touch it.
 */
public final class Job {
    private final String id;
    private final BacktestConfig config;
    private final SweepSpec sweep;
    private final String configYaml;
    private final Instant submittedAt;
    private JobStatus status;
    private Instant startedAt;
    private Instant finishedAt;
    private int restarts;
    private Problem error;
    private Path folder;
    private boolean cancelRequested;
    private boolean committed;
    private volatile Progress progress;

    /** Bars done of bars total in a phase (loading, running, writing, publishing). */
    @com.fasterxml.jackson.databind.annotation.JsonNaming(
            com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Progress(String phase, int barsDone, int barsTotal) {
    }

    Job(String id, BacktestConfig config, Instant submittedAt, int restarts) {
        this(id, config, null, submittedAt, restarts);
    }

    /** {@code sweep}: null for a backtest job; for a sweep job its grid, with {@code config} its base config. */
    Job(String id, BacktestConfig config, SweepSpec sweep, Instant submittedAt, int restarts) {
        this.id = id;
        this.config = config;
        this.sweep = sweep;
        this.configYaml = config.toYaml();
        this.submittedAt = submittedAt;
        this.restarts = restarts;
        this.status = JobStatus.QUEUED;
    }

    /** A job as a persisted record left it (its config already parsed back). */
    static Job restored(JobRecord r, BacktestConfig config) {
        Job j = new Job(r.id(), config, r.sweep(), r.submittedAt(), r.restarts());
        j.status = JobStatus.of(r.status());
        j.startedAt = r.startedAt();
        j.finishedAt = r.finishedAt();
        j.folder = r.runFolder() == null ? null : Path.of(r.runFolder());
        if (r.error() != null) {
            j.error = new Problem(String.valueOf(r.error().get("type")), String.valueOf(r.error().get("title")),
                    r.error().get("status") instanceof Number n ? n.intValue() : 500, String.valueOf(r.error().get("detail")),
                    r.error().entrySet().stream().filter(e -> !java.util.Set.of("type", "title", "status", "detail")
                            .contains(e.getKey())).collect(java.util.stream.Collectors.toMap(e -> e.getKey(), e -> e.getValue())));
        }
        return j;
    }

    public String id() {
        return id;
    }

    public BacktestConfig config() {
        return config;
    }

    /** The sweep this job runs, or null for a backtest. */
    public SweepSpec sweep() {
        return sweep;
    }

    public synchronized JobStatus status() {
        return status;
    }

    public synchronized JobRecord record() {
        return new JobRecord(id, status.code(), configYaml, submittedAt, startedAt, finishedAt, restarts,
                error == null ? null : error.toMap(), folder == null ? null : folder.toString(), sweep);
    }

    /** What the API shows: the record plus progress and whether a cancel was asked for. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(record(), status == JobStatus.RUNNING ? progress : null, cancelRequested, error);
    }

    /** A consistent view of the job at one moment. */
    public record Snapshot(JobRecord record, Progress progress, boolean cancelRequested, Problem error) {
        public JobStatus status() {
            return JobStatus.of(record.status());
        }
    }

    synchronized void started(Instant now) {
        status = JobStatus.RUNNING;
        startedAt = now;
        finishedAt = null;
        error = null;
        cancelRequested = false;
        committed = false;
        progress = new Progress("loading", 0, 0);
    }

    synchronized void done(Path runFolder, Instant now) {
        status = JobStatus.DONE;
        folder = runFolder;
        finishedAt = now;
    }

    synchronized void failed(Problem problem, Instant now) {
        status = JobStatus.FAILED;
        error = problem;
        finishedAt = now;
    }

    synchronized void cancelled(Instant now) {
        status = JobStatus.CANCELLED;
        finishedAt = now;
    }

    /** Back to the queue: the service stopped during the run (not the job's fault). */
    synchronized void requeued() {
        status = JobStatus.QUEUED;
        startedAt = null;
        progress = null;
    }

    synchronized void restartedAfterCrash() {
        restarts++;
        requeued();
    }

    synchronized int restarts() {
        return restarts;
    }

    synchronized boolean cancelRequested() {
        return cancelRequested;
    }

    /**
     * Asks a running job to stop. False when it is past its last stopping point (its folder is being moved into
     * place), so it will finish.
     */
    synchronized boolean requestCancel() {
        if (committed) {
            return false;
        }
        cancelRequested = true;
        return true;
    }

    /** The listener a worker passes to the run: records progress and stops the run when asked to. */
    RunProgress listener(java.util.function.BooleanSupplier stopping) {
        return (phase, done, total) -> {
            progress = new Progress(phase.name().toLowerCase(java.util.Locale.ROOT), done, total);
            synchronized (this) {
                if (cancelRequested || stopping.getAsBoolean()) {
                    throw new CancellationException(cancelRequested ? "cancelled" : "service stopping");
                }
                if (phase == RunProgress.Phase.PUBLISHING) {
                    committed = true;
                }
            }
        };
    }
}
