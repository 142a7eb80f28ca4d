package backtest.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.TestConfigs;
import backtest.config.BacktestConfig;
import features.indicators.IndicatorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a grid may name and the values each key takes, at the ends of their ranges (a grid value is checked before
 * any run), and grid ranges at their edges.
 */
class SweepParameterTest {
    private static final BacktestConfig BASE = TestConfigs.of();

    private static void ok(SweepParameter p, double v) {
        p.check(BASE, v); // no exception
    }

    private static void refused(SweepParameter p, double v, String message) {
        assertThatThrownBy(() -> p.check(BASE, v)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void periods_are_whole_numbers_from_1_to_a_million_of_a_computed_indicator() {
        ok(SweepParameter.EMA_FAST, 1);
        ok(SweepParameter.EMA_FAST, 1_000_000);
        String range = "--grid ema_fast: a period must be a whole number within [1, 1000000], got ";
        refused(SweepParameter.EMA_FAST, 0, range + "0");
        refused(SweepParameter.EMA_FAST, 1_000_001, range + "1000001");
        refused(SweepParameter.EMA_FAST, 2.5, range + "2.5");
        assertThatThrownBy(() -> SweepParameter.MACD_FAST.check(BASE, 12))
                .hasMessageStartingWith("--grid macd_fast: indicator macd is not computed by this config");
        assertThat(SweepParameter.EMA_SLOW.indicator()).isEqualTo(IndicatorKind.EMA);
        assertThat(SweepParameter.SIZE_PCT.indicator()).isNull();
    }

    @Test
    void fractions_take_their_inclusive_ends_and_risk_levels_exclude_0() {
        ok(SweepParameter.SIZE_PCT, 0);
        ok(SweepParameter.SIZE_PCT, 1);
        refused(SweepParameter.SIZE_PCT, 1.01, "--grid size_pct: must be within [0, 1], got 1.01");
        refused(SweepParameter.SIZE_PCT, -0.01, "--grid size_pct: must be within [0, 1], got -0.01");
        ok(SweepParameter.FEE_RATE, 0.1);
        refused(SweepParameter.FEE_RATE, 0.11, "--grid fee_rate: must be within [0, 0.1], got 0.11");
        ok(SweepParameter.SLIPPAGE_BPS, 0);
        refused(SweepParameter.SLIPPAGE_BPS, -1, "--grid slippage_bps: must be >= 0, got -1");
        refused(SweepParameter.SLIPPAGE_BPS, Double.POSITIVE_INFINITY, "--grid slippage_bps: must be >= 0, got Infinity");
        ok(SweepParameter.STOP_LOSS_PCT, 1);
        refused(SweepParameter.TAKE_PROFIT_PCT, 0, "--grid take_profit_pct: a risk level must be within (0, 1], got 0");
        refused(SweepParameter.TRAILING_STOP_PCT, 1.5,
                "--grid trailing_stop_pct: a risk level must be within (0, 1], got 1.5");
    }

    @Test
    void the_risk_keys_the_whole_number_keys_and_the_names() {
        assertThat(java.util.Arrays.stream(SweepParameter.values()).filter(SweepParameter::risk).map(String::valueOf))
                .containsExactly("stop_loss_pct", "take_profit_pct", "trailing_stop_pct");
        assertThat(SweepParameter.whole("ema_fast")).isTrue();
        assertThat(SweepParameter.whole("atr")).isTrue();
        assertThat(SweepParameter.whole("size_pct")).isFalse();
        assertThat(SweepParameter.whole("window")).isTrue(); // the llm strategy's INT parameter
        assertThat(SweepParameter.whole("buy_below")).isFalse(); // rsi-threshold's DOUBLE parameter
        assertThat(SweepParameter.whole("no_such_key")).isFalse();
        assertThat(SweepParameter.find("fee_rate")).isEqualTo(SweepParameter.FEE_RATE);
        assertThat(SweepParameter.find("buy_below")).isNull();
        assertThat(SweepParameter.keys()).startsWith("ema_fast", "ema_slow").contains("buy_below", "sell_above").doesNotContain("window")
                .doesNotHaveDuplicates();
        SweepParameter.checkKey("buy_below");
        assertThatThrownBy(() -> SweepParameter.checkKey("ema_fats"))
                .hasMessage("--grid ema_fats: unknown key (did you mean ema_fast?)");
    }

    @Test
    void ranges_end_where_they_say_and_stop_at_100000_values() {
        assertThat(GridSpec.parse(List.of("rsi=14:14:1")).axes().get("rsi")).containsExactly(14.0);
        assertThat(GridSpec.parse(List.of("rsi=1:100000:1")).combinations()).isEqualTo(100_000);
        assertThatThrownBy(() -> GridSpec.parse(List.of("rsi=1:100001:1")))
                .hasMessage("--grid rsi: 100001 values is too many");
        assertThatThrownBy(() -> GridSpec.parse(List.of("=1,2"))).hasMessageStartingWith("--grid must look like");
        assertThatThrownBy(() -> GridSpec.parse(List.of("rsi="))).hasMessageStartingWith("--grid must look like");
        assertThat(GridSpec.parse(List.of("r=1")).axes()).containsOnlyKeys("r");
    }
}
