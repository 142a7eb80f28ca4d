package backtest.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.TestConfigs;
import backtest.config.BacktestConfig;
import backtest.config.StrategyParams;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepVariantsTest {
    private static final BacktestConfig EMA = TestConfigs.of("fee_rate: 0.001", "slippage_bps: 1");
    private static final BacktestConfig RSI =
            TestConfigs.of("strategy: {type: rsi-threshold, size_pct: 0.5, buy_below: 30, sell_above: 70}");

    private static Map<String, Double> point(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return m;
    }

    private static void refused(BacktestConfig base, String grid, String message) {
        assertThatThrownBy(() -> SweepVariants.validate(base, GridSpec.parse(List.of(grid))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void applies_periods_strategy_parameters_and_frictions() {
        BacktestConfig v = SweepVariants.apply(EMA, point("ema_fast", 5, "ema_slow", 40, "size_pct", 0.25,
                "fee_rate", 0.0005, "slippage_bps", 3));
        assertThat(v.indicators().emaFast()).isEqualTo(5);
        assertThat(v.indicators().emaSlow()).isEqualTo(40);
        assertThat(v.indicators().enabled()).isEqualTo(EMA.indicators().enabled());
        assertThat(v.strategy().sizePct()).isEqualTo(0.25);
        assertThat(v.feeRate()).isEqualTo(0.0005);
        assertThat(v.slippageBps()).isEqualTo(3);
        assertThat(BacktestConfig.parse(v.toYaml())).as("a valid config, as a file would give it").isEqualTo(v);
        assertThat(v.withIndicators(EMA.indicators()).withStrategy(EMA.strategy()).withFrictions(0.001, 1))
                .as("nothing else changed").isEqualTo(EMA);

        BacktestConfig r = SweepVariants.apply(RSI, point("rsi", 7, "buy_below", 25));
        assertThat(r.strategy().params()).isEqualTo(new StrategyParams.Declared(java.util.Map.of("buy_below", 25.0, "sell_above", 70.0)));
        assertThat(r.indicators().rsi()).isEqualTo(7);
        assertThat(BacktestConfig.parse(r.toYaml())).isEqualTo(r);
    }

    @Test
    void contradicting_values_are_refused_per_combination_with_the_reason() {
        assertThatThrownBy(() -> SweepVariants.apply(EMA, point("ema_fast", 30, "ema_slow", 20)))
                .hasMessage("ema_fast (30) must be < ema_slow (20)");
        assertThatThrownBy(() -> SweepVariants.apply(EMA, point("ema_fast", 26)))
                .as("against the base's ema_slow").hasMessage("ema_fast (26) must be < ema_slow (26)");
        assertThatThrownBy(() -> SweepVariants.apply(RSI, point("buy_below", 70)))
                .hasMessage("buy_below must be below sell_above (70), got 70");
    }

    @Test
    void refuses_unknown_keys_and_values_a_key_never_takes() {
        refused(EMA, "foo=1", "--grid foo: unknown key (one of ema_fast, ema_slow, rsi, cmf, macd_fast, macd_slow, "
                + "macd_signal, atr, size_pct, fee_rate, slippage_bps, stop_loss_pct, take_profit_pct, trailing_stop_pct, buy_below, sell_above)");
        refused(EMA, "ema_fats=5", "--grid ema_fats: unknown key (did you mean ema_fast?)");
        refused(EMA, "ema_fast=5,7.5", "--grid ema_fast: a period must be a whole number within [1, 1000000], got 7.5");
        refused(EMA, "rsi=0,14", "--grid rsi: a period must be a whole number within [1, 1000000], got 0");
        refused(EMA, "size_pct=0.5:1.5:0.5", "--grid size_pct: must be within [0, 1], got 1.5");
        refused(EMA, "fee_rate=0.2", "--grid fee_rate: must be within [0, 0.1], got 0.2");
        refused(EMA, "slippage_bps=-1", "--grid slippage_bps: must be >= 0, got -1");
        refused(EMA, "buy_below=20", "--grid buy_below: strategy ema-cross takes no buy_below (rsi-threshold does)");
        refused(RSI, "sell_above=101", "--grid sell_above: must be within [0, 100], got 101");
        refused(EMA, "macd_fast=5", "--grid macd_fast: indicator macd is not computed by this config (indicators: "
                + "[ema_fast, ema_slow, rsi, cmf]); add macd_fast under indicators");
        BacktestConfig llm = TestConfigs.of("strategy: {type: llm, llm: {model: m}}");
        refused(llm, "size_pct=0.5", "a sweep runs the rule strategies (ema-cross, rsi-threshold); strategy.type is llm");
    }
}
