package backtest.sweep;

import backtest.BacktestEngine;
import backtest.Metrics;
import backtest.RunProgress;
import backtest.config.BacktestConfig;
import backtest.plugin.StrategyFailure;
import backtest.run.DataCoverage;
import backtest.strategy.Strategies;
import features.Bars;
import features.BarsWithGaps;
import features.DataSource;
import features.FeatureEngine;
import features.FeatureFrame;
import features.ParquetDataSource;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import storage.KlineStore;
import storage.MinuteGaps;

/**
 * A parameter sweep: every combination of a {@link GridSpec} applied to a base config, each run as a backtest, in
 * parallel, over bars read from the store once.
 *
 * <ol>
 * <li>The grid is checked as a whole ({@link SweepParameter}: unknown keys, values a key never takes, a strategy the
 * sweep cannot build are refused); combinations whose values contradict each other (ema_fast >= ema_slow, ...) are
 * skipped with the reason.
 * <li>The bars are read once, at the config's interval, from the earliest history start any combination needs
 * ({@link FeatureEngine#historyStart}: the largest warm-up with FeatureEngine's margin) to the end.
 * <li>Each combination's indicators start at its own history start within those bars ({@link SweepColumns}), so its
 * frame and metrics equal a standalone run of its config ({@code FeatureEngine.compute} + {@link BacktestEngine#run})
 * bit for bit - a row of the ranking re-run as a full run gives the same figures.
 * <li>Combinations run on {@code threads} workers; results come back in grid order whatever the timing.
 * </ol>
 */
public final class SweepRunner {
    private SweepRunner() {
    }

    /** {@link #run(BacktestConfig, GridSpec, KlineStore, int)} on as many workers as there are processors. */
    public static SweepResult run(BacktestConfig base, GridSpec grid, KlineStore store) throws IOException {
        return run(base, grid, store, Runtime.getRuntime().availableProcessors());
    }

    /** Sweeps over the store's 1m bars (the config's gap policy; incomplete buckets left out, as in a run). */
    public static SweepResult run(BacktestConfig base, GridSpec grid, KlineStore store, int threads) throws IOException {
        return run(base, grid, store, threads, RunProgress.NONE);
    }

    /** {@link #run(BacktestConfig, GridSpec, KlineStore, int)} telling {@code progress} where it is. */
    public static SweepResult run(BacktestConfig base, GridSpec grid, KlineStore store, int threads, RunProgress progress)
            throws IOException {
        return run(base, grid, new ParquetDataSource(store, base.gapPolicy(), false), threads, progress);
    }

    public static SweepResult run(BacktestConfig base, GridSpec grid, DataSource source, int threads)
            throws IOException {
        return run(base, grid, source, threads, RunProgress.NONE);
    }

    /**
     * As {@link #run(BacktestConfig, GridSpec, DataSource, int)}, telling {@code progress} where the sweep is:
     * {@code LOADING}, then {@code RUNNING} with combinations done of those that run, once per finished combination (in
     * order). A listener that throws (a {@link java.util.concurrent.CancellationException}) stops the sweep with that
     * exception.
     */
    public static SweepResult run(BacktestConfig base, GridSpec grid, DataSource source, int threads, RunProgress progress)
            throws IOException {
        return run(base, grid, source, threads, progress, 0, Integer.MAX_VALUE, true);
    }

