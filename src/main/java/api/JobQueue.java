package api;

import backtest.config.BacktestConfig;
import backtest.config.ConfigException;
import backtest.plugin.StrategyFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded backtest queue: {@code workers} jobs run at a time, at most {@code capacity} wait (a submission beyond
 * that is refused with 429 and a Retry-After estimate). Every state change is persisted ({@link JobStore}) before it
 * is visible; at start-up queued jobs are resumed in submission order and a job found running (the process died
 * during it) is run again once, then failed. A job's failure is recorded on that job; workers and other jobs go on.
 */
public final class JobQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobQueue.class);
    private final JobStore store;
    private final JobRunner runner;
    private final String threadName;
    private final int workers;
    private final int capacity;
    private final Clock clock;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Deque<Job> waiting = new ArrayDeque<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Object lock = new Object();
    private volatile boolean stopping;
    private long runs;
    private long runMillis;

    public JobQueue(JobStore store, BacktestRunner runner, int workers, int capacity, Clock clock) {
        this(store, (job, progress) -> runner.run(job.config(), progress).folder(), "backtest-job", workers, capacity,
                clock);
    }

    /** {@code threadName}: the workers' names, numbered from 1. */
    public JobQueue(JobStore store, JobRunner runner, String threadName, int workers, int capacity, Clock clock) {
        this.store = store;
        this.runner = runner;
        this.threadName = threadName;
        this.workers = workers;
        this.capacity = capacity;
        this.clock = clock;
    }

    /** The outcome of a submission: the job (new, or the one already queued/running/done) and whether it is new. */
    public record Submitted(Job job, boolean created) {
    }

    /**
     * Loads the persisted jobs (queued ones wait again, running ones are run again once) and starts the workers.
     * Returns (and logs) what start-up did, one line per resumed or failed job.
     */
    public List<String> start() throws IOException {
        JobResume resumed = JobResume.of(store.loadAll(), clock.instant());
        synchronized (lock) {
            resumed.jobs().forEach(j -> jobs.put(j.id(), j));
            waiting.addAll(resumed.waiting());
            resumed.changed().forEach(this::persist);
            for (int i = 0; i < workers; i++) {
                Thread t = new Thread(this::work, threadName + "-" + (i + 1));
                t.setDaemon(true);
                threads.add(t);
            }
        }
        resumed.notes().forEach(n -> {
            if (n.contains("died")) {
                LOG.warn("{}", n);
            } else {
                LOG.info("{}", n);
            }
        });
        threads.forEach(Thread::start);
        return resumed.notes();
    }

    /**
     * Queues {@code config} as job {@code id}, unless a job of that id is queued or running (or done, its folder still
     * there): then that job is answered. A full queue is refused (429).
     */
    public Submitted submit(String id, BacktestConfig config) {
        return submit(id, config, null);
    }

    /** {@link #submit(String, BacktestConfig)} of a sweep job ({@code sweep} null: a backtest). */
    public Submitted submit(String id, BacktestConfig config, SweepSpec sweep) {
        synchronized (lock) {
            if (stopping) {
                throw new ApiException(Problem.Kind.UNAVAILABLE.problem("the service is stopping; post again later"));
            }
            Job existing = jobs.get(id);
            if (existing != null && (existing.status().active() || existing.status() == JobStatus.DONE
                    && existing.record().runFolder() != null
                    && java.nio.file.Files.exists(java.nio.file.Path.of(existing.record().runFolder(),
                    existing.sweep() == null ? "metrics.json" : "sweep.json")))) {
                return new Submitted(existing, false);
            }
            if (waiting.size() >= capacity) {
                throw new ApiException(Problem.Kind.QUEUE_FULL.problem(waiting.size() + " jobs wait already (app.api.queue="
                        + capacity + "); post again later"), Map.of("Retry-After", Long.toString(retryAfterSeconds())));
            }
            Job job = new Job(id, config, sweep, clock.instant(), 0);
            persist(job);
            jobs.put(id, job);
            waiting.addLast(job);
            lock.notifyAll();
            return new Submitted(job, true);
        }
    }

    public Optional<Job> job(String id) {
        synchronized (lock) {
            return Optional.ofNullable(jobs.get(id));
        }
    }

    public Collection<Job> jobs() {
        synchronized (lock) {
            return List.copyOf(jobs.values());
        }
    }

    /** Jobs waiting now. */
    public int depth() {
        synchronized (lock) {
            return waiting.size();
        }
    }

    /**
     * Cancels a queued job at once, or asks a running one to stop and waits up to {@code waitMs} for it. Answers the
     * job's state after that; a job that is finished (or past its last stopping point) is a conflict (409).
     */
    public Job.Snapshot cancel(String id, long waitMs) throws InterruptedException {
        Job job;
        synchronized (lock) {
            job = jobs.get(id);
            if (job == null) {
                throw new ApiException(Problem.Kind.NOT_FOUND.at("parameter", "id", "no job " + id));
            }
            JobStatus s = job.status();
            if (s == JobStatus.QUEUED) {
                waiting.remove(job);
                job.cancelled(clock.instant());
                persist(job);
                return job.snapshot();
            }
            if (s != JobStatus.RUNNING) {
                throw new ApiException(Problem.Kind.CONFLICT.problem("job " + id + " is " + s.code() + "; only a queued or"
                        + " running job can be cancelled"));
            }
            if (!job.requestCancel()) {
                throw new ApiException(Problem.Kind.CONFLICT.problem("job " + id + " is finishing (its run folder is being"
                        + " moved into place); it cannot be cancelled any more"));
            }
        }
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        synchronized (lock) {
            while (job.status() == JobStatus.RUNNING && System.nanoTime() < until) {
                lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
            }
        }
        return job.snapshot();
    }

    /** Seconds a refused client should wait: the mean run time so far times the runs ahead per worker (1..3600). */
    long retryAfterSeconds() {
        double mean = runs == 0 ? 10_000 : (double) runMillis / runs;
        double ahead = (waiting.size() + workers) / (double) workers;
        return Math.max(1, Math.min(3600, (long) Math.ceil(mean * ahead / 1000)));
    }

    private void work() {
        while (true) {
            Job job;
            synchronized (lock) {
                while (waiting.isEmpty() && !stopping) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopping) {
                    return;
                }
                job = waiting.pollFirst();
            }
            try {
                synchronized (lock) {
                    job.started(clock.instant());
                    persist(job);
                }
                run(job);
            } catch (RuntimeException | Error e) { // e.g. a job file that cannot be written: the worker goes on
                LOG.error("backtest job {}: {}", job.id(), e.getMessage(), e);
            }
        }
    }

    private void run(Job job) {
        long t0 = System.nanoTime();
        Problem failure = null;
        java.nio.file.Path folder = null;
        boolean stopped = false;
        try {
            folder = runner.run(job, job.listener(() -> stopping));
        } catch (CancellationException e) {
            stopped = true;
        } catch (ConfigException e) {
            failure = Problem.Kind.INVALID_CONFIG.at("key", e.key().isEmpty() ? null : e.key(), e.getMessage());
        } catch (ApiException e) {
            failure = e.problem();
        } catch (RuntimeException | Error e) {
            StrategyFailure plugin = pluginFailure(e);
            if (plugin != null) { // a user's strategy plug-in broke on a bar: that run fails, said plainly, no stack trace
                LOG.warn("backtest job {} failed: {}", job.id(), plugin.getMessage());
                failure = Problem.Kind.INTERNAL_ERROR.problem("the run failed: " + plugin.getMessage());
            } else {
                if (!stopping) {
                    LOG.error("backtest job {} failed", job.id(), e);
                }
                failure = Problem.Kind.INTERNAL_ERROR.problem("the run failed: " + oneLine(e));
            }
        }
        synchronized (lock) {
            if (folder != null) {
                job.done(folder, clock.instant());
                runs++;
                runMillis += (System.nanoTime() - t0) / 1_000_000;
            } else if (job.cancelRequested()) {
                job.cancelled(clock.instant());
            } else if (stopping) { // stopped by the service going down (or failing because of it): run again next time
                job.requeued();
            } else if (stopped) {
                job.failed(Problem.Kind.INTERNAL_ERROR.problem("the run was stopped"), clock.instant());
            } else {
                job.failed(failure, clock.instant());
            }
            persist(job);
            lock.notifyAll();
        }
    }

    private static StrategyFailure pluginFailure(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof StrategyFailure f) {
                return f;
            }
        }
        return null;
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root instanceof UncheckedIOException && root.getCause() != null) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        return msg.strip().replaceAll("\\s*\\R\\s*", " / ");
    }

    private void persist(Job job) {
        try {
            store.save(job.record());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write job file of " + job.id() + " in " + store.dir(), e);
        }
    }

    /**
     * Stops taking jobs: waiting jobs stay queued (on disk), running ones are stopped at their next progress update
     * and queued again; waits up to {@code waitMs} for the workers.
     */
    public void stop(long waitMs) {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
        long until = System.currentTimeMillis() + waitMs;
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, until - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        stop(10_000);
    }
}
