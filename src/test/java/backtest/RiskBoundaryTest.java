package backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import backtest.config.BacktestConfig;
import features.Interval;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The {@code risk} levels at their edges, by hand on 1m bars ({open, high, low, close}), frictionless, cash 10,000,
 * all in at 100 on bar 0 (100 BTC): a low exactly at the stop and a high exactly at the take-profit trigger, a cent
 * short of them does not; a trailing stop no higher than the stop-loss is reported as the stop-loss; a partial sell
 * keeps the high-water mark, a flat position clears it.
 */
class RiskBoundaryTest {
    private static final Offset<Double> EXACT = within(1e-9);
    private static final Map<Integer, Decision> ALL_IN_AT_0 = Map.of(0, Decision.buy(1.0, "in"));

    private static BacktestResult run(String risk, Map<Integer, Decision> script, double[]... bars) {
        BacktestConfig cfg = TestConfigs.of("risk: " + risk);
        return BacktestEngine.run(cfg, TestFrames.ohlc(Interval.M1, bars), new ScriptedStrategy(script));
    }

    private static double[] bar(double o, double h, double l, double c) {
        return new double[] {o, h, l, c};
    }

    @Test
    void a_low_exactly_at_the_stop_loss_exits_and_a_cent_above_it_does_not() {
        // level 100 x (1 - 0.5) = 50, exact
        BacktestResult at = run("{stop_loss_pct: 0.5}", ALL_IN_AT_0, bar(100, 100, 100, 100), bar(60, 60, 50, 55));
        assertThat(at.fills()).hasSize(2);
        assertThat(at.fills().get(1).price()).isEqualTo(50);
        assertThat(at.fills().get(1).reason()).isEqualTo(ExitReason.STOP_LOSS);
        assertThat(at.curve().position()[1]).isZero();

        BacktestResult above = run("{stop_loss_pct: 0.5}", ALL_IN_AT_0, bar(100, 100, 100, 100),
                bar(60, 60, 50.01, 55));
        assertThat(above.fills()).hasSize(1);
        assertThat(above.openTrade().qty()).isEqualTo(100);
    }

    @Test
    void a_high_exactly_at_the_take_profit_exits_and_a_cent_below_it_does_not() {
        // level 100 x (1 + 0.5) = 150, exact
        BacktestResult at = run("{take_profit_pct: 0.5}", ALL_IN_AT_0, bar(100, 100, 100, 100),
                bar(120, 150, 120, 140));
        assertThat(at.fills()).hasSize(2);
        assertThat(at.fills().get(1).price()).isEqualTo(150);
        assertThat(at.fills().get(1).reason()).isEqualTo(ExitReason.TAKE_PROFIT);
        assertThat(at.roundTrips().getFirst().pnl()).isCloseTo(5_000, EXACT);

        BacktestResult below = run("{take_profit_pct: 0.5}", ALL_IN_AT_0, bar(100, 100, 100, 100),
                bar(120, 149.99, 120, 140));
        assertThat(below.fills()).hasSize(1);
        assertThat(below.roundTrips()).isEmpty();
    }

    @Test
    void a_trail_no_higher_than_the_stop_loss_is_the_stop_loss_and_a_higher_one_is_the_trailing_stop() {
        // both 50 % below 100: the trail equals the stop-loss, which is what is reported
        BacktestResult equal = run("{stop_loss_pct: 0.5, trailing_stop_pct: 0.5}", ALL_IN_AT_0,
                bar(100, 100, 100, 100), bar(60, 60, 40, 45));
        assertThat(equal.fills().get(1).reason()).isEqualTo(ExitReason.STOP_LOSS);
        assertThat(equal.fills().get(1).price()).isEqualTo(50);
        assertThat(equal.fills().get(1).note()).isEqualTo("stop_loss at 50.0");

        // a high of 120 raises the trail to 60, above the stop-loss at 50
        BacktestResult raised = run("{stop_loss_pct: 0.5, trailing_stop_pct: 0.5}", ALL_IN_AT_0,
                bar(100, 100, 100, 100), bar(100, 120, 100, 110), bar(70, 70, 40, 45));
        assertThat(raised.fills().get(1).reason()).isEqualTo(ExitReason.TRAILING_STOP);
        assertThat(raised.fills().get(1).price()).isEqualTo(60);
        assertThat(raised.fills().get(1).note()).isEqualTo("trailing_stop at 60.0");
    }