    /**
     * One part of a sweep, for spreading a grid over machines: only the combinations with grid index in
     * [{@code from}, {@code to}) ({@code to} past the grid's end is the end). Its rows and skipped entries are exactly
     * those of that index range in {@link #run(BacktestConfig, GridSpec, DataSource, int) the whole sweep} (every
     * combination's indicators start at its own warm-up, whatever the others need); the bars are read once, from the
     * earliest warm-up the range needs. Unlike the whole sweep, a range where nothing can run answers a result with no
     * rows (the reasons in {@link SweepResult#skipped()}) and reads no bars; the grid is still refused as a whole
     * ({@link SweepVariants#validate}), and so are a window without bars ({@link NoBarsException}) and a coverage below
     * {@code data.min_coverage} ({@link backtest.config.ConfigException}). An empty range's coverage is null.
     */
    public static SweepResult runRange(BacktestConfig base, GridSpec grid, DataSource source, int from, int to,
                                       int threads) throws IOException {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("grid index range must satisfy 0 <= from <= to, got " + from + ".." + to);
        }
        return run(base, grid, source, threads, RunProgress.NONE, from, to, false);
    }

    /** A sweep window that holds no bar at all (no month file there, or none of its minutes stored). */
    public static final class NoBarsException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public NoBarsException(String message) {
            super(message);
        }
    }

    private static SweepResult run(BacktestConfig base, GridSpec grid, DataSource source, int threads,
                                   RunProgress progress, int fromIndex, int toIndex, boolean whole) throws IOException {
        long t0 = System.nanoTime();
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        SweepVariants.validate(base, grid);
        progress.update(RunProgress.Phase.LOADING, 0, 0);
        List<Map<String, Double>> all = grid.points();
        int first = Math.min(fromIndex, all.size());
        List<Map<String, Double>> points = all.subList(first, Math.min(toIndex, all.size()));
        BacktestConfig[] configs = new BacktestConfig[points.size()];
        List<SweepResult.Skipped> skipped = new ArrayList<>();
        Instant historyFrom = base.start();
        for (int i = 0; i < configs.length; i++) {
            try {
                configs[i] = SweepVariants.apply(base, points.get(i));
                Instant h = FeatureEngine.historyStart(configs[i].featureSpec(), base.start());
                historyFrom = h.isBefore(historyFrom) ? h : historyFrom;
            } catch (IllegalArgumentException e) {
                skipped.add(new SweepResult.Skipped(first + i, points.get(i), e.getMessage()));
            }
        }
        if (skipped.size() == configs.length) {
            if (!whole) {
                return new SweepResult(base, grid, List.of(), skipped, historyFrom, 0, null, threads, 0,
                        System.nanoTime() - t0);
            }
            throw new IllegalArgumentException("--grid: none of the " + configs.length
                    + " combinations can run; the first: " + skipped.get(0).reason());
        }
        BarsWithGaps fetched = source.fetchWithGaps(base.interval(), historyFrom, base.end());
        Bars bars = fetched.bars();
        int rangeFrom = bars.indexAtOrAfter(base.start().toEpochMilli());
        if (rangeFrom == bars.size()) {
            throw new NoBarsException("no bars between " + base.start() + " and " + base.end());
        }
        long loaded = System.nanoTime();
        Bars range = new FeatureFrame(base.featureSpec(), bars, Map.of()).slice(rangeFrom, bars.size()).bars();
        DataCoverage coverage = DataCoverage.of(base.start(), base.end(), MinuteGaps.clip(fetched.gaps(),
                MinuteGaps.ceilMinute(base.start().toEpochMilli()), MinuteGaps.ceilMinute(base.end().toEpochMilli())),
                range);
        coverage.require(base.minCoverage());
        SweepColumns columns = new SweepColumns(bars, rangeFrom);
        // the risk rules check 1m bars: read once for every combination when the sweep's bars are coarser
        boolean stops = false;
        for (BacktestConfig c : configs) {
            stops |= c != null && c.risk().any();
        }
        Bars minutes = stops && base.interval() != features.Interval.M1
                ? source.fetchOhlcv(features.Interval.M1, base.start(), base.end()) : null;
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < configs.length; i++) {
            if (configs[i] != null) {
                int from = historyIndex(bars, rangeFrom, configs[i]);
                jobs.add(new Job(first + i, points.get(i), configs[i], columns.plan(configs[i].indicators(), from)));
            }
        }
        Metrics[] metrics = new Metrics[configs.length];
        int[] done = {0};
        List<SweepResult.Skipped> failed = new ArrayList<>();
        progress.update(RunProgress.Phase.RUNNING, 0, jobs.size());
        // each worker's own buffers, reused from one combination to the next: no per-run allocation that grows
        // with the bars (BacktestEngine.metrics: the figures of a full run, without its log and records)
        ThreadLocal<SweepColumns.Scratch> scratch = ThreadLocal.withInitial(SweepColumns.Scratch::new);
        ThreadLocal<BacktestEngine.Workspace> workspace = ThreadLocal.withInitial(BacktestEngine.Workspace::new);
        runAll(jobs, threads, job -> {
            FeatureFrame frame = new FeatureFrame(job.config.featureSpec(), range,
                    columns.columns(job.plan, job.config.indicators(), scratch.get()));
            columns.release(job.plan);
            try {
                metrics[job.index - first] = BacktestEngine.metrics(job.config, frame, minutes,
                        Strategies.of(job.config.strategy()), workspace.get());
            } catch (StrategyFailure e) { // a plug-in broke on this combination: it alone fails, the others run
                synchronized (failed) {
                    failed.add(new SweepResult.Skipped(job.index, job.params, "failed: " + e.getMessage()));
                }
            }
            synchronized (done) { // one update at a time, counts rising
                progress.update(RunProgress.Phase.RUNNING, ++done[0], jobs.size());
            }
        });
        List<SweepResult.Row> rows = new ArrayList<>(jobs.size());
        for (Job job : jobs) {
            if (metrics[job.index - first] != null) {
                rows.add(new SweepResult.Row(job.index, job.params, job.config, metrics[job.index - first]));
            }
        }
        if (!failed.isEmpty()) {
            skipped.addAll(failed);
            skipped.sort(java.util.Comparator.comparingInt(SweepResult.Skipped::index));
        }
        if (rows.isEmpty() && whole) {
            throw new IllegalArgumentException("--grid: none of the " + configs.length
                    + " combinations ran; the first: " + skipped.get(0).reason());
        }
        return new SweepResult(base, grid, rows, skipped, historyFrom, range.size(), coverage, threads, loaded - t0,
                System.nanoTime() - t0);
    }

    /**
     * Where a standalone run of {@code cfg} would start its indicators in these bars: its own history start, past any
     * forward-filled bars there (a standalone read starts at the first stored minute; nothing is filled before it).
     */
    private static int historyIndex(Bars bars, int rangeFrom, BacktestConfig cfg) {
        int i = bars.indexAtOrAfter(FeatureEngine.historyStart(cfg.featureSpec(), cfg.start()).toEpochMilli());
        while (i < rangeFrom && bars.filled(i)) {
            i++;
        }
        return Math.min(i, rangeFrom);
    }

    private record Job(int index, Map<String, Double> params, BacktestConfig config, SweepColumns.Plan plan) {
    }

    /**
     * Runs every job on {@code threads} workers taking jobs in grid order; the first failure stops the sweep (a
     * cancellation is rethrown as it is).
     */
    private static void runAll(List<Job> jobs, int threads, java.util.function.Consumer<Job> work) {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int k = next.getAndIncrement(); k < jobs.size() && failure.get() == null; k = next.getAndIncrement()) {
                Job job = jobs.get(k);
                try {
                    work.accept(job);
                } catch (java.util.concurrent.CancellationException e) {
                    failure.compareAndSet(null, e);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, new IllegalStateException("sweep combination " + job.index + " "
                            + job.params + ": " + e.getMessage(), e));
                }
            }
        };
        AtomicInteger n = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sweep-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        })) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(worker));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("sweep worker failed", e.getCause());
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
