package backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import backtest.config.BacktestConfig;
import features.Bars;
import features.FeatureFrame;
import features.Interval;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The execution and risk rules worked by hand on a few bars ({open, high, low, close}): next-open fills and the
 * last-bar order, stop-loss, take-profit, trailing stop, gap-through at the open, both levels touched in one bar (the
 * stop wins), slippage on each side, and the 1m bars inside coarser decision bars. Frictionless unless a test sets
 * slippage; cash 10,000, step 0.001.
 */
class ExecutionRiskTest {
    private static final Offset<Double> EXACT = within(1e-9);
    private static final String NEXT_OPEN = "execution: {fill: next_open}";

    private static BacktestResult run(BacktestConfig cfg, Map<Integer, Decision> script, double[]... bars) {
        return BacktestEngine.run(cfg, TestFrames.ohlc(Interval.M1, bars), new ScriptedStrategy(script));
    }

    private static double[] bar(double o, double h, double l, double c) {
        return new double[] {o, h, l, c};
    }

    private static final Map<Integer, Decision> ALL_IN_AT_0 = Map.of(0, Decision.buy(1.0, "in"));

    @Test
    void a_next_open_order_fills_at_the_next_bars_open_plus_slippage_and_is_logged_at_its_own_bar() {
        BacktestConfig cfg = TestConfigs.of(NEXT_OPEN, "slippage_bps: 10");
        BacktestResult r = run(cfg, Map.of(0, Decision.buy(0.5, "in"), 2, Decision.sell(1.0, "out")),
                bar(100, 100, 100, 100), bar(102, 106, 101, 105), bar(108, 109, 107, 108), bar(110, 111, 109, 110));
        Fill buy = r.fills().get(0);
        assertThat(buy.ts()).isEqualTo(TestFrames.T0 + 60_000); // bar 1, not bar 0
        assertThat(buy.price()).isCloseTo(102.102, EXACT); // 102 x 1.001
        assertThat(buy.qty()).isCloseTo(48.970, EXACT); // 5000 / 102.102 = 48.9706 floored to the step
        assertThat(buy.slippageCost()).isCloseTo(48.970 * 0.102, EXACT);
        Fill sell = r.fills().get(1);
        assertThat(sell.ts()).isEqualTo(TestFrames.T0 + 3 * 60_000);
        assertThat(sell.price()).isCloseTo(109.89, EXACT); // 110 x 0.999
        assertThat(r.curve().position()[0]).isZero(); // nothing held at bar 0's close
        assertThat(r.curve().position()[1]).isCloseTo(48.970, EXACT);
        assertThat(r.curve().position()[2]).isCloseTo(48.970, EXACT); // the sell decided at 2 fills at 3
        assertThat(r.curve().position()[3]).isZero();
        assertThat(r.decisions().row(0)).isZero();
        assertThat(r.decisions().outcome(0)).isEqualTo(Outcome.FILLED);
        assertThat(r.decisions().row(2)).isEqualTo(2);
        assertThat(r.decisions().outcome(2)).isEqualTo(Outcome.FILLED);
        assertThat(r.unfilledOrders()).isZero();
        assertThat(r.roundTrips()).singleElement().satisfies(t -> assertThat(t.exitReason()).isEqualTo(ExitReason.SIGNAL));
    }

    @Test
    void an_order_decided_on_the_last_bar_is_not_filled_and_says_so() {
        BacktestResult r = run(TestConfigs.of(NEXT_OPEN), Map.of(1, Decision.buy(1.0, "late")),
                bar(100, 100, 100, 100), bar(101, 101, 101, 101));
        assertThat(r.fills()).isEmpty();
        assertThat(r.decisions().outcome(1)).isEqualTo(Outcome.NOT_FILLED);
        assertThat(r.unfilledOrders()).isEqualTo(1);
        assertThat(r.curve().cash()[1]).isEqualTo(10_000);
    }

