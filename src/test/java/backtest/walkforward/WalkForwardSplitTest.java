package backtest.walkforward;

import static org.assertj.core.api.Assertions.assertThat;

import backtest.TestConfigs;
import backtest.TestStores;
import backtest.config.BacktestConfig;
import backtest.sweep.GridSpec;
import backtest.sweep.SweepMetric;
import backtest.sweep.SweepResult;
import backtest.sweep.SweepVariants;
import features.GapPolicy;
import features.ParquetDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A walk-forward split the way the Spark application runs it - every fold's train sweep on its own
 * ({@link WalkForwardRunner#train}), then the test runs in fold order ({@link WalkForwardRunner#test}) from the chosen
 * grid index alone, its config rebuilt from the grid - gives exactly {@link WalkForwardRunner#run}'s folds.
 */
class WalkForwardSplitTest {
    @TempDir
    Path root;

    @Test
    void train_sweeps_apart_then_test_runs_in_order_equal_the_whole_walk_forward() throws Exception {
        ParquetDataSource source = new ParquetDataSource(TestStores.months(root, "BTCUSDT", 11, YearMonth.of(2024, 1)),
                GapPolicy.FFILL, false);
        BacktestConfig base = TestConfigs.of("start: 2024-01-02", "end: 2024-02-01", "interval: 15m",
                "fee_rate: 0.001", "indicators: {ema_fast: 12, ema_slow: 26}", "strategy: {type: ema-cross}");
        GridSpec grid = GridSpec.parse(List.of("ema_fast=5,10,30", "ema_slow=20,60"));
        WalkForwardFolds spec = new WalkForwardFolds(Duration.ofDays(10), Duration.ofDays(5), Duration.ofDays(5), false);
        List<WalkForwardRunner.FoldResult> whole = WalkForwardRunner.run(base, grid, spec, SweepMetric.SHARPE, source, 2);

        List<Map<String, Double>> points = grid.points();
        List<WalkForwardRunner.FoldResult> split = new ArrayList<>();
        double cash = base.initialCash();
        for (WalkForwardFolds.Fold f : spec.folds(base.start(), base.end())) {
            SweepResult train = WalkForwardRunner.train(base, grid, f, source, 1);
            int chosen = train.ranking(SweepMetric.SHARPE).get(0).index();
            BacktestConfig cfg = SweepVariants.apply(base.withWindow(f.trainStart(), f.trainEnd(), base.initialCash()),
                    points.get(chosen));
            WalkForwardRunner.FoldResult r = WalkForwardRunner.test(f,
                    new SweepResult.Row(chosen, points.get(chosen), cfg, null), train.rows().size(), source, cash);
            split.add(r);
            cash = r.test().metrics().finalEquity();
        }
        assertThat(whole).hasSize(4);
        assertThat(split).hasSize(whole.size());
        for (int i = 0; i < whole.size(); i++) {
            assertThat(split.get(i).chosen().index()).isEqualTo(whole.get(i).chosen().index());
            assertThat(split.get(i).chosen().config()).isEqualTo(whole.get(i).chosen().config());
            assertThat(split.get(i).trainCombinationsRun()).isEqualTo(whole.get(i).trainCombinationsRun()).isEqualTo(5);
            assertThat(split.get(i).test().metrics()).as("fold %d", i).isEqualTo(whole.get(i).test().metrics());
        }
        assertThat(whole.stream().mapToInt(r -> r.test().metrics().fills()).sum()).isGreaterThan(4);
        assertThat(whole.stream().map(r -> r.chosen().index()).distinct().count()).as("folds choose differently")
                .isGreaterThan(1);
    }
}
