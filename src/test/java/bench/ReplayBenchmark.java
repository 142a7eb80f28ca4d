package bench;

import backtest.config.BacktestConfig;
import backtest.BacktestEngine;
import backtest.strategy.ReplayStrategy;
import backtest.strategy.Strategies;
import features.Bars;
import features.FeatureFrame;
import features.FeatureSpec;
import features.GapPolicy;
import features.Interval;
import features.indicators.IndicatorEngine;
import features.indicators.IndicatorSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * Replay throughput (not a test): an LLM run's {@code decisions.jsonl} - lines as long as real ones, with prompt
 * version, model, request hash, raw answer, tokens - re-run by {@link ReplayStrategy}: read and parse the log, then
 * the engine over the frame, deciding at every bar. Figure: decisions/s of read + run (target >= 10,000/s).
 * Baseline in the same run: the engine with ema-cross (a local strategy) over the same frame.
 * Then {@link LlmRerunBenchmark}: real llm runs (first run against an instant local server, cached re-runs, prompt
 * building, one CLI process). Run with {@code bin/bench-replay [--decisions N] [--reps N] [--llm-decisions N,N]
 * [--llm-only] [--no-cli]}.
 */
public final class ReplayBenchmark {
    static final double TARGET_PER_S = 10_000;

    public static void main(String[] args) throws Exception {
        int n = 200_000;
        int reps = 5;
        int[] llm = {1_000, 10_000};
        boolean replay = true;
        boolean cli = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--decisions" -> n = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--llm-decisions" -> llm = java.util.Arrays.stream(args[++i].split(",")).filter(s -> !s.isBlank())
                        .mapToInt(Integer::parseInt).toArray();
                case "--llm-only" -> replay = false;
                case "--no-cli" -> cli = false;
                default -> {
                    System.err.println("usage: ReplayBenchmark [--decisions N] [--reps N] [--llm-decisions N,N] "
                            + "[--llm-only] [--no-cli]");
                    System.exit(2);
                }
            }
        }
        System.out.printf("java %s, %d cores, max heap %d MB%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        if (replay) {
            replay(n, reps);
        }
        if (llm.length > 0) {
            LlmRerunBenchmark.run(llm, reps, cli);
        }
    }

    private static void replay(int n, int reps) throws Exception {
        BacktestConfig cfg = BacktestConfig.parse("""
                symbol: BTCUSDT
                start: 2024-01-01
                end: 2025-01-01
                interval: 1m
                initial_cash: 10000
                strategy: {type: ema-cross, decision_every: 1m, size_pct: 1.0}
                """);
        IndicatorSpec ema = IndicatorSpec.parse("ema");
        Bars bars = FeatureBenchmark.randomWalk(42, n);
        FeatureFrame frame = new FeatureFrame(new FeatureSpec(Interval.M1, ema, GapPolicy.FFILL), bars,
                IndicatorEngine.compute(bars, ema));
        Path dir = Files.createTempDirectory("kline-replay-bench");
        try {
            long bytes = writeLog(dir.resolve("decisions.jsonl"), bars);
            double[] replay = BacktestBenchmark.times(reps, () -> {
                try {
                    BacktestEngine.run(cfg, frame, ReplayStrategy.fromRun(dir));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            double[] local = BacktestBenchmark.times(reps, () -> BacktestEngine.run(cfg, frame, Strategies.of(cfg.strategy())));
            System.out.printf("%nreplay of %,d decisions (decisions.jsonl %.1f MB, LLM-style lines), decision at every 1m bar%n",
                    n, bytes / 1e6);
            System.out.printf(Locale.ROOT, "  %-22s best %8.1f ms (median %8.1f ms) %,14.0f decisions/s%n",
                    "replay (read + run)", replay[0] * 1e3, replay[reps / 2] * 1e3, n / replay[0]);
            System.out.printf(Locale.ROOT, "  %-22s best %8.1f ms (median %8.1f ms) %,14.0f decisions/s%n",
                    "ema-cross (baseline)", local[0] * 1e3, local[reps / 2] * 1e3, n / local[0]);
            System.out.printf(Locale.ROOT, "  replay / ema-cross time %.1fx; target >= %,.0f decisions/s: %s%n",
                    replay[0] / local[0], TARGET_PER_S, n / replay[0] >= TARGET_PER_S ? "PASS" : "FAIL");
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** One LLM-style line per bar: BUY/SELL/HOLD in turn with the fields an llm run logs. */
    private static long writeLog(Path file, Bars b) throws IOException {
        String[] actions = {"BUY", "HOLD", "SELL", "HOLD"};
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < b.size(); i++) {
                String a = actions[i % 4];
                String size = a.equals("HOLD") ? "0.0" : "0.5";
                String raw = "{\\\"action\\\":\\\"" + a + "\\\",\\\"size_pct\\\":" + size + ",\\\"note\\\":\\\"momentum\\\"}";
                w.write(String.format(Locale.ROOT, "{\"ts\":\"%s\",\"action\":\"%s\",\"size_pct\":%s,\"note\":\"momentum\","
                                + "\"outcome\":\"FILLED\",\"account\":{\"cash\":5000.0,\"position\":0.1,\"avg_entry_price\":42000.0,"
                                + "\"unrealized_pnl\":12.5,\"equity\":9212.5},\"features_window\":{\"from\":\"%1$s\",\"to\":\"%1$s\","
                                + "\"rows\":60,\"every\":\"1m\"},\"prompt_version\":\"decision-v1\",\"model\":\"llama3.1:8b\","
                                + "\"request_hash\":\"%064x\",\"llm_raw\":\"%s\",\"parsed_action\":\"%2$s\",\"fallback_reason\":null,"
                                + "\"attempts\":1,\"latency_ms\":812,\"tokens_in\":1834,\"tokens_out\":24}",
                        Instant.ofEpochMilli(b.openTime[i]), a, size, (long) i * 2654435761L, raw));
                w.newLine();
            }
        }
        return Files.size(file);
    }
}