    @Test
    void a_next_open_order_waits_for_a_bar_with_a_real_minute() {
        Bars b = TestFrames.ohlcBars(Interval.M1, bar(100, 100, 100, 100), bar(100, 100, 100, 100),
                bar(103, 104, 102, 104));
        b.flags[1] = Bars.FILLED | Bars.NO_REAL_MINUTE;
        FeatureFrame f = new FeatureFrame(TestFrames.of(1).spec(), b, new java.util.LinkedHashMap<>());
        BacktestResult r = BacktestEngine.run(TestConfigs.of(NEXT_OPEN), f, new ScriptedStrategy(ALL_IN_AT_0));
        assertThat(r.fills()).singleElement().satisfies(x -> {
            assertThat(x.ts()).isEqualTo(TestFrames.T0 + 2 * 60_000);
            assertThat(x.price()).isEqualTo(103);
        });
    }

    @Test
    void a_stop_loss_sells_everything_at_the_level_when_a_later_bars_low_reaches_it() {
        BacktestConfig cfg = TestConfigs.of("risk: {stop_loss_pct: 0.05}");
        // bought 100 at 100; level 95. Bar 0's own low (50) does not count: the position exists from its close.
        BacktestResult r = run(cfg, ALL_IN_AT_0, bar(100, 100, 50, 100), bar(99, 101, 96, 98),
                bar(97, 97, 94, 96), bar(96, 96, 96, 96));
        Fill exit = r.fills().get(1);
        assertThat(exit.ts()).isEqualTo(TestFrames.T0 + 2 * 60_000);
        assertThat(exit.price()).isEqualTo(95);
        assertThat(exit.qty()).isEqualTo(100);
        assertThat(exit.reason()).isEqualTo(ExitReason.STOP_LOSS);
        assertThat(exit.note()).isEqualTo("stop_loss at 95.0");
        assertThat(exit.realizedPnl()).isCloseTo(-500, EXACT);
        assertThat(r.roundTrips()).singleElement().satisfies(t -> {
            assertThat(t.exitReason()).isEqualTo(ExitReason.STOP_LOSS);
            assertThat(t.pnl()).isCloseTo(-500, EXACT);
        });
        assertThat(r.curve().position()[2]).isZero();
        assertThat(r.curve().cash()[2]).isCloseTo(9_500, EXACT);
        assertThat(r.curve().equity()[3]).isCloseTo(9_500, EXACT);
    }

    @Test
    void slippage_takes_the_buy_above_and_the_stop_exit_below_its_level() {
        BacktestConfig cfg = TestConfigs.of("risk: {stop_loss_pct: 0.05}", "slippage_bps: 10");
        BacktestResult r = run(cfg, ALL_IN_AT_0, bar(100, 100, 100, 100), bar(99, 99, 90, 91));
        // entry 100 x 1.001 = 100.1 for floor(10000 / 100.1) = 99.9; level 100.1 x 0.95 = 95.095; exit 95.095 x 0.999
        Fill exit = r.fills().get(1);
        assertThat(r.fills().get(0).price()).isCloseTo(100.1, EXACT);
        assertThat(exit.price()).isCloseTo(95.095 * 0.999, EXACT);
        assertThat(exit.slippageCost()).isCloseTo(99.9 * 95.095 * 0.001, within(1e-9));
        assertThat(exit.realizedPnl()).isCloseTo(99.9 * (95.095 * 0.999 - 100.1), within(1e-9));
    }

    @Test
    void a_take_profit_sells_at_its_level_when_a_bars_high_reaches_it() {
        BacktestConfig cfg = TestConfigs.of("risk: {stop_loss_pct: 0.05, take_profit_pct: 0.1}");
        BacktestResult r = run(cfg, ALL_IN_AT_0, bar(100, 100, 100, 100), bar(101, 109, 100, 108),
                bar(108, 111, 107, 109));
        Fill exit = r.fills().get(1);
        assertThat(exit.ts()).isEqualTo(TestFrames.T0 + 2 * 60_000);
        assertThat(exit.price()).isCloseTo(110, EXACT);
        assertThat(exit.reason()).isEqualTo(ExitReason.TAKE_PROFIT);
        assertThat(r.roundTrips().getFirst().pnl()).isCloseTo(1_000, EXACT);
    }

