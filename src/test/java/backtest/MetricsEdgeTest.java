package backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import features.Bars;
import features.FeatureFrame;
import features.FeatureSpec;
import features.GapPolicy;
import features.Interval;
import features.indicators.IndicatorSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The metrics at their edges, worked by hand (frictionless, cash 10,000): a year measured in time when a bar is
 * missing, a single bar (no sample deviation), a flat run (no deviation, no drawdown), a trip that breaks even (a
 * loss, no profit factor), only losing trips (profit factor 0), and the exit table of a run with no trip.
 */
class MetricsEdgeTest {
    private static final Offset<Double> EXACT = within(1e-9);

    private static Metrics run(FeatureFrame frame, Map<Integer, Decision> script) {
        return BacktestEngine.run(TestConfigs.of(), frame, new ScriptedStrategy(script)).metrics();
    }

    @Test
    void with_a_minute_missing_the_year_is_counted_in_time_not_in_bars() {
        // 1m bars at 0, 1 and 3 minutes (minute 2 dropped): 3 bars over 4 minutes
        Bars b = new Bars(Interval.M1, 3);
        double[] closes = {100, 110, 121};
        long[] minutes = {0, 1, 3};
        for (int i = 0; i < 3; i++) {
            double c = closes[i];
            b.add(TestFrames.T0 + minutes[i] * 60_000, c, c, c, c, 1, c, 1, 0.5, c / 2, (byte) 0);
        }
        FeatureFrame frame = new FeatureFrame(new FeatureSpec(Interval.M1, IndicatorSpec.parse("ema"), GapPolicy.DROP),
                b, new LinkedHashMap<>());
        Metrics m = run(frame, Map.of(0, Decision.buy(1, "")));
        assertThat(m.bars()).isEqualTo(3);
        assertThat(m.elapsedMinutes()).isEqualTo(4);
        assertThat(m.periodsPerYear()).isCloseTo(3 * 525_600 / 4.0, EXACT); // 394,200, not 525,600
        assertThat(m.finalEquity()).isCloseTo(12_100, EXACT);

        // the same returns over consecutive minutes: the full 525,600, and Sharpe scaled by sqrt(P) alone
        Metrics whole = run(TestFrames.of(100, 110, 121), Map.of(0, Decision.buy(1, "")));
        assertThat(whole.elapsedMinutes()).isEqualTo(3);
        assertThat(whole.periodsPerYear()).isEqualTo(525_600.0);
        assertThat(m.sharpe() / whole.sharpe()).isCloseTo(Math.sqrt(0.75), EXACT);
        assertThat(m.annualizedVolatility() / whole.annualizedVolatility()).isCloseTo(Math.sqrt(0.75), EXACT);
    }

    @Test
    void a_single_bar_has_no_sample_deviation_so_no_volatility_sharpe_or_sortino() {
        Metrics m = run(TestFrames.of(100), Map.of(0, Decision.buy(1, "")));
        assertThat(m.bars()).isEqualTo(1);
        assertThat(m.totalPnl()).isZero();
        assertThat(m.annualizedVolatility()).isNaN();
        assertThat(m.sharpe()).isNaN();
        assertThat(m.sortino()).isNaN(); // no negative return: downside 0
        assertThat(m.calmar()).isNaN(); // no drawdown
        assertThat(m.exposurePct()).isEqualTo(1.0);
        assertThat(m.maxDrawdownBars()).isZero();
    }

    @Test
    void a_flat_run_has_zero_volatility_and_undefined_ratios() {
        Metrics m = run(TestFrames.of(100, 100, 100, 100), Map.of());
        assertThat(m.annualizedVolatility()).isZero();
        assertThat(m.annualizedReturn()).isZero();
        assertThat(m.sharpe()).isNaN();
        assertThat(m.sortino()).isNaN();
        assertThat(m.calmar()).isNaN();
        assertThat(m.maxDrawdown()).isZero();
        assertThat(m.maxDrawdownPct()).isZero();
        assertThat(m.exposurePct()).isZero();
        assertThat(m.fills()).isZero();
        assertThat(m.roundTrips()).isZero();
        assertThat(m.profitFactor()).isNaN();
        assertThat(m.expectancy()).isNaN();
        assertThat(m.unrealizedPnl()).isZero();
        assertThat(m.maxDrawdownBars()).isZero(); // at the peak all along: never below it
    }

    @Test
    void equity_back_exactly_at_its_peak_ends_the_run_below_it() {
        // 100 BTC: equity 10000, 12000, 11000, 12000 (the peak again), 11000, 10000
        Metrics m = run(TestFrames.of(100, 120, 110, 120, 110, 100), Map.of(0, Decision.buy(1, "")));
        assertThat(m.maxDrawdownBars()).isEqualTo(2);
        assertThat(m.maxDrawdown()).isCloseTo(2_000, EXACT);
        assertThat(m.maxDrawdownPct()).isCloseTo(2_000 / 12_000.0, EXACT);
    }

