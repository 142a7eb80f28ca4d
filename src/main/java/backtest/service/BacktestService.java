package backtest.service;

import backtest.BacktestEngine;
import backtest.BacktestResult;
import backtest.ExitStats;
import backtest.ExplainedStrategy;
import backtest.RunProgress;
import backtest.Strategy;
import backtest.bias.BiasCheck;
import backtest.bias.BiasReport;
import backtest.bias.BiasRequest;
import backtest.config.BacktestConfig;
import backtest.config.ConfigException;
import backtest.config.PromptFile;
import backtest.config.StrategyParams;
import backtest.run.DataCoverage;
import backtest.run.Lineage;
import backtest.run.ReportMapper;
import backtest.run.RunArtefacts;
import backtest.run.RunPlan;
import backtest.run.RunSummary;
import backtest.strategy.LlmStrategyFactory;
import backtest.strategy.ReplayStrategy;
import backtest.strategy.Strategies;
import backtest.sweep.GridSpec;
import backtest.sweep.SweepFiles;
import backtest.sweep.SweepMetric;
import backtest.sweep.SweepPlan;
import backtest.sweep.SweepRequest;
import backtest.sweep.SweepResult;
import backtest.sweep.SweepRunner;
import backtest.sweep.SweepSummary;
import backtest.sweep.SweepVariants;
import backtest.walkforward.WalkForwardFiles;
import backtest.walkforward.WalkForwardFolds;
import backtest.walkforward.WalkForwardRequest;
import backtest.walkforward.WalkForwardRunner;
import backtest.walkforward.WalkForwardSummary;
import features.Bars;
import features.FeatureEngine;
import features.FeatureFrame;
import features.Interval;
import features.ParquetDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import report.HtmlReport;
import storage.AtomicFiles;
import storage.Hashes;
import storage.KlineStore;

/**
 * Runs a configured backtest end to end: features from the store, the strategy, the engine, then the run folder
 * {@code <output_dir>/<run-id>/} with every artefact and {@code report.html}. The run id is derived from the resolved
 * config and the hashes of the month files read, so the same config on the same data lands in the same folder with
 * byte-identical files (the folder is replaced whole).
 */
public final class BacktestService {
    private final KlineStore store;
    /** Every symbol's store (a config's {@code symbol} picks one), or null: {@link #store} only. */
    private final storage.KlineStores stores;
    private final String programVersion;
    private final LlmStrategyFactory llm;

    public BacktestService(KlineStore store, String programVersion) {
        this(store, programVersion, null);
    }

    /** {@code llm} builds the strategies of llm configs (null: they are refused). */
    public BacktestService(KlineStore store, String programVersion, LlmStrategyFactory llm) {
        this.store = store;
        this.stores = null;
        this.programVersion = programVersion;
        this.llm = llm;
    }

    /** Runs configs of any symbol of {@code stores} ({@code app.symbols}, or any stored one), each on its store. */
    public BacktestService(storage.KlineStores stores, String programVersion, LlmStrategyFactory llm) {
        this.store = stores.defaultStore();
        this.stores = stores;
        this.programVersion = programVersion;
        this.llm = llm;
    }

    /** The store of a config's symbol; a symbol this store does not hold is a ConfigException on {@code symbol}. */
    private KlineStore storeOf(String symbol) throws IOException {
        java.util.Optional<KlineStore> held = storage.KlineStores.holding(store, stores, symbol);
        if (held.isEmpty()) {
            throw new ConfigException("symbol", storage.KlineStores.notHeld(store, stores, symbol));
        }
        return held.get();
    }

    public RunSummary run(BacktestConfig cfg) throws IOException {
        return run(cfg, RunProgress.NONE);
    }

    /** Runs {@code cfg}, telling {@code progress} (null: nobody) where it is; a listener that throws stops the run. */
    public RunSummary run(BacktestConfig cfg, RunProgress progress) throws IOException {
        return run(cfg, progress, Path.of(cfg.outputDir()));
    }

    /**
     * Runs {@code cfg} into {@code <outputRoot>/<run-id>/} instead of its {@code output_dir} (the config, and so the
     * run id and every artefact, unchanged): {@code replay --run} re-runs a bundle aside, never over the user's folder.
     */
    public RunSummary runInto(BacktestConfig cfg, Path outputRoot) throws IOException {
        return run(cfg, RunProgress.NONE, outputRoot);
    }