    @Test
    void a_trailing_stop_follows_the_highest_high_of_the_earlier_bars() {
        BacktestConfig cfg = TestConfigs.of("risk: {stop_loss_pct: 0.05, trailing_stop_pct: 0.1}");
        // high-water 100 (the entry), then 120 after bar 1: trail 108 at bar 2 (above the stop-loss at 95)
        BacktestResult r = run(cfg, ALL_IN_AT_0, bar(100, 100, 100, 100), bar(100, 120, 100, 118),
                bar(117, 117, 107, 110), bar(110, 110, 110, 110));
        Fill exit = r.fills().get(1);
        assertThat(exit.ts()).isEqualTo(TestFrames.T0 + 2 * 60_000);
        assertThat(exit.price()).isCloseTo(108, EXACT);
        assertThat(exit.reason()).isEqualTo(ExitReason.TRAILING_STOP);
        assertThat(r.roundTrips().getFirst().exitReason()).isEqualTo(ExitReason.TRAILING_STOP);
    }

    @Test
    void a_bar_whose_own_high_would_raise_the_trail_above_its_low_does_not_stop_out() {
        // bar 1 rises to 130 and dips to 110: with the trail from earlier bars (90) it holds; 117 after it
        BacktestConfig cfg = TestConfigs.of("risk: {trailing_stop_pct: 0.1}");
        BacktestResult r = run(cfg, ALL_IN_AT_0, bar(100, 100, 100, 100), bar(100, 130, 110, 120),
                bar(120, 120, 116, 118));
        assertThat(r.fills().get(1).price()).isCloseTo(117, EXACT);
        assertThat(r.fills().get(1).ts()).isEqualTo(TestFrames.T0 + 2 * 60_000);
    }

    @Test
    void an_open_that_gaps_through_the_stop_fills_at_the_open() {
        BacktestConfig cfg = TestConfigs.of("risk: {stop_loss_pct: 0.05}");
        BacktestResult r = run(cfg, ALL_IN_AT_0, bar(100, 100, 100, 100), bar(90, 92, 88, 91));
        Fill exit = r.fills().get(1);
        assertThat(exit.price()).isEqualTo(90);
        assertThat(exit.reason()).isEqualTo(ExitReason.STOP_LOSS);
        assertThat(exit.note()).isEqualTo("stop_loss at 95.0 (gapped: filled at the 1m open 90.0)");
        assertThat(exit.realizedPnl()).isCloseTo(-1_000, EXACT);
    }

    @Test
    void an_open_that_gaps_over_the_take_profit_fills_at_the_better_open() {
        BacktestConfig cfg = TestConfigs.of("risk: {take_profit_pct: 0.1}");
        BacktestResult r = run(cfg, ALL_IN_AT_0, bar(100, 100, 100, 100), bar(115, 116, 114, 115));
        assertThat(r.fills().get(1).price()).isEqualTo(115);
        assertThat(r.fills().get(1).reason()).isEqualTo(ExitReason.TAKE_PROFIT);
    }

    @Test
    void when_one_bar_touches_both_the_stop_and_the_take_profit_the_stop_wins() {
        BacktestConfig cfg = TestConfigs.of("risk: {stop_loss_pct: 0.05, take_profit_pct: 0.05}");
        BacktestResult r = run(cfg, ALL_IN_AT_0, bar(100, 100, 100, 100), bar(100, 106, 94, 101));
        assertThat(r.fills().get(1).price()).isEqualTo(95);
        assertThat(r.fills().get(1).reason()).isEqualTo(ExitReason.STOP_LOSS);
    }

