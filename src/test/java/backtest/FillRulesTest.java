package backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import backtest.config.BacktestConfig;
import features.FeatureFrame;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Fills at the close with slippage and fee, step flooring, trimming, dust and the refusals - worked by hand. */
class FillRulesTest {
    private static final Offset<Double> EXACT = within(1e-9);

    private static BacktestResult run(BacktestConfig cfg, Map<Integer, Decision> script, double... closes) {
        return BacktestEngine.run(cfg, TestFrames.of(closes), new ScriptedStrategy(script));
    }

    @Test
    void a_buy_fills_above_the_close_by_the_slippage_and_pays_the_fee_on_the_notional() {
        BacktestConfig cfg = TestConfigs.of("fee_rate: 0.001", "slippage_bps: 10");
        BacktestResult r = run(cfg, Map.of(0, Decision.buy(0.5, "in")), 100);
        // price 100 x 1.001 = 100.1; 5000 / 100.1 = 49.95005 -> floored to 49.950
        Fill f = r.fills().getFirst();
        assertThat(f.price()).isCloseTo(100.1, EXACT);
        assertThat(f.qty()).isCloseTo(49.950, EXACT);
        assertThat(f.notional()).isCloseTo(4999.995, EXACT);
        assertThat(f.fee()).isCloseTo(4.999995, EXACT);
        assertThat(f.slippageCost()).isCloseTo(4.995, EXACT); // 49.95 x 0.1
        assertThat(r.curve().cash()[0]).isCloseTo(10_000 - 4999.995 - 4.999995, EXACT);
        assertThat(r.curve().avgEntry()[0]).isCloseTo((4999.995 + 4.999995) / 49.95, EXACT);
        assertThat(r.decisions().outcome(0)).isEqualTo(Outcome.FILLED);
    }

    @Test
    void a_sell_fills_below_the_close_and_realises_proceeds_net_of_fee_minus_the_fee_inclusive_basis() {
        BacktestConfig cfg = TestConfigs.of("fee_rate: 0.001", "slippage_bps: 10");
        BacktestResult r = run(cfg, Map.of(0, Decision.buy(0.5, ""), 1, Decision.sell(1.0, "out")), 100, 110);
        Fill sell = r.fills().get(1);
        assertThat(sell.price()).isCloseTo(109.89, EXACT); // 110 x 0.999
        assertThat(sell.notional()).isCloseTo(5489.0055, EXACT); // 49.95 x 109.89
        assertThat(sell.fee()).isCloseTo(5.4890055, EXACT);
        assertThat(sell.slippageCost()).isCloseTo(5.4945, EXACT); // 49.95 x 0.11
        assertThat(sell.realizedPnl()).isCloseTo(5489.0055 - 5.4890055 - 5004.994995, EXACT); // 478.5214995
        assertThat(r.curve().cash()[1]).isCloseTo(10_478.5214995, EXACT);
        assertThat(r.curve().position()[1]).isZero();
        assertThat(r.roundTrips()).singleElement().satisfies(t -> assertThat(t.pnl()).isCloseTo(478.5214995, EXACT));
        assertThat(r.metrics().feesPaid()).isCloseTo(4.999995 + 5.4890055, EXACT);
        assertThat(r.metrics().slippageCost()).isCloseTo(4.995 + 5.4945, EXACT);
    }

    @Test
    void a_buy_that_would_overdraw_with_its_fee_is_trimmed_to_what_the_cash_pays_for() {
        BacktestConfig cfg = TestConfigs.of("fee_rate: 0.001");
        BacktestResult r = run(cfg, Map.of(0, Decision.buy(1.0, "all in")), 100);
        // 10000 / 1.001 = 9990.00999 affordable -> 99.9000999 BTC -> floored to 99.900: 9990 + fee 9.99
        Fill f = r.fills().getFirst();
        assertThat(r.decisions().outcome(0)).isEqualTo(Outcome.TRIMMED);
        assertThat(f.qty()).isCloseTo(99.9, EXACT);
        assertThat(f.fee()).isCloseTo(9.99, EXACT);
        assertThat(f.note()).startsWith("all in; trimmed from 10000");
        assertThat(r.curve().cash()[0]).isCloseTo(0.01, within(1e-7)).isNotNegative();
    }

    @Test
    void orders_below_the_minimum_notional_or_one_step_are_dust_and_not_traded() {
        BacktestConfig cfg = TestConfigs.of("min_notional: 5");
        BacktestResult small = run(cfg, Map.of(0, Decision.buy(0.0004, "4 USDT")), 100);
        BacktestResult belowStep = run(cfg, Map.of(0, Decision.buy(0.005, "50 USDT")), 100_000); // 0.0005 BTC
        assertThat(small.decisions().outcome(0)).isEqualTo(Outcome.DUST);
        assertThat(belowStep.decisions().outcome(0)).isEqualTo(Outcome.DUST);
        assertThat(small.fills()).isEmpty();
        assertThat(belowStep.fills()).isEmpty();
        assertThat(small.curve().cash()[0]).isEqualTo(10_000);
    }

