package features.indicators;

import static features.indicators.EmaCalculatorTest.assertValues;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MacdCalculatorTest {
    private static final double NaN = Double.NaN;
    private static final double[] CLOSE = {10, 11, 12, 10, 14, 13, 15};

    @Test
    void line_signal_and_histogram_seeded_as_ta4j_seeds_them() {
        // fast EMA(2), alpha 2/3, from i2: 12, 32/3, 116/9, 350/27, 1160/81
        // slow EMA(3), alpha 1/2, from i3: 10, 12, 12.5, 13.75
        // line from i3: 2/3, 8/9, 25/54, 185/324; signal EMA(2) seeded at i3: 2/3, 22/27, 47/81, 31/54
        MacdCalculator.MacdColumns m = MacdCalculator.macd(CLOSE, CLOSE.length, 2, 3, 2);
        assertValues(m.macd(), NaN, NaN, NaN, 2.0 / 3, 8.0 / 9, 25.0 / 54, 185.0 / 324);
        assertValues(m.signal(), NaN, NaN, NaN, 2.0 / 3, 22.0 / 27, 47.0 / 81, 31.0 / 54);
        assertValues(m.histogram(), NaN, NaN, NaN, 0, 2.0 / 27, -19.0 / 162, -1.0 / 324);
    }

    @Test
    void a_signal_period_longer_than_the_slow_one_seeds_at_the_signal_period() {
        // signal EMA(5), alpha 1/3, seeded at i5 with 25/54; i6: 25/54 + (185/324 - 25/54)/3 = 485/972
        MacdCalculator.MacdColumns m = MacdCalculator.macd(CLOSE, CLOSE.length, 2, 3, 5);
        assertValues(m.signal(), NaN, NaN, NaN, NaN, NaN, 25.0 / 54, 485.0 / 972);
        assertValues(m.histogram(), NaN, NaN, NaN, NaN, NaN, 0, 185.0 / 324 - 485.0 / 972);
    }

    @Test
    void ta4j_gives_the_same_values_on_the_same_bars() {
        for (int signal : new int[] {2, 5}) {
            IndicatorSpec spec = IndicatorSpec.of(EnumSet.of(IndicatorKind.MACD))
                    .withPeriods(Map.of("macd_fast", 2, "macd_slow", 3, "macd_signal", signal));
            Map<String, double[]> ta4j = Ta4jIndicators.compute(TestBars.closes(CLOSE), spec);
            MacdCalculator.MacdColumns m = MacdCalculator.macd(CLOSE, CLOSE.length, 2, 3, signal);
            assertThat(ta4j.get("macd")).containsExactly(m.macd());
            assertThat(ta4j.get("macd_signal")).containsExactly(m.signal());
            assertThat(ta4j.get("macd_hist")).containsExactly(m.histogram());
        }
    }
}