    @Test
    void a_next_open_entry_is_checked_on_the_bar_it_fills_in() {
        BacktestConfig cfg = TestConfigs.of(NEXT_OPEN, "risk: {stop_loss_pct: 0.05}");
        // decided at 0, filled at bar 1's open 100, whose low 94 then reaches the stop at 95
        BacktestResult r = run(cfg, ALL_IN_AT_0, bar(100, 100, 100, 100), bar(100, 100, 94, 96));
        assertThat(r.fills()).hasSize(2);
        assertThat(r.fills().get(1).price()).isEqualTo(95);
        assertThat(r.curve().position()[1]).isZero();
    }

    @Test
    void the_stops_of_hourly_decisions_are_checked_on_the_1m_bars_inside_each_hour() {
        BacktestConfig cfg = TestConfigs.of("interval: 1h", "risk: {stop_loss_pct: 0.05}");
        FeatureFrame hours = TestFrames.ohlc(Interval.H1, bar(100, 100, 100, 100), bar(100, 100, 90, 100),
                bar(100, 100, 100, 100));
        double[][] minutes = new double[180][];
        for (int k = 0; k < 180; k++) {
            minutes[k] = bar(100, 100, k == 70 ? 90 : 100, 100);
        }
        BacktestResult r = BacktestEngine.run(cfg, hours, TestFrames.ohlcBars(Interval.M1, minutes),
                new ScriptedStrategy(ALL_IN_AT_0), RunProgress.NONE);
        Fill exit = r.fills().get(1);
        assertThat(exit.ts()).isEqualTo(TestFrames.T0 + 70 * 60_000); // the minute it happened in
        assertThat(exit.price()).isEqualTo(95);
        assertThat(r.curve().position()[1]).isZero();
        assertThatThrownBy(() -> BacktestEngine.run(cfg, hours, new ScriptedStrategy(ALL_IN_AT_0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need the 1m bars");
    }

    @Test
    void exit_stats_count_pnl_and_win_rate_per_reason_with_the_open_trade_as_end_of_data() {
        BacktestConfig cfg = TestConfigs.of("risk: {stop_loss_pct: 0.05, take_profit_pct: 0.1}");
        BacktestResult r = run(cfg, Map.of(0, Decision.buy(1.0, ""), 2, Decision.buy(1.0, ""),
                        4, Decision.buy(1.0, ""), 5, Decision.sell(0.5, "half")),
                bar(100, 100, 100, 100), bar(100, 100, 90, 95), // stop at 95: -500
                bar(100, 100, 100, 100), bar(100, 111, 100, 105), // 95 bought at 100, take-profit at 110: +950
                bar(105, 105, 105, 105), bar(106, 106, 106, 106)); // open, half sold
        ExitStats s = ExitStats.of(r.roundTrips(), r.openTrade());
        Map<String, Object> m = s.toMap();
        assertThat(m.keySet()).containsExactly("signal", "stop_loss", "take_profit", "trailing_stop", "end_of_data");
        assertThat(s.rows().get(0).count()).isZero();
        assertThat(m.get("signal").toString()).isEqualTo("{count=0, pnl=0.0, wins=0, win_rate=null}");
        assertThat(s.rows().get(1)).isEqualTo(new ExitStats.Row(ExitReason.STOP_LOSS, 1, -500, 0, 0));
        assertThat(s.rows().get(2).count()).isEqualTo(1);
        assertThat(s.rows().get(2).pnl()).isCloseTo(950, EXACT);
        assertThat(s.rows().get(2).winRate()).isEqualTo(1);
        assertThat(s.rows().get(4).count()).isEqualTo(1);
        double total = s.rows().stream().mapToDouble(ExitStats.Row::pnl).sum();
        assertThat(total).isCloseTo(r.metrics().totalPnl(), within(1e-6));
    }
}
