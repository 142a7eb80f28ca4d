package features.indicators;

import static features.indicators.EmaCalculatorTest.assertValues;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RsiCalculatorTest {
    private static final double NaN = Double.NaN;

    @Test
    void wilder_rsi_seeded_with_the_gain_and_loss_of_bar_n() {
        double[] close = {10, 11, 12, 10, 14, 13, 13, 15};
        // RSI(3), alpha 1/3. i3: 12->10, gain 0 loss 2 -> 0. i4: +4: ag 4/3, al 2 - 2/3 = 4/3 -> 50.
        // i5: -1: ag 8/9, al 4/3 + (1 - 4/3)/3 = 11/9 -> 100 - 100/(1 + 8/11) = 800/19. i6: 0: both * 2/3 -> 800/19.
        // i7: +2: ag 16/27 + (2 - 16/27)/3 = 86/81, al 44/81 -> 100 - 100/(1 + 86/44) = 860/13.
        assertValues(RsiCalculator.rsi(close, close.length, 3), NaN, NaN, NaN, 0, 50, 800.0 / 19, 800.0 / 19, 860.0 / 13);
    }

    @Test
    void is_100_without_losses_and_0_without_any_move() {
        assertValues(RsiCalculator.rsi(new double[] {1, 2, 3, 4}, 4, 2), NaN, NaN, 100, 100);
        assertValues(RsiCalculator.rsi(new double[] {5, 5, 5, 5}, 4, 2), NaN, NaN, 0, 0);
    }

    @Test
    void ta4j_gives_the_same_values_on_the_same_bars() {
        double[] close = {10, 11, 12, 10, 14, 13, 13, 15, 12, 12.5};
        IndicatorSpec spec = IndicatorSpec.of(EnumSet.of(IndicatorKind.RSI)).withPeriods(Map.of("rsi", 3));
        assertThat(Ta4jIndicators.compute(TestBars.closes(close), spec).get("rsi"))
                .containsExactly(RsiCalculator.rsi(close, close.length, 3));
    }
}
