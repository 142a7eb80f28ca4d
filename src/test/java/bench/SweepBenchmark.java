package bench;

import backtest.config.BacktestConfig;
import backtest.sweep.GridSpec;
import backtest.sweep.SweepResult;
import backtest.sweep.SweepRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import storage.KlineStore;

/**
 * The sweep scenario of {@link BacktestBenchmark}: {@code SweepRunner.run} over the two stored months with
 * BacktestBenchmark.CONFIG as the base (ema-cross, ema/rsi/cmf, 1m), 1,000 combinations each, on 1 worker and on 2 in
 * the same run, wall time from the call to the result (bars read from the store included, JVM warm):
 * <ul>
 * <li><i>1,000 EMA pairs</i>: ema_fast=2:41:1 x ema_slow=50:290:10, every combination a different pair of EMA
 * periods (65 EMA columns, one per period, shared; RSI and CMF per warm-up start);
 * <li><i>100 EMA pairs x 10 sizes</i>: ema_fast=5:50:5 x ema_slow=60:240:20 x size_pct=0.1,...,1 (each pair's
 * columns computed once and shared by its 10 runs).
 * </ul>
 * Baseline: 1,000 standalone runs (FeatureEngine from the store + engine) at the best time of one, measured in the
 * same run. Target < 10 s.
 */
final class SweepBenchmark {
    private SweepBenchmark() {
    }

    static void run(KlineStore store, BacktestConfig base, int reps, double oneRunSeconds) {
        List<List<String>> grids = List.of(
                List.of("ema_fast=2:41:1", "ema_slow=50:290:10"),
                List.of("ema_fast=5:50:5", "ema_slow=60:240:20", "size_pct=0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1"));
        List<String> names = List.of("1,000 EMA pairs", "100 EMA pairs x 10 sizes");
        int processors = Runtime.getRuntime().availableProcessors();
        System.out.printf("%nsweep over the 2 stored months, base: the 1m every-bar config of BacktestBenchmark, 1,000 combinations; baseline"
                + " 1,000 x one standalone run (%.1f ms) = %.1f s%n", oneRunSeconds * 1e3, oneRunSeconds * 1000);
        for (int s = 0; s < grids.size(); s++) {
            GridSpec grid = GridSpec.parse(grids.get(s));
            SweepResult[] last = new SweepResult[1];
            double[] one = BacktestBenchmark.times(reps, () -> last[0] = sweep(base, grid, store, 1));
            SweepResult first = last[0];
            double[] two = BacktestBenchmark.times(reps, () -> last[0] = sweep(base, grid, store, processors));
            if (!last[0].rows().equals(first.rows())) {
                throw new IllegalStateException("1 and " + processors + " workers disagree");
            }
            System.out.printf("  %s (%s): %,d runs, %,d skipped, %,d bars each; bars loaded in %.1f ms%n", names.get(s),
                    String.join(" ", grids.get(s)), first.rows().size(), first.skipped().size(), first.bars(),
                    first.loadNanos() / 1e6);
            line("1 worker", one, oneRunSeconds);
            line(processors + " workers", two, oneRunSeconds);
            System.out.printf("    1 worker / %d workers time %.2fx; target < %.0f s: %s%n", processors, one[0] / two[0],
                    BacktestBenchmark.TARGET_SWEEP_S, two[0] < BacktestBenchmark.TARGET_SWEEP_S ? "PASS" : "FAIL");
        }
    }

    private static void line(String who, double[] s, double oneRun) {
        System.out.printf("    %-10s best %6.2f s (median %6.2f s)  %,6.0f runs/s  %.1fx faster than 1,000 standalone runs%n",
                who, s[0], s[s.length / 2], 1000 / s[0], oneRun * 1000 / s[0]);
    }

    private static SweepResult sweep(BacktestConfig base, GridSpec grid, KlineStore store, int threads) {
        try {
            return SweepRunner.run(base, grid, store, threads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
