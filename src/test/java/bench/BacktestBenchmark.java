package bench;

import backtest.config.BacktestConfig;
import backtest.BacktestEngine;
import backtest.BacktestResult;
import backtest.strategy.Strategies;
import features.Bars;
import features.FeatureEngine;
import features.FeatureFrame;
import features.FeatureSpec;
import features.GapPolicy;
import features.Interval;
import features.ParquetDataSource;
import features.indicators.IndicatorEngine;
import features.indicators.IndicatorSpec;
import gen.KlineGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import storage.CrashPoints;
import storage.KlineColumns;
import storage.KlineParquet;
import storage.KlineStore;

/**
 * Backtest benchmark (not a test), two figures:
 * <ol>
 * <li>core loop: {@code BacktestEngine.run} with ema-cross deciding at every 1m bar over an in-memory frame of
 * 4.6M bars (the seeded random walk of {@link FeatureBenchmark}, EMA 12/26 precomputed), metrics included;
 * baseline in the same run: a bare loop over the same arrays that does the cross test and the equity mark and
 * nothing else. Target >= 20M bars/s. The same with risk rules ({@link #STOPS}: stop-loss, take-profit and trailing
 * stop checked on every bar holding a position), at the close and with next-open fills: target >= 40M bars/s.
 * <li>a 2-month backtest in a warm process: {@link #CONFIG} (Jan + Feb 2024, 1m, ema/rsi/cmf,
 * ema-cross) over two generated months stored as Parquet: features from the store + engine. Target < 150 ms.
 * <li>a 1,000-combination sweep ({@code SweepRunner}) over the same two months, on 1 worker and on 2 in the same
 * run; baseline: 1,000 standalone runs at the best time of one. Target < 10 s.
 * </ol>
 * Run with {@code bin/bench-backtest [--reps N] [--seed S] [--bars N] [--sweep-only | --core-only | --walk-forward-only]}.
 */
public final class BacktestBenchmark {
    /**
     * The benchmarked run: configs/backtest.yaml's settings with 1m bars and a decision at every bar (the heaviest
     * rule-strategy load: 86,400 decisions over Jan + Feb 2024).
     */
    static final String CONFIG = """
            start: 2024-01-01
            end: 2024-03-01
            interval: 1m
            initial_cash: 10000
            fee_rate: 0.001
            slippage_bps: 1
            indicators: {ema_fast: 12, ema_slow: 26, rsi: 14, cmf: 20}
            strategy: {type: ema-cross, decision_every: 1m, size_pct: 1.0}
            """;

    static final double TARGET_BARS_PER_S = 20e6;
    /** The core loop with risk rules checked on every bar holding a position. */
    static final double TARGET_STOPS_BARS_PER_S = 40e6;
    /** The risk rules of the stops scenario: all three, so every held bar checks both levels and the trail. */
    static final String STOPS = "risk: {stop_loss_pct: 0.01, take_profit_pct: 0.02, trailing_stop_pct: 0.015}\n";
    static final double TARGET_TWO_MONTHS_MS = 150;
    static final double TARGET_SWEEP_S = 10;

