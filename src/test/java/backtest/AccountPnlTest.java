package backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import backtest.config.BacktestConfig;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Average entry, realised and unrealised PnL, equity, peak and drawdown, bar by bar - worked by hand. */
class AccountPnlTest {
    private static final Offset<Double> EXACT = within(1e-9);

    @Test
    void average_entry_is_the_fee_inclusive_cost_per_unit_across_buys() {
        BacktestConfig cfg = TestConfigs.of("fee_rate: 0.01");
        // bar 0: 10% of 10000 = 1000 at 100 -> 10 BTC, fee 10; bar 1: 10% of 8990 = 899 at 200 -> 4.495 BTC, fee 8.99
        BacktestResult r = BacktestEngine.run(cfg, TestFrames.of(100, 200, 150),
                new ScriptedStrategy(Map.of(0, Decision.buy(0.1, ""), 1, Decision.buy(0.1, ""))));
        EquityCurve c = r.curve();
        assertThat(c.position()[1]).isCloseTo(14.495, EXACT);
        assertThat(c.avgEntry()[1]).isCloseTo((1010 + 907.99) / 14.495, EXACT);
        assertThat(c.cash()[1]).isCloseTo(10_000 - 1010 - 907.99, EXACT);
        assertThat(c.unrealized(2)).isCloseTo(14.495 * 150 - 1917.99, EXACT);
        assertThat(c.equity()[2]).isCloseTo(8082.01 + 14.495 * 150, EXACT);
    }

    @Test
    void a_partial_sell_releases_basis_in_proportion_and_equity_is_initial_plus_realised_plus_unrealised() {
        BacktestResult r = BacktestEngine.run(TestConfigs.of("fee_rate: 0.001"), TestFrames.of(100, 120, 90),
                new ScriptedStrategy(Map.of(0, Decision.buy(0.5, ""), 1, Decision.sell(0.4, ""))));
        // buy 50 BTC at 100: notional 5000, fee 5, basis 5005 (100.1 per BTC)
        // sell 20 BTC at 120: notional 2400, fee 2.4, basis released 2002 -> realised 395.6
        EquityCurve c = r.curve();
        assertThat(c.realized()[1]).isCloseTo(395.6, EXACT);
        assertThat(c.avgEntry()[1]).isCloseTo(100.1, EXACT);
        assertThat(c.unrealized(2)).isCloseTo(30 * (90 - 100.1), EXACT);
        for (int i = 0; i < c.size(); i++) {
            assertThat(c.equity()[i]).isCloseTo(10_000 + c.realized()[i] + c.unrealized(i), EXACT);
        }
        assertThat(r.roundTrips()).isEmpty(); // still open
    }

    @Test
    void peak_starts_at_the_initial_cash_and_drawdown_is_the_fraction_below_it() {
        BacktestResult r = BacktestEngine.run(TestConfigs.of(), TestFrames.of(100, 80, 120, 90),
                new ScriptedStrategy(Map.of(0, Decision.buy(1.0, ""))));
        EquityCurve c = r.curve();
        assertThat(c.equity()).containsExactly(new double[] {10_000, 8_000, 12_000, 9_000}, EXACT);
        assertThat(c.peak()).containsExactly(new double[] {10_000, 10_000, 12_000, 12_000}, EXACT);
        assertThat(c.drawdown()).containsExactly(new double[] {0, 0.2, 0, 0.25}, EXACT);
        assertThat(c.buyHold()).containsExactly(new double[] {10_000, 8_000, 12_000, 9_000}, EXACT);
    }

    @Test
    void decisions_come_only_at_bars_that_close_a_decision_bucket() {
        BacktestConfig cfg = TestConfigs.of("strategy: {type: ema-cross, decision_every: 5m}");
        double[] closes = new double[12];
        java.util.Arrays.fill(closes, 100);
        int[] asked = new int[1];
        BacktestResult r = BacktestEngine.run(cfg, TestFrames.of(closes), new Strategy() {
            @Override
            public Decision decide(DecisionContext ctx) {
                asked[0]++;
                return Decision.HOLD;
            }

            @Override
            public String name() {
                return "counter";
            }
        });
        // bars 00:00..00:11; buckets close at the 00:04 and 00:09 bars (open + 1m = 00:05, 00:10)
        assertThat(asked[0]).isEqualTo(2);
        assertThat(r.decisions().row(0)).isEqualTo(4);
        assertThat(r.decisions().row(1)).isEqualTo(9);
    }
}
