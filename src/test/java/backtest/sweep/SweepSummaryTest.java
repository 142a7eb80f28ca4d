package backtest.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import backtest.BacktestEngine;
import backtest.Decision;
import backtest.Metrics;
import backtest.Strategy;
import backtest.TestConfigs;
import backtest.TestFrames;
import backtest.config.BacktestConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table a finished sweep prints: counts and time, then one line per top row, ranked from 1, then the files. */
class SweepSummaryTest {
    private static Metrics heldThroughADip() {
        BacktestConfig cfg = TestConfigs.of();
        Strategy allIn = new Strategy() {
            @Override
            public Decision decide(backtest.DecisionContext ctx) {
                return ctx.index() == 0 ? Decision.buy(1, "") : Decision.HOLD;
            }

            @Override
            public String name() {
                return "all-in";
            }
        };
        return BacktestEngine.run(cfg, TestFrames.of(100, 110, 99, 121), allIn).metrics(); // +21 %, drawdown 10 %
    }

    @Test
    void the_table_lists_the_top_rows_ranked_with_their_parameters_and_figures() {
        Metrics m = heldThroughADip();
        Map<String, Double> first = new LinkedHashMap<>();
        first.put("ema_fast", 5.0);
        first.put("size_pct", 0.5);
        BacktestConfig cfg = TestConfigs.of();
        SweepSummary s = new SweepSummary(Path.of("sweeps", "s1"), 4, 2, 2, SweepMetric.SHARPE,
                List.of(new SweepResult.Row(0, first, cfg, m), new SweepResult.Row(3, Map.of("ema_fast", 12.0), cfg, m)),
                List.of(), 1_500);
        List<String> lines = s.table().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("4 combinations: 2 run, 2 skipped, 1.50 s; ranked by sharpe");
        assertThat(lines.get(1).split(" +")).containsExactly("", "rank", "parameters", "return", "max", "dd", "sharpe",
                "fills");
        String sharpe = String.format(java.util.Locale.ROOT, "%.2f", m.sharpe());
        assertThat(lines.get(2).split(" +")).containsExactly("", "1", "ema_fast=5", "size_pct=0.5", "21.00%", "-10.00%",
                sharpe, "1");
        assertThat(lines.get(3).split(" +")).containsExactly("", "2", "ema_fast=12", "21.00%", "-10.00%", sharpe, "1");
        assertThat(lines.get(4)).isEqualTo("  ranking: " + Path.of("sweeps", "s1", "ranking.csv")
                + " (and ranking.parquet, sweep.json)");
    }

    @Test
    void combinations_count_the_rows_run_and_the_ones_skipped() {
        BacktestConfig cfg = TestConfigs.of();
        Metrics m = heldThroughADip();
        SweepResult r = new SweepResult(cfg, GridSpec.parse(List.of("ema_fast=1:3:1")),
                List.of(new SweepResult.Row(0, Map.of("ema_fast", 1.0), cfg, m),
                        new SweepResult.Row(2, Map.of("ema_fast", 3.0), cfg, m)),
                List.of(new SweepResult.Skipped(1, Map.of("ema_fast", 2.0), "why")), java.time.Instant.EPOCH, 4, null, 1,
                0, 0);
        assertThat(r.combinations()).isEqualTo(3);
    }
}