    @Test
    void a_buy_and_a_sell_worth_exactly_the_minimum_notional_are_traded_not_dust() {
        BacktestConfig cfg = TestConfigs.of("min_notional: 5");
        // 0.05% of 10000 = 5 USDT at 1000 = 0.005 BTC, worth exactly 5 (0.005 x 1000 is exact in binary too);
        // then 1% of 10000 = 10 USDT = 0.010 BTC, half of it sold = 0.005 BTC = 5 USDT
        BacktestResult buy = run(cfg, Map.of(0, Decision.buy(0.0005, "5 USDT")), 1000);
        assertThat(buy.decisions().outcome(0)).isEqualTo(Outcome.FILLED);
        assertThat(buy.fills()).singleElement().satisfies(f -> assertThat(f.notional()).isEqualTo(5.0));
        BacktestResult sell = run(TestConfigs.of("min_notional: 5"),
                Map.of(0, Decision.buy(0.001, ""), 1, Decision.sell(0.5, "5 USDT")), 1000, 1000);
        assertThat(sell.decisions().outcome(1)).isEqualTo(Outcome.FILLED);
        assertThat(sell.fills().get(1).notional()).isEqualTo(5.0);
        // cash of exactly the minimum still buys
        BacktestResult allIn = run(TestConfigs.of("min_notional: 5", "initial_cash: 5"),
                Map.of(0, Decision.buy(1.0, "")), 1000);
        assertThat(allIn.decisions().outcome(0)).isEqualTo(Outcome.FILLED);
        assertThat(allIn.curve().cash()[0]).isZero();
    }

    @Test
    void a_partial_sell_floors_to_the_step_and_a_sell_worth_less_than_the_minimum_is_dust() {
        BacktestConfig cfg = TestConfigs.of("min_notional: 5");
        // buy 0.3% of 10000 = 30 USDT at 1000 = 0.030 BTC; sell half = 0.015; then 10% of 0.015 = 0.0015 floors to
        // 0.001 BTC = 1 USDT < 5: dust
        BacktestResult r = run(cfg, Map.of(0, Decision.buy(0.003, ""), 1, Decision.sell(0.5, ""),
                2, Decision.sell(0.1, "")), 1000, 1000, 1000);
        assertThat(r.fills().get(0).qty()).isCloseTo(0.03, EXACT);
        assertThat(r.fills().get(1).qty()).isCloseTo(0.015, EXACT);
        assertThat(r.decisions().outcome(2)).isEqualTo(Outcome.DUST);
        assertThat(r.curve().position()[2]).isCloseTo(0.015, EXACT);
    }

    @Test
    void selling_while_flat_and_buying_without_cash_are_refused_as_values() {
        BacktestConfig cfg = TestConfigs.of("min_notional: 5", "fee_rate: 0.001");
        BacktestResult r = run(cfg, Map.of(0, Decision.sell(1, ""), 1, Decision.buy(1, ""), 2, Decision.buy(1, "")),
                100, 100, 100);
        assertThat(r.decisions().outcome(0)).isEqualTo(Outcome.NOTHING_TO_SELL);
        assertThat(r.decisions().outcome(1)).isEqualTo(Outcome.TRIMMED);
        assertThat(r.decisions().outcome(2)).isEqualTo(Outcome.NO_CASH); // 0.01 USDT left
        assertThat(r.fills()).hasSize(1);
    }

    @Test
    void the_account_before_a_decision_is_the_previous_bar_marked_at_the_decision_bar_close() {
        BacktestResult r = run(TestConfigs.of(), Map.of(0, Decision.buy(0.5, ""), 1, Decision.hold("wait")),
                100, 120);
        DecisionRecord d = r.decisions().get(1);
        assertThat(d.outcome()).isEqualTo(Outcome.HOLD);
        assertThat(d.decision().note()).isEqualTo("wait");
        assertThat(d.before().position()).isCloseTo(50, EXACT);
        assertThat(d.before().cash()).isCloseTo(5000, EXACT);
        assertThat(d.before().equity()).isCloseTo(11_000, EXACT);
        assertThat(d.before().unrealizedPnl()).isCloseTo(1000, EXACT);
        assertThat(r.decisions().get(0).before().equity()).isEqualTo(10_000);
    }

    @Test
    void a_bar_without_a_real_minute_is_not_asked_and_nothing_is_filled_on_it() {
        FeatureFrame frame = TestFrames.of(100, 101, 101, 102);
        frame.bars().flags[1] = features.Bars.FILLED | features.Bars.NO_REAL_MINUTE; // forward-filled minutes
        frame.bars().flags[2] = features.Bars.FILLED | features.Bars.NO_REAL_MINUTE;
        java.util.List<Integer> asked = new java.util.ArrayList<>();
        Strategy everyBar = new Strategy() {
            @Override
            public Decision decide(DecisionContext ctx) {
                asked.add(ctx.index());
                return ctx.index() % 2 == 0 ? Decision.buy(1, "in") : Decision.sell(1, "out");
            }

            @Override
            public String name() {
                return "every-bar";
            }
        };
        BacktestResult r = BacktestEngine.run(TestConfigs.of(), frame, everyBar);

        assertThat(asked).containsExactly(0, 3);
        assertThat(r.fills()).extracting(Fill::ts).containsExactly(TestFrames.T0, TestFrames.T0 + 3 * 60_000L);
        assertThat(r.noMarketDataDecisions()).isEqualTo(2);
        assertThat(r.decisions().decision(1).note()).startsWith("no_market_data");
        assertThat(r.decisions().outcome(2)).isEqualTo(Outcome.HOLD);
    }

    @Test
    void quantities_are_the_exact_decimal_number_of_steps() {
        BacktestConfig cfg = TestConfigs.of("step_size: 0.00001");
        // 10,000 / 31,337.5 = 0.319106... -> 31,910 steps of 0.00001 = 0.3191 (31910 * 0.00001 = 0.31910000000000005)
        BacktestResult r = run(cfg, Map.of(0, Decision.buy(1, "")), 31_337.5);
        assertThat(r.fills().getFirst().qty()).isEqualTo(0.3191);
        assertThat(Double.toString(r.fills().getFirst().qty())).isEqualTo("0.3191");
        assertThat(r.openTrade().qty()).isEqualTo(0.3191);
    }
}