    @Test
    void a_trip_that_breaks_even_is_a_loss_and_leaves_the_profit_factor_undefined() {
        Metrics m = run(TestFrames.of(100, 100, 100), Map.of(0, Decision.buy(1, ""), 1, Decision.sell(1, "")));
        assertThat(m.roundTrips()).isEqualTo(1);
        assertThat(m.wins()).isZero();
        assertThat(m.losses()).isEqualTo(1);
        assertThat(m.winRate()).isZero();
        assertThat(m.grossProfit()).isZero();
        assertThat(m.grossLoss()).isZero();
        assertThat(m.profitFactor()).isNaN();
        assertThat(m.avgWin()).isNaN();
        assertThat(m.avgLoss()).isZero();
        assertThat(m.expectancy()).isZero();
        assertThat(m.exposurePct()).isCloseTo(1 / 3.0, EXACT); // bar 0 only ends holding
    }

    @Test
    void only_losing_trips_give_a_profit_factor_of_zero_and_a_negative_sortino() {
        // 100 BTC 100 -> 90: -1000; 100 BTC 90 -> 81: -900
        Metrics m = run(TestFrames.of(100, 90, 90, 81), Map.of(0, Decision.buy(1, ""), 1, Decision.sell(1, ""),
                2, Decision.buy(1, ""), 3, Decision.sell(1, "")));
        assertThat(m.roundTrips()).isEqualTo(2);
        assertThat(m.wins()).isZero();
        assertThat(m.profitFactor()).isZero();
        assertThat(m.grossLoss()).isCloseTo(-1_900, EXACT);
        assertThat(m.avgLoss()).isCloseTo(-950, EXACT);
        assertThat(m.buys()).isEqualTo(2);
        assertThat(m.sells()).isEqualTo(2);
        assertThat(m.maxDrawdown()).isCloseTo(1_900, EXACT);
        assertThat(m.maxDrawdownPct()).isCloseTo(0.19, EXACT);
        assertThat(m.maxDrawdownBars()).isEqualTo(3);
        // r = 0, -0.1, 0, -0.1: downside sqrt(0.02 / 4); mean -0.05
        assertThat(m.sortino()).isCloseTo(-0.05 / Math.sqrt(0.005) * Math.sqrt(525_600), within(1e-6));
        assertThat(m.totalReturn()).isCloseTo(-0.19, EXACT);
        assertThat(m.buyHoldReturn()).isCloseTo(-0.19, EXACT);
    }

    @Test
    void the_exit_table_of_a_run_without_trips_lists_every_reason_empty() {
        ExitStats s = ExitStats.of(java.util.List.of(), null);
        assertThat(s.rows()).hasSize(ExitReason.values().length);
        assertThat(s.rows()).allSatisfy(r -> {
            assertThat(r.count()).isZero();
            assertThat(r.pnl()).isZero();
            assertThat(r.winRate()).isNaN();
        });
        assertThat(s.toMap().get("end_of_data").toString()).isEqualTo("{count=0, pnl=0.0, wins=0, win_rate=null}");

        // a winning and a losing trip by signal, and an open trade at a loss
        ExitStats two = ExitStats.of(java.util.List.of(new RoundTrip(0, 1, 2, 10, ExitReason.SIGNAL),
                new RoundTrip(2, 3, 2, -4, ExitReason.SIGNAL)), new OpenTrade(4, 1, 1, 10, 9, 0, -1));
        assertThat(two.rows().get(0)).isEqualTo(new ExitStats.Row(ExitReason.SIGNAL, 2, 6, 1, 0.5));
        assertThat(two.toMap().get("signal").toString()).isEqualTo("{count=2, pnl=6.0, wins=1, win_rate=0.5}");
        ExitStats.Row open = two.rows().get(ExitReason.END_OF_DATA.ordinal());
        assertThat(open.count()).isEqualTo(1);
        assertThat(open.pnl()).isEqualTo(-1);
        assertThat(open.wins()).isZero();
        assertThat(open.winRate()).isZero();

        // an open trade that breaks even is no win; one in profit is
        assertThat(ExitStats.of(java.util.List.of(), new OpenTrade(0, 1, 1, 10, 10, 0, 0)).rows()
                .get(ExitReason.END_OF_DATA.ordinal()).wins()).isZero();
        assertThat(ExitStats.of(java.util.List.of(), new OpenTrade(0, 1, 1, 10, 11, 0, 1)).rows()
                .get(ExitReason.END_OF_DATA.ordinal())).isEqualTo(new ExitStats.Row(ExitReason.END_OF_DATA, 1, 1, 1, 1));
    }
}