    public static void main(String[] args) throws Exception {
        int reps = 7;
        long seed = 42;
        int n = 4_600_000;
        boolean sweepOnly = false;
        boolean coreOnly = false;
        boolean walkForwardOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--bars" -> n = Integer.parseInt(args[++i]);
                case "--sweep-only" -> sweepOnly = true;
                case "--core-only" -> coreOnly = true;
                case "--walk-forward-only" -> walkForwardOnly = true;
                default -> {
                    System.err.println("usage: BacktestBenchmark [--reps N] [--seed S] [--bars N] [--sweep-only | --core-only | --walk-forward-only]");
                    System.exit(2);
                }
            }
        }
        System.out.printf("java %s, %d cores, max heap %d MB%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        BacktestConfig cfg = BacktestConfig.parse(CONFIG);
        if (!sweepOnly && !walkForwardOnly) {
            coreLoop(cfg, seed, n, reps);
        }
        if (coreOnly) {
            return;
        }
        Path dir = Files.createTempDirectory("kline-backtest-bench");
        try {
            KlineStore store = twoMonthStore(dir, cfg, seed);
            if (!walkForwardOnly) {
                double oneRun = twoMonths(store, cfg, sweepOnly ? 3 : reps);
                SweepBenchmark.run(store, cfg, Math.min(reps, 3), oneRun);
            }
            WalkForwardBenchmark.run(store, cfg, dir.resolve("out"), Math.min(reps, 3));
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void coreLoop(BacktestConfig cfg, long seed, int n, int reps) {
        IndicatorSpec ema = IndicatorSpec.parse("ema");
        Bars bars = FeatureBenchmark.randomWalk(seed, n);
        FeatureFrame frame = new FeatureFrame(new FeatureSpec(Interval.M1, ema, GapPolicy.FFILL), bars,
                IndicatorEngine.compute(bars, ema));
        double[] fast = frame.columns().get("ema_fast");
        double[] slow = frame.columns().get("ema_slow");
        double[] out = new double[n];
        BacktestResult[] last = new BacktestResult[1];
        double[] engine = times(reps, () -> last[0] = BacktestEngine.run(cfg, frame, Strategies.of(cfg.strategy())));
        double[] bare = times(reps, () -> bareLoop(bars.close, fast, slow, out, n));
        System.out.printf("%ncore loop: ema-cross deciding at every 1m bar, %,d bars in memory (%,d fills)%n", n,
                last[0].fills().size());
        print("engine", n, engine);
        print("bare loop", n, bare);
        System.out.printf("  engine / bare loop time %.1fx; target >= %,.0f bars/s: %s%n", engine[0] / bare[0],
                TARGET_BARS_PER_S, n / engine[0] >= TARGET_BARS_PER_S ? "PASS" : "FAIL");
        for (String variant : new String[] {STOPS, STOPS + "execution: {fill: next_open}\n"}) {
            BacktestConfig risky = BacktestConfig.parse(CONFIG + variant);
            double[] withStops = times(reps, () -> last[0] = BacktestEngine.run(risky, frame,
                    Strategies.of(risky.strategy())));
            long exits = last[0].fills().stream().filter(f -> f.reason() != backtest.ExitReason.SIGNAL).count();
            System.out.printf("%ncore loop with stops (%s%s): %,d fills, %,d of them risk exits%n",
                    variant.strip().replace("\n", ", "), "", last[0].fills().size(),
                    exits);
            print("engine + stops", n, withStops);
            System.out.printf("  vs the engine without stops %.2fx; target >= %,.0f bars/s: %s%n",
                    withStops[0] / engine[0], TARGET_STOPS_BARS_PER_S,
                    n / withStops[0] >= TARGET_STOPS_BARS_PER_S ? "PASS" : "FAIL");
        }
    }

    /** The least a backtest loop must do: the cross test and an equity mark per bar, into one output column. */
    private static void bareLoop(double[] close, double[] fast, double[] slow, double[] out, int n) {
        double cash = 10_000;
        double pos = 0;
        int side = 0;
        for (int i = 0; i < n; i++) {
            double f = fast[i];
            double s = slow[i];
            if (!Double.isNaN(f) && !Double.isNaN(s) && f != s) {
                int now = f > s ? 1 : -1;
                if (side == -1 && now == 1) {
                    pos = cash / close[i];
                    cash = 0;
                } else if (side == 1 && now == -1) {
                    cash = pos * close[i];
                    pos = 0;
                }
                side = now;
            }
            out[i] = cash + pos * close[i];
        }
    }

    /** Jan + Feb 2024 generated with {@code seed}, written as the store's Parquet month files. */
    private static KlineStore twoMonthStore(Path dir, BacktestConfig cfg, long seed) throws IOException {
        KlineStore store = new KlineStore(dir, cfg.symbol(), Clock.systemUTC(), CrashPoints.NONE);
        Files.createDirectories(store.klinesDir());
        KlineGenerator g = new KlineGenerator(seed);
        for (YearMonth m : List.of(YearMonth.of(2024, 1), YearMonth.of(2024, 2))) {
            KlineParquet.write(store.monthFile(m), month(g, m));
        }
        return store;
    }

    /** The 2-month figures; answers the best features+engine time (s), the sweep's baseline. */
    private static double twoMonths(KlineStore store, BacktestConfig cfg, int reps) {
        FeatureEngine features = new FeatureEngine(new ParquetDataSource(store, cfg.gapPolicy(), false));
        FeatureFrame[] frame = new FeatureFrame[1];
        Runnable featuresOnly = () -> frame[0] = compute(features, cfg);
        Runnable whole = () -> BacktestEngine.run(cfg, compute(features, cfg), Strategies.of(cfg.strategy()));
        for (int i = 0; i < 20; i++) {
            whole.run(); // warm the process: JIT, page cache
        }
        double[] total = times(reps, whole);
        double[] feat = times(reps, featuresOnly);
        double[] eng = times(reps, () -> BacktestEngine.run(cfg, frame[0], Strategies.of(cfg.strategy())));
        int n = frame[0].size();
        System.out.printf("%n2-month backtest, warm process: 1m every-bar config (%s..%s, %s, %s, %s), %,d bars"
                + " from 2 Parquet months%n", cfg.start(), cfg.end(), cfg.interval(), cfg.indicators().columns(),
                cfg.strategy().type(), n);
        print("features+engine", n, total);
        print("features only", n, feat);
        print("engine only", n, eng);
        System.out.printf("  target < %.0f ms: %s%n", TARGET_TWO_MONTHS_MS,
                total[0] * 1e3 < TARGET_TWO_MONTHS_MS ? "PASS" : "FAIL");
        return total[0];
    }

    private static FeatureFrame compute(FeatureEngine features, BacktestConfig cfg) {
        try {
            return features.compute(cfg.featureSpec(), cfg.start(), cfg.end());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static KlineColumns month(KlineGenerator g, YearMonth m) throws IOException {
        StringWriter w = new StringWriter();
        g.write(m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(), w, List.of());
        KlineColumns c = new KlineColumns(45_000);
        try (BufferedReader r = new BufferedReader(new StringReader(w.toString()))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(",", -1);
                c.add(Long.parseLong(f[0]), d(f[1]), d(f[2]), d(f[3]), d(f[4]), d(f[5]), Long.parseLong(f[6]), d(f[7]),
                        Long.parseLong(f[8]), d(f[9]), d(f[10]));
            }
        }
        return c;
    }

    /** Sorted wall times (s) of reps runs after one untimed run. */
    static double[] times(int reps, Runnable work) {
        work.run();
        double[] s = new double[reps];
        for (int r = 0; r < reps; r++) {
            System.gc();
            long t0 = System.nanoTime();
            work.run();
            s[r] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(s);
        return s;
    }

    private static void print(String who, int bars, double[] s) {
        System.out.printf("  %-16s best %8.2f ms (median %8.2f ms)  %,14.0f bars/s%n", who, s[0] * 1e3,
                s[s.length / 2] * 1e3, bars / s[0]);
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }
}