    @Test
    void a_partial_sell_keeps_the_high_water_mark_of_the_open_position() {
        // high-water 120 after bar 1; half sold at bar 2's close 115: the trail stays 108, hit by bar 3's low 107
        BacktestResult r = run("{trailing_stop_pct: 0.1}", Map.of(0, Decision.buy(1.0, ""), 2, Decision.sell(0.5, "")),
                bar(100, 100, 100, 100), bar(100, 120, 110, 118), bar(116, 116, 115, 115), bar(112, 112, 107, 110));
        assertThat(r.fills()).hasSize(3);
        assertThat(r.fills().get(1).qty()).isEqualTo(50);
        Fill exit = r.fills().get(2);
        assertThat(exit.reason()).isEqualTo(ExitReason.TRAILING_STOP);
        assertThat(exit.price()).isCloseTo(108, EXACT);
        assertThat(exit.qty()).isEqualTo(50);
        assertThat(exit.ts()).isEqualTo(TestFrames.T0 + 3 * 60_000);
    }

    @Test
    void a_stop_loss_is_measured_from_the_average_entry_of_all_buys_of_the_trip() {
        // 50 BTC at 100 (half the cash), then 83.333 BTC at 60 (the rest, floored to the step): average entry
        // (5000 + 4999.98) / 133.333 = 74.99996, stop at half of it = 37.49998 - not 50 (the first buy's) nor 30 (the
        // last one's): bar 2's low 41 holds, bar 3's low 37 exits
        BacktestResult r = run("{stop_loss_pct: 0.5}", Map.of(0, Decision.buy(0.5, ""), 1, Decision.buy(1.0, "")),
                bar(100, 100, 100, 100), bar(60, 60, 60, 60), bar(50, 50, 41, 45), bar(45, 45, 37, 42));
        assertThat(r.fills()).hasSize(3);
        assertThat(r.fills().get(1).qty()).isCloseTo(83.333, EXACT);
        Fill exit = r.fills().get(2);
        assertThat(exit.ts()).isEqualTo(TestFrames.T0 + 3 * 60_000);
        double entry = (5000 + 83.333 * 60) / 133.333;
        assertThat(exit.price()).isCloseTo(entry * 0.5, EXACT);
        assertThat(exit.reason()).isEqualTo(ExitReason.STOP_LOSS);
        assertThat(exit.qty()).isCloseTo(133.333, EXACT);
    }

    @Test
    void a_flat_position_clears_the_high_water_mark_for_the_next_trip() {
        // trip 1: high 200 -> trail 180, hit at bar 2; trip 2 bought at 100 again: trail 90, not 180
        BacktestResult r = run("{trailing_stop_pct: 0.1}", Map.of(0, Decision.buy(1.0, ""), 3, Decision.buy(1.0, "")),
                bar(100, 100, 100, 100), bar(150, 200, 150, 190), bar(185, 185, 170, 175),
                bar(100, 100, 100, 100), bar(98, 99, 95, 97), bar(97, 97, 89, 90));
        assertThat(r.fills()).hasSize(4);
        assertThat(r.fills().get(1).price()).isCloseTo(180, EXACT);
        assertThat(r.fills().get(1).ts()).isEqualTo(TestFrames.T0 + 2 * 60_000);
        Fill second = r.fills().get(3);
        assertThat(second.ts()).isEqualTo(TestFrames.T0 + 5 * 60_000);
        assertThat(second.price()).isCloseTo(90, EXACT);
        assertThat(second.reason()).isEqualTo(ExitReason.TRAILING_STOP);
    }
}