    private RunSummary run(BacktestConfig cfg, RunProgress progress, Path outputRoot) throws IOException {
        RunProgress p = progress == null ? RunProgress.NONE : progress;
        p.update(RunProgress.Phase.LOADING, 0, 0);
        long t0 = System.nanoTime();
        KlineStore store = storeOf(cfg.symbol());
        FeatureEngine.Covered covered = new FeatureEngine(new ParquetDataSource(store, cfg.gapPolicy(), false))
                .computeWithGaps(cfg.featureSpec(), cfg.start(), cfg.end());
        FeatureFrame frame = covered.frame();
        if (frame.size() == 0) {
            throw new ConfigException("start", "no bars stored between " + cfg.start() + " and " + cfg.end()
                    + " (ingest or backfill them first)");
        }
        DataCoverage coverage = DataCoverage.of(cfg.start(), cfg.end(), covered.gaps(), frame.bars());
        coverage.require(cfg.minCoverage());
        Strategy strategy = strategy(cfg);
        BacktestResult result = BacktestEngine.run(cfg, frame, minutes(cfg), strategy, p);
        coverage = coverage.withNoMarketDataDecisions(result.noMarketDataDecisions());
        Instant dataFrom = FeatureEngine.historyStart(cfg.featureSpec(), cfg.start());
        String yaml = cfg.toYaml();
        Lineage lineage = Lineage.of(store, dataFrom, cfg.end(), yaml, programVersion).withPrompt(PromptFile.sha256(cfg));
        String runId = runId(cfg, yaml, lineage);
        p.update(RunProgress.Phase.WRITING, frame.size(), frame.size());

        Path out = outputRoot;
        Files.createDirectories(out);
        Path folder = out.resolve(runId);
        Path tmp = AtomicFiles.tempSibling(folder);
        Files.createDirectories(tmp);
        try {
            RunArtefacts.write(tmp, result, coverage, lineage,
                    strategy instanceof ExplainedStrategy e ? e : null);
            HtmlReport.write(tmp.resolve("report.html"), ReportMapper.of(result, frame, coverage));
            p.update(RunProgress.Phase.PUBLISHING, frame.size(), frame.size());
            replaceFolder(tmp, folder);
        } finally {
            deleteTree(tmp);
        }
        return new RunSummary(runId, folder, result.strategy(), result.curve().size(), result.fills().size(),
                result.decisions().size(), result.metrics(), coverage, result.openTrade(),
                (System.nanoTime() - t0) / 1_000_000, cfg.executionAware()
                        ? ExitStats.of(result.roundTrips(), result.openTrade()) : null, result.unfilledOrders());
    }

    /**
     * The run id and folder {@code cfg} gets on the data stored now, without running it: the same id {@link #run}
     * gives the run unless the month files it reads change in between.
     */
    public RunPlan plan(BacktestConfig cfg) throws IOException {
        KlineStore store = storeOf(cfg.symbol());
        String yaml = cfg.toYaml();
        Lineage lineage = Lineage.of(store, FeatureEngine.historyStart(cfg.featureSpec(), cfg.start()), cfg.end(), yaml,
                programVersion);
        String runId = runId(cfg, yaml, lineage);
        return new RunPlan(runId, Path.of(cfg.outputDir()).resolve(runId), lineage.months().size());
    }

