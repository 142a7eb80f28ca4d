package features.indicators;

import static features.indicators.EmaCalculatorTest.assertValues;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CmfCalculatorTest {
    private static final double NaN = Double.NaN;
    // CLV = ((c-l) - (h-c)) / (h-l):  0.5, -1, 0.5, flat -> 0, 0.5;  money flow = CLV * volume: 50, -200, 50, 0, 150
    private static final double[] HIGH = {10, 11, 12, 12, 13};
    private static final double[] LOW = {8, 9, 10, 12, 11};
    private static final double[] CLOSE = {9.5, 9, 11.5, 12, 12.5};
    private static final double[] VOLUME = {100, 200, 100, 50, 300};

    @Test
    void sums_money_flow_over_volume_in_the_window_with_partial_first_windows() {
        // CMF(3): 50/100, -150/300, -100/400, (-200+50+0)/350, (50+0+150)/450
        assertValues(CmfCalculator.cmf(HIGH, LOW, CLOSE, VOLUME, 5, 3), 0.5, -0.5, -0.25, -3.0 / 7, 4.0 / 9);
    }

    @Test
    void a_bar_without_range_has_close_location_zero() {
        assertThat(CmfCalculator.clv(12, 12, 12)).isZero();
        assertThat(CmfCalculator.clv(12, 10, 12)).isEqualTo(1.0);
        assertThat(CmfCalculator.clv(12, 10, 10)).isEqualTo(-1.0);
    }

    @Test
    void a_window_without_volume_is_nan() {
        double[] zero = {0, 0, 0};
        assertValues(CmfCalculator.cmf(new double[] {2, 2, 2}, new double[] {1, 1, 1}, new double[] {2, 2, 2}, zero, 3, 2),
                NaN, NaN, NaN);
    }

    @Test
    void ta4j_agrees_except_where_its_window_holds_a_bar_without_range() {
        IndicatorSpec spec = IndicatorSpec.of(EnumSet.of(IndicatorKind.CMF)).withPeriods(Map.of("cmf", 3));
        double[] ta4j = Ta4jIndicators.compute(TestBars.hlcv(HIGH, LOW, CLOSE, VOLUME), spec).get("cmf");
        double[] ours = CmfCalculator.cmf(HIGH, LOW, CLOSE, VOLUME, 5, 3);
        // ta4j 0.21.0 divides by the zero range of bar 3 and answers NaN for the windows holding it
        assertThat(ta4j).containsExactly(ours[0], ours[1], ours[2], NaN, NaN);
    }
}
