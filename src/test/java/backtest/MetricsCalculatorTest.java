package backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import backtest.config.BacktestConfig;
import features.Interval;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Every metric on tiny frictionless runs worked by hand (values in the comments). */
class MetricsCalculatorTest {
    private static final Offset<Double> EXACT = within(1e-9);
    private static final Offset<Double> RATIO = within(1e-6);

    /** Daily bars 100, 110, 99, 121; all in at bar 0 (100 BTC): equity 10000, 11000, 9900, 12100. */
    private static Metrics heldThroughADip() {
        BacktestConfig cfg = TestConfigs.of("interval: 1d", "strategy: {type: ema-cross, decision_every: 1d}");
        return BacktestEngine.run(cfg, TestFrames.of(Interval.D1, new double[] {100, 110, 99, 121}, Map.of()),
                new ScriptedStrategy(Map.of(0, Decision.buy(1, "")))).metrics();
    }

    @Test
    void returns_and_buy_and_hold_over_the_same_bars() {
        Metrics m = heldThroughADip();
        assertThat(m.totalPnl()).isCloseTo(2100, EXACT);
        assertThat(m.totalReturn()).isCloseTo(0.21, EXACT);
        assertThat(m.buyHoldReturn()).isCloseTo(0.21, EXACT); // 121 / 100 - 1
        assertThat(m.exposurePct()).isEqualTo(1.0);
        assertThat(m.unrealizedPnl()).isCloseTo(2100, EXACT);
        assertThat(m.fills()).isEqualTo(1);
        assertThat(m.roundTrips()).isZero();
        assertThat(m.winRate()).isNaN();
    }

    @Test
    void max_drawdown_value_percent_and_duration() {
        Metrics m = heldThroughADip();
        assertThat(m.maxDrawdown()).isCloseTo(1100, EXACT); // 11000 -> 9900
        assertThat(m.maxDrawdownPct()).isCloseTo(0.1, EXACT);
        assertThat(m.maxDrawdownBars()).isEqualTo(1);
        assertThat(m.maxDrawdownMillis()).isEqualTo(86_400_000L);
    }

    @Test
    void sharpe_sortino_and_calmar_are_annualised_by_bars_per_year_of_the_interval() {
        // r = 0, 0.1, -0.1, 2/9; mean 1/18; sample stdev 0.137885263; downside sqrt(0.01 / 4) = 0.05; P = 365
        Metrics m = heldThroughADip();
        assertThat(m.periodsPerYear()).isEqualTo(365.0);
        assertThat(m.sharpe()).isCloseTo(7.697613055567733, RATIO);
        assertThat(m.sortino()).isCloseTo((1.0 / 18) / 0.05 * Math.sqrt(365), RATIO); // 21.2277
        assertThat(m.annualizedVolatility()).isCloseTo(0.1378852627332318 * Math.sqrt(365), RATIO);
        double annual = Math.pow(1.21, 365 / 4.0) - 1;
        assertThat(m.annualizedReturn()).isCloseTo(annual, within(annual * 1e-12));
        assertThat(m.calmar()).isCloseTo(annual / 0.1, within(annual * 1e-9));
    }

    @Test
    void periods_per_year_count_every_minute_of_a_365_day_year() {
        assertThat(MetricsCalculator.periodsPerYear(Interval.M1)).isEqualTo(525_600.0);
        assertThat(MetricsCalculator.periodsPerYear(Interval.M15)).isEqualTo(35_040.0);
        assertThat(MetricsCalculator.periodsPerYear(Interval.H1)).isEqualTo(8_760.0);
        assertThat(MetricsCalculator.periodsPerYear(Interval.W1)).isCloseTo(365 / 7.0, EXACT);
    }

    @Test
    void round_trip_figures_win_rate_profit_factor_expectancy_and_averages() {
        // 100 BTC 100 -> 110 (+1000); 110 BTC 100 -> 95 (-550); 104.5 BTC 100 -> 103 (+313.5)
        BacktestResult r = BacktestEngine.run(TestConfigs.of(), TestFrames.of(100, 110, 100, 95, 100, 103),
                new ScriptedStrategy(Map.of(0, Decision.buy(1, ""), 1, Decision.sell(1, ""), 2, Decision.buy(1, ""),
                        3, Decision.sell(1, ""), 4, Decision.buy(1, ""), 5, Decision.sell(1, ""))));
        Metrics m = r.metrics();
        assertThat(r.roundTrips().stream().mapToDouble(RoundTrip::pnl).toArray())
                .containsExactly(new double[] {1000.0, -550.0, 313.5}, EXACT);
        assertThat(m.roundTrips()).isEqualTo(3);
        assertThat(m.fills()).isEqualTo(6);
        assertThat(m.wins()).isEqualTo(2);
        assertThat(m.losses()).isEqualTo(1);
        assertThat(m.winRate()).isCloseTo(2 / 3.0, EXACT);
        assertThat(m.grossProfit()).isCloseTo(1313.5, EXACT);
        assertThat(m.grossLoss()).isCloseTo(-550, EXACT);
        assertThat(m.profitFactor()).isCloseTo(1313.5 / 550, EXACT);
        assertThat(m.expectancy()).isCloseTo(254.5, EXACT);
        assertThat(m.avgWin()).isCloseTo(656.75, EXACT);
        assertThat(m.avgLoss()).isCloseTo(-550, EXACT);
        assertThat(m.exposurePct()).isCloseTo(0.5, EXACT); // bars 0, 2, 4 end holding
        assertThat(m.realizedPnl()).isCloseTo(763.5, EXACT);
    }

    @Test
    void profit_factor_is_infinite_with_only_winning_trips() {
        BacktestResult r = BacktestEngine.run(TestConfigs.of(), TestFrames.of(100, 110),
                new ScriptedStrategy(Map.of(0, Decision.buy(1, ""), 1, Decision.sell(1, ""))));
        assertThat(r.metrics().profitFactor()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(r.metrics().avgLoss()).isNaN();
    }
}