    /** {@code <strategy>-<first 12 hex of SHA-256 over the resolved config and the hashes of the month files read>}. */
    private static String runId(BacktestConfig cfg, String yaml, Lineage lineage) {
        StringBuilder identity = new StringBuilder(yaml);
        lineage.months().forEach(m -> identity.append('\n').append(m.parquetSha256()));
        return cfg.strategy().type().code() + "-" + Hashes.sha256(identity.toString()
                .getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }

    /**
     * What {@link #sweep} will do with {@code request} on the data stored now, without running it: the grid checked as
     * a whole (unknown keys, values a key never takes, a strategy the sweep cannot build, a grid none of whose
     * combinations can run: IllegalArgumentException naming the key; a foreign symbol: ConfigException), the sweep id
     * and its folder {@code <output_dir>/<id>/}.
     */
    public SweepPlan planSweep(SweepRequest request) throws IOException {
        BacktestConfig base = request.base();
        KlineStore store = storeOf(base.symbol());
        GridSpec grid = GridSpec.parse(request.grid());
        SweepMetric by = request.rankBy() == null ? SweepMetric.SHARPE : SweepMetric.parse(request.rankBy());
        SweepVariants.validate(base, grid);
        Instant historyFrom = null;
        String firstReason = null;
        for (java.util.Map<String, Double> point : grid.points()) {
            try {
                Instant h = FeatureEngine.historyStart(SweepVariants.apply(base, point).featureSpec(), base.start());
                historyFrom = historyFrom == null || h.isBefore(historyFrom) ? h : historyFrom;
            } catch (IllegalArgumentException e) {
                firstReason = firstReason == null ? e.getMessage() : firstReason;
            }
        }
        if (historyFrom == null) {
            throw new IllegalArgumentException("--grid: none of the " + grid.combinations()
                    + " combinations can run; the first: " + firstReason);
        }
        String yaml = base.toYaml();
        Lineage lineage = Lineage.of(store, historyFrom, base.end(), yaml, programVersion);
        StringBuilder identity = new StringBuilder(yaml).append("\ngrid:");
        grid.axes().forEach((k, values) -> identity.append('\n').append(k).append('=').append(String.join(",",
                values.stream().map(SweepFiles::text).toList())));
        identity.append("\nrank_by: ").append(by.code()).append("\nrerun_best: ").append(Math.max(0, request.rerunBest()));
        lineage.months().forEach(m -> identity.append('\n').append(m.parquetSha256()));
        String id = "sweep-" + Hashes.sha256(identity.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        return new SweepPlan(id, Path.of(base.outputDir()).resolve(id), grid, by, lineage.months().size());
    }

    /** {@link #sweep(SweepRequest, RunProgress)} that nobody follows (the CLI). */
    public SweepSummary sweep(SweepRequest request) throws IOException {
        return sweep(request, RunProgress.NONE);
    }

    /**
     * Runs every grid combination over bars loaded once, re-runs the best {@code rerunBest} as full runs (beside the
     * sweep folder), and puts the sweep folder {@code <output_dir>/sweep-<id>/} in place whole (written aside, then
     * moved; an older one is replaced): ranking.csv, ranking.parquet, sweep.json, sweep-timing.json and reruns.json. The
     * id ({@link #planSweep}) is a hash of the resolved base config, the grid values, the ranking metric, the re-run
     * count and the month files read, so the CLI and the API give the same sweep the same folder. {@code progress}
     * (null: nobody) hears combinations done of those that run ({@code RUNNING}), then {@code WRITING} during the
     * re-runs and {@code PUBLISHING} before the folder moves; a listener that throws stops the sweep.
     */
    public SweepSummary sweep(SweepRequest request, RunProgress progress) throws IOException {
        RunProgress p = progress == null ? RunProgress.NONE : progress;
        long t0 = System.nanoTime();
        SweepPlan plan = planSweep(request);
        BacktestConfig base = request.base();
        KlineStore store = storeOf(base.symbol());
        SweepMetric by = plan.rankBy();
        int threads = request.threads() > 0 ? request.threads() : Runtime.getRuntime().availableProcessors();
        SweepResult result = SweepRunner.run(base, plan.grid(), store, threads, p);
        int ran = result.rows().size();
        Path folder = plan.folder();
        Files.createDirectories(folder.getParent());
        Path tmp = AtomicFiles.tempSibling(folder);
        java.util.List<RunSummary> reruns = new java.util.ArrayList<>();
        try {
            result.writeRanking(tmp, by);
            RunProgress rerunProgress = (phase, done, total) -> p.update(RunProgress.Phase.WRITING, ran, ran);
            for (SweepResult.Row row : result.top(Math.max(0, request.rerunBest()), by)) {
                reruns.add(run(row.config(), rerunProgress));
            }
            SweepFiles.writeReruns(tmp, reruns.stream().map(RunSummary::runId).toList());
            p.update(RunProgress.Phase.PUBLISHING, ran, ran);
            replaceFolder(tmp, folder);
        } finally {
            deleteTree(tmp);
        }
        return new SweepSummary(folder, result.combinations(), ran, result.skipped().size(), by,
                result.top(10, by), reruns, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * A walk-forward validation ({@link WalkForwardRunner}): folds of the config's window, a sweep of the grid on each
     * train window, the best combination by {@code rank_by} run on the following test window, the out-of-sample equity
     * stitched. The folder {@code <output_dir>/walkforward-<12 hex>/} (the hash of the sweep id over the whole window -
     * resolved config, grid values, rank_by and month files read - and the fold spec) is written aside and moved in
     * whole: folds.csv, folds.parquet, equity.parquet, metrics.json and report.html ({@link WalkForwardFiles}).
     * Windows that fit no fold and grid errors: IllegalArgumentException naming the option.
     */
    public WalkForwardSummary walkForward(WalkForwardRequest request) throws IOException {
        long t0 = System.nanoTime();
        BacktestConfig base = request.base();
        KlineStore store = storeOf(base.symbol());
        WalkForwardFolds spec = request.folds();
        spec.folds(base.start(), base.end()); // refuse windows that fit no fold before reading anything
        SweepPlan plan = planSweep(new SweepRequest(base, request.grid(), request.threads(), request.rankBy(), 0));
        String id = "walkforward-" + Hashes.sha256((plan.id() + "\nwalk_forward: " + spec.describe())
                .getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        int threads = request.threads() > 0 ? request.threads() : Runtime.getRuntime().availableProcessors();
        java.util.List<WalkForwardRunner.FoldResult> folds = WalkForwardRunner.run(base, plan.grid(), spec,
                plan.rankBy(), new ParquetDataSource(store, base.gapPolicy(), false), threads);
        WalkForwardRunner.Stitched stitched = WalkForwardRunner.stitch(base, folds);
        java.util.Map<String, Object> metrics = WalkForwardRunner.metrics(base, folds, stitched);
        Path folder = Path.of(base.outputDir()).resolve(id);
        Files.createDirectories(folder.getParent());
        Path tmp = AtomicFiles.tempSibling(folder);
        try {
            WalkForwardFiles.write(tmp, id, base, plan.grid(), spec, plan.rankBy(), folds, stitched, metrics);
            replaceFolder(tmp, folder);
        } finally {
            deleteTree(tmp);
        }
        return new WalkForwardSummary(folder, plan.rankBy(), folds, metrics, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * {@code backtest check-bias}: the config's strategy on truncated windows and with other indicator histories,
     * against its full run ({@link BiasCheck}); nothing is written.
     */
    public BiasReport checkBias(BiasRequest request) throws IOException {
        BacktestConfig cfg = request.config();
        KlineStore store = storeOf(cfg.symbol());
        return new BiasCheck(new ParquetDataSource(store, cfg.gapPolicy(), false), this::strategy)
                .check(cfg, request.cuts());
    }

    private Strategy strategy(BacktestConfig cfg) throws IOException {
        KlineStore store = storeOf(cfg.symbol());
        return switch (cfg.strategy().params()) {
            case StrategyParams.Replay r -> ReplayStrategy.fromRun(Path.of(r.fromRun()));
            case StrategyParams.Llm l when llm == null -> throw new ConfigException("strategy.type",
                    "llm decisions need the LLM route (run through the application)");
            case StrategyParams.Llm l -> llm.create(cfg, l, new ParquetDataSource(store, cfg.gapPolicy(), false));
            default -> Strategies.of(cfg.strategy());
        };
    }

    /** The 1m bars the risk rules check when the run's bars are coarser than 1m; null when not needed. */
    private Bars minutes(BacktestConfig cfg) throws IOException {
        if (!cfg.risk().any() || cfg.interval() == Interval.M1) {
            return null;
        }
        KlineStore store = storeOf(cfg.symbol());
        return new ParquetDataSource(store, cfg.gapPolicy(), false).fetchOhlcv(Interval.M1, cfg.start(), cfg.end());
    }

    /** Swaps the finished temp folder in: the old run moves aside first, so a reader never sees a half folder. */
    private static void replaceFolder(Path tmp, Path folder) throws IOException {
        Path old = null;
        if (Files.exists(folder)) {
            old = AtomicFiles.tempSibling(folder);
            Files.move(folder, old);
        }
        Files.move(tmp, folder);
        if (old != null) {
            deleteTree(old);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
