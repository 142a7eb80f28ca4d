package features.indicators;

import static features.indicators.EmaCalculatorTest.assertValues;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AtrCalculatorTest {
    private static final double NaN = Double.NaN;
    private static final double[] HIGH = {10, 11, 12, 13, 12.5, 15, 9};
    private static final double[] LOW = {8, 9, 10, 11.5, 9, 14, 8};
    private static final double[] CLOSE = {9, 10.5, 11, 12, 10, 14.5, 8.5};

    @Test
    void true_range_takes_the_widest_of_range_gap_up_and_gap_down() {
        assertThat(AtrCalculator.trueRange(13, 11.5, 11)).isEqualTo(2.0);   // high - prevClose
        assertThat(AtrCalculator.trueRange(12.5, 9, 12)).isEqualTo(3.5);    // high - low
        assertThat(AtrCalculator.trueRange(9, 8, 14.5)).isEqualTo(6.5);     // prevClose - low
    }

    @Test
    void wilder_average_of_true_range_seeded_with_the_true_range_of_bar_n() {
        // ATR(3), alpha 1/3: TR3 = 2, TR4 = 3.5, TR5 = 5, TR6 = 6.5 -> 2, 2.5, 10/3, 10/3 + (6.5 - 10/3)/3 = 79/18
        assertValues(AtrCalculator.atr(HIGH, LOW, CLOSE, 7, 3), NaN, NaN, NaN, 2, 2.5, 10.0 / 3, 79.0 / 18);
    }

    @Test
    void ta4j_gives_the_same_values_on_the_same_bars() {
        IndicatorSpec spec = IndicatorSpec.of(EnumSet.of(IndicatorKind.ATR)).withPeriods(Map.of("atr", 3));
        double[] volume = {1, 1, 1, 1, 1, 1, 1};
        assertThat(Ta4jIndicators.compute(TestBars.hlcv(HIGH, LOW, CLOSE, volume), spec).get("atr"))
                .containsExactly(AtrCalculator.atr(HIGH, LOW, CLOSE, 7, 3));
    }
}
