package features.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import features.Bars;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmaCalculatorTest {
    private static final double TOLERANCE = 1e-12;
    private static final double NaN = Double.NaN;
    private static final double[] X = {10, 11, 12, 10, 14, 13, 9};

    @Test
    void ema_is_nan_before_n_seeded_with_the_value_at_n_then_smoothed_by_two_over_n_plus_one() {
        // EMA(3): alpha = 0.5; e3 = 10; e4 = 10 + (14-10)/2 = 12; e5 = 12 + (13-12)/2 = 12.5; e6 = 12.5 + (9-12.5)/2
        assertValues(EmaCalculator.ema(X, X.length, 3), NaN, NaN, NaN, 10, 12, 12.5, 10.75);
    }

    @Test
    void mma_is_wilders_average_with_alpha_one_over_n() {
        // MMA(4): alpha = 0.25; e4 = 14; e5 = 14 + (13-14)/4 = 13.75; e6 = 13.75 + (9-13.75)/4 = 12.5625
        assertValues(EmaCalculator.mma(X, X.length, 4), NaN, NaN, NaN, NaN, 14, 13.75, 12.5625);
    }

    @Test
    void uses_only_the_first_size_values_and_is_all_nan_when_shorter_than_n() {
        assertValues(EmaCalculator.ema(X, 5, 3), NaN, NaN, NaN, 10, 12);
        assertValues(EmaCalculator.ema(X, 3, 3), NaN, NaN, NaN);
    }

    @Test
    void ta4j_gives_the_same_values_on_the_same_bars() {
        Bars bars = TestBars.closes(X);
        IndicatorSpec spec = IndicatorSpec.of(EnumSet.of(IndicatorKind.EMA))
                .withPeriods(Map.of("ema_fast", 3, "ema_slow", 4));
        Map<String, double[]> ta4j = Ta4jIndicators.compute(bars, spec);
        assertThat(ta4j.get("ema_fast")).containsExactly(EmaCalculator.ema(X, X.length, 3));
        assertThat(ta4j.get("ema_slow")).containsExactly(EmaCalculator.ema(X, X.length, 4));
    }

    static void assertValues(double[] actual, double... expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            if (Double.isNaN(expected[i])) {
                assertThat(actual[i]).as("index %d", i).isNaN();
            } else {
                assertThat(actual[i]).as("index %d", i).isCloseTo(expected[i], within(TOLERANCE));
            }
        }
    }
}
