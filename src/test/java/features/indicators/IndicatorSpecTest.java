package features.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IndicatorSpecTest {

    @Test
    void defaults_are_ema_12_26_rsi_14_cmf_20_macd_12_26_9_atr_14() {
        IndicatorSpec s = IndicatorSpec.defaults();
        assertThat(s.periods()).containsExactly(Map.entry("ema_fast", 12), Map.entry("ema_slow", 26),
                Map.entry("rsi", 14), Map.entry("cmf", 20), Map.entry("macd_fast", 12), Map.entry("macd_slow", 26),
                Map.entry("macd_signal", 9), Map.entry("atr", 14));
        assertThat(s.columns()).containsExactly("ema_fast", "ema_slow", "rsi", "cmf", "macd", "macd_signal",
                "macd_hist", "atr");
    }

    @Test
    void parses_a_list_in_any_order_into_columns_in_fixed_order() {
        IndicatorSpec s = IndicatorSpec.parse(" atr,EMA , cmf,atr");
        assertThat(s.columns()).containsExactly("ema_fast", "ema_slow", "cmf", "atr");
        assertThat(s.has(IndicatorKind.RSI)).isFalse();
        assertThat(s.rsi()).isEqualTo(14);
    }

    @Test
    void refuses_unknown_names_and_empty_lists() {
        assertThatThrownBy(() -> IndicatorSpec.parse("ema,bollinger"))
                .hasMessage("unknown indicator 'bollinger' (one of ema, rsi, cmf, macd, atr)");
        assertThatThrownBy(() -> IndicatorSpec.parse("")).hasMessageContaining("no indicators given");
        assertThatThrownBy(() -> IndicatorSpec.parse("ema,,rsi")).hasMessageContaining("empty indicator name");
    }

    @Test
    void overrides_periods_by_key_and_validates_them() {
        IndicatorSpec s = IndicatorSpec.parse("rsi").withPeriods(Map.of("rsi", 7, "ema_slow", 50));
        assertThat(s.rsi()).isEqualTo(7);
        assertThat(s.emaSlow()).isEqualTo(50);
        assertThatThrownBy(() -> s.withPeriods(Map.of("rsi_period", 7)))
                .hasMessageContaining("unknown period 'rsi_period'");
        assertThatThrownBy(() -> s.withPeriods(Map.of("cmf", 0))).hasMessage("period cmf must be > 0, was 0");
        assertThatThrownBy(() -> s.withPeriods(Map.of("ema_fast", 50)))
                .hasMessage("ema_fast (50) must be < ema_slow (50)");
        assertThatThrownBy(() -> s.withPeriods(Map.of("macd_fast", 30)))
                .hasMessage("macd_fast (30) must be < macd_slow (26)");
    }

    @Test
    void warm_up_of_the_defaults() {
        IndicatorSpec s = IndicatorSpec.defaults();
        assertThat(s.warmupBars(IndicatorKind.EMA)).isEqualTo(386);   // 26 + 360
        assertThat(s.warmupBars(IndicatorKind.RSI)).isEqualTo(387);   // 14 + 373
        assertThat(s.warmupBars(IndicatorKind.CMF)).isEqualTo(19);    // 20 - 1
        assertThat(s.warmupBars(IndicatorKind.MACD)).isEqualTo(510);  // 386 + 124
        assertThat(s.warmupBars(IndicatorKind.ATR)).isEqualTo(387);
        assertThat(s.warmupBars()).isEqualTo(510);
        assertThat(IndicatorSpec.parse("cmf,rsi").warmupBars()).isEqualTo(387);
    }

    @Test
    void a_signal_longer_than_the_slow_warm_up_starts_fading_at_its_own_seed() {
        IndicatorSpec s = IndicatorSpec.parse("macd").withPeriods(Map.of("macd_signal", 400));
        assertThat(s.warmupBars(IndicatorKind.MACD)).isEqualTo(400 + Smoothing.decayBars(2.0 / 401));
    }
}
