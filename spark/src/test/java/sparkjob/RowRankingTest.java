package sparkjob;

import static org.assertj.core.api.Assertions.assertThat;

import backtest.sweep.SweepMetric;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The driver's ranking of a symbol's rows ({@link SparkSweep#ranking}): the in-process order of
 * {@code SweepResult.ranking} - best first by the figure, NaN (undefined) last, ties in grid order. (SparkSweepIT
 * compares whole outputs with the in-process sweep; these are the edge cases its data may not hit.)
 */
class RowRankingTest {
    static List<Integer> order(SweepMetric by, double... figures) {
        List<SparkSweep.Ranked> rows = new ArrayList<>();
        for (int i = figures.length - 1; i >= 0; i--) { // arrival order must not matter
            rows.add(new SparkSweep.Ranked(i, figures, i, figures[i]));
        }
        rows.sort(SparkSweep.ranking(by));
        return rows.stream().map(SparkSweep.Ranked::index).toList();
    }

    @Test
    void higher_is_better_first_nan_last_ties_in_grid_order() {
        assertThat(order(SweepMetric.SHARPE, 0.5, Double.NaN, 2.0, 0.5, -1.0, Double.NaN))
                .containsExactly(2, 0, 3, 4, 1, 5);
    }

    @Test
    void lower_is_better_for_drawdown_and_fees_nan_still_last() {
        assertThat(order(SweepMetric.MAX_DRAWDOWN_PCT, 0.3, Double.NaN, 0.1, 0.3, 0.2))
                .containsExactly(2, 4, 0, 3, 1);
        assertThat(order(SweepMetric.FEES_PAID, 5, 1, 1)).containsExactly(1, 2, 0);
    }

    @Test
    void infinities_and_signed_zeros_order_as_double_compare() {
        // Double.compare, as the in-process Comparator.comparingDouble: +inf first, -0.0 below 0.0
        assertThat(order(SweepMetric.PROFIT_FACTOR, 0.0, Double.POSITIVE_INFINITY, -0.0, Double.NEGATIVE_INFINITY))
                .containsExactly(1, 0, 2, 3);
    }
}
