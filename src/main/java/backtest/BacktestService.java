package backtest;

import features.FeatureEngine;
import features.FeatureFrame;
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
    private final String programVersion;
    private final LlmStrategyFactory llm;

    public BacktestService(KlineStore store, String programVersion) {
        this(store, programVersion, null);
    }

    /** {@code llm} builds the strategies of llm configs (null: they are refused). */
    public BacktestService(KlineStore store, String programVersion, LlmStrategyFactory llm) {
        this.store = store;
        this.programVersion = programVersion;
        this.llm = llm;
    }

    public RunSummary run(BacktestConfig cfg) throws IOException {
        return run(cfg, RunProgress.NONE);
    }

    /** Runs {@code cfg}, telling {@code progress} (null: nobody) where it is; a listener that throws stops the run. */
    public RunSummary run(BacktestConfig cfg, RunProgress progress) throws IOException {
        RunProgress p = progress == null ? RunProgress.NONE : progress;
        p.update(RunProgress.Phase.LOADING, 0, 0);
        long t0 = System.nanoTime();
        if (!cfg.symbol().equals(store.symbol())) {
            throw new ConfigException("symbol", "this store holds " + store.symbol() + ", not " + cfg.symbol());
        }
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
        BacktestResult result = BacktestEngine.run(cfg, frame, strategy, p);
        coverage = coverage.withNoMarketDataDecisions(result.noMarketDataDecisions());
        Instant dataFrom = FeatureEngine.historyStart(cfg.featureSpec(), cfg.start());
        String yaml = cfg.toYaml();
        Lineage lineage = Lineage.of(store, dataFrom, cfg.end(), yaml, programVersion);
        String runId = runId(cfg, yaml, lineage);
        p.update(RunProgress.Phase.WRITING, frame.size(), frame.size());

        Path out = Path.of(cfg.outputDir());
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
                (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * The run id and folder {@code cfg} gets on the data stored now, without running it: the same id {@link #run}
     * gives the run unless the month files it reads change in between.
     */
    public RunPlan plan(BacktestConfig cfg) throws IOException {
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
     * Runs every grid combination over bars loaded once, writes the ranking to
     * {@code <output_dir>/sweep-<hash of base config and grid>/}, and re-runs the best {@code rerunBest} as full runs.
     */
    public SweepSummary sweep(SweepRequest request) throws IOException {
        long t0 = System.nanoTime();
        BacktestConfig base = request.base();
        if (!base.symbol().equals(store.symbol())) {
            throw new ConfigException("symbol", "this store holds " + store.symbol() + ", not " + base.symbol());
        }
        GridSpec grid = GridSpec.parse(request.grid());
        SweepMetric by = request.rankBy() == null ? SweepMetric.SHARPE : SweepMetric.parse(request.rankBy());
        int threads = request.threads() > 0 ? request.threads() : Runtime.getRuntime().availableProcessors();
        SweepResult result = SweepRunner.run(base, grid, store, threads);
        String id = Hashes.sha256((base.toYaml() + "\n" + String.join("\n", request.grid()))
                .getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        Path folder = Path.of(base.outputDir()).resolve("sweep-" + id);
        Files.createDirectories(folder);
        result.writeRanking(folder, by);
        java.util.List<RunSummary> reruns = new java.util.ArrayList<>();
        for (SweepResult.Row row : result.top(Math.max(0, request.rerunBest()), by)) {
            reruns.add(run(row.config()));
        }
        return new SweepSummary(folder, result.combinations(), result.rows().size(), result.skipped().size(), by,
                result.top(10, by), reruns, (System.nanoTime() - t0) / 1_000_000);
    }

    private Strategy strategy(BacktestConfig cfg) throws IOException {
        return switch (cfg.strategy().params()) {
            case StrategyParams.Replay r -> ReplayStrategy.fromRun(Path.of(r.fromRun()));
            case StrategyParams.Llm l when llm == null -> throw new ConfigException("strategy.type",
                    "llm decisions need the LLM route (run through the application)");
            case StrategyParams.Llm l -> llm.create(cfg, l, new ParquetDataSource(store, cfg.gapPolicy(), false));
            default -> Strategies.of(cfg.strategy());
        };
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
