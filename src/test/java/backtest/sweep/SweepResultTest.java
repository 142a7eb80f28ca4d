package backtest.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import backtest.Metrics;
import backtest.TestConfigs;
import backtest.config.BacktestConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepResultTest {
    private static final BacktestConfig BASE = TestConfigs.of();

    /** Metrics where only Sharpe and the drawdown matter. */
    private static Metrics metrics(double sharpe, double drawdownPct) {
        return new Metrics(10, 10, 525_600, 10_000, 10_000, 0, 0, 0, 0, 0, 0, drawdownPct, 0, 0, 0, 0, 0, 0, 0, 0,
                Double.NaN, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, sharpe, 0, 0, 0, 0);
    }

    private static SweepResult result(double[] sharpe, double[] drawdown) {
        List<SweepResult.Row> rows = new ArrayList<>();
        for (int i = 0; i < sharpe.length; i++) {
            rows.add(new SweepResult.Row(i, Map.of("ema_fast", (double) i + 1), BASE, metrics(sharpe[i], drawdown[i])));
        }
        return new SweepResult(BASE, GridSpec.parse(List.of("ema_fast=1:" + sharpe.length + ":1")), rows, List.of(),
                Instant.EPOCH, 10, null, 1, 0, 0);
    }

    private static List<Integer> order(List<SweepResult.Row> rows) {
        return rows.stream().map(SweepResult.Row::index).toList();
    }

    @Test
    void ranks_highest_sharpe_first_nan_last_ties_in_grid_order() {
        SweepResult r = result(new double[] {0.5, Double.NaN, 2.0, 0.5, Double.POSITIVE_INFINITY, -1},
                new double[6]);
        assertThat(order(r.ranking())).containsExactly(4, 2, 0, 3, 5, 1);
        assertThat(order(r.top(2, SweepMetric.SHARPE))).containsExactly(4, 2);
        assertThat(r.top(10, SweepMetric.SHARPE)).hasSize(6);
    }

    @Test
    void ranks_drawdown_and_fees_lowest_first() {
        SweepResult r = result(new double[3], new double[] {0.2, 0.05, Double.NaN});
        assertThat(order(r.ranking(SweepMetric.MAX_DRAWDOWN_PCT))).containsExactly(1, 0, 2);
        assertThat(SweepMetric.parse("fees_paid").higherIsBetter()).isFalse();
    }

    @Test
    void csv_numbers_are_exact_and_never_in_exponent_form() {
        assertThat(SweepFiles.text(12.0)).isEqualTo("12");
        assertThat(SweepFiles.text(0.0001)).isEqualTo("0.0001");
        assertThat(SweepFiles.text(-1.25e-7)).isEqualTo("-0.000000125");
        assertThat(SweepFiles.text(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(SweepFiles.text(Double.NaN)).isEmpty();
        assertThat(SweepFiles.text(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(SweepFiles.text(-0.0)).isEqualTo("0");
        double x = 1.2345678901234567e-3;
        assertThat(Double.parseDouble(SweepFiles.text(x))).isEqualTo(x);
    }
}
