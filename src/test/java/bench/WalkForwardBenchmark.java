package bench;

import backtest.config.BacktestConfig;
import backtest.service.BacktestService;
import backtest.walkforward.WalkForwardFolds;
import backtest.walkforward.WalkForwardRequest;
import backtest.walkforward.WalkForwardSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import storage.KlineStore;

/**
 * The walk-forward scenario of {@link BacktestBenchmark}: {@code BacktestService.walkForward} over the two stored
 * months with BacktestBenchmark.CONFIG as the base (ema-cross, ema/rsi/cmf, 1m): 12 folds of 24 days train / 3 days
 * test (step 3 days), 100 combinations (ema_fast=5:50:5 x ema_slow=60:240:20) swept on every train window, the best by
 * Sharpe run on its test window; wall time from the call to the written folder (bars read from the store, files and
 * report written), JVM warm, on 1 worker and on all cores. Target < 10 s.
 */
final class WalkForwardBenchmark {
    static final double TARGET_S = 10;
    private static final List<String> GRID = List.of("ema_fast=5:50:5", "ema_slow=60:240:20");
    private static final WalkForwardFolds FOLDS = new WalkForwardFolds(Duration.ofDays(24), Duration.ofDays(3),
            Duration.ofDays(3), false);

    private WalkForwardBenchmark() {
    }

    static void run(KlineStore store, BacktestConfig base, Path out, int reps) {
        BacktestConfig cfg = BacktestConfig.parse(base.toYaml().replaceAll("(?m)^output_dir:.*$",
                "output_dir: " + out.toString().replace("\\", "/")));
        BacktestService service = new BacktestService(store, "bench");
        int processors = Runtime.getRuntime().availableProcessors();
        WalkForwardSummary[] last = new WalkForwardSummary[1];
        walk(service, cfg, processors); // warm
        double[] one = BacktestBenchmark.times(reps, () -> last[0] = walk(service, cfg, 1));
        double[] all = BacktestBenchmark.times(reps, () -> last[0] = walk(service, cfg, processors));
        System.out.printf("%nwalk-forward over the 2 stored months, base: the 1m every-bar config of BacktestBenchmark: "
                + "%d folds (%s) x 100 combinations (%s), folder written%n", last[0].folds().size(), FOLDS.describe(),
                String.join(" ", GRID));
        System.out.printf("    1 worker   best %6.2f s (median %6.2f s)%n", one[0], one[one.length / 2]);
        System.out.printf("    %d workers  best %6.2f s (median %6.2f s); target < %.0f s: %s%n", processors, all[0],
                all[all.length / 2], TARGET_S, all[0] < TARGET_S ? "PASS" : "FAIL");
    }

    private static WalkForwardSummary walk(BacktestService service, BacktestConfig cfg, int threads) {
        try {
            return service.walkForward(new WalkForwardRequest(cfg, GRID, FOLDS, "sharpe", threads));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
