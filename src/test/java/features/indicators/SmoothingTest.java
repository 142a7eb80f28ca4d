package features.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmoothingTest {

    @Test
    void decay_bars_is_the_first_k_where_the_seed_weight_drops_to_the_residual() {
        for (double alpha : new double[] {2.0 / 13, 2.0 / 27, 0.2, 1.0 / 14, 1.0 / 3}) {
            int k = Smoothing.decayBars(alpha);
            assertThat(Math.pow(1 - alpha, k)).as("alpha %s", alpha).isLessThanOrEqualTo(Smoothing.RESIDUAL * 1.000001);
            assertThat(Math.pow(1 - alpha, k - 1)).as("alpha %s", alpha).isGreaterThan(Smoothing.RESIDUAL);
        }
    }

    @Test
    void warm_ups_of_the_default_periods() {
        // (11/13)^166 <= 1e-12; (25/27)^360; (13/14)^373
        assertThat(Smoothing.emaWarmup(12)).isEqualTo(12 + 166);
        assertThat(Smoothing.emaWarmup(26)).isEqualTo(26 + 360);
        assertThat(Smoothing.mmaWarmup(14)).isEqualTo(14 + 373);
        assertThat(Smoothing.decayBars(Smoothing.emaAlpha(9))).isEqualTo(124);
    }

    @Test
    void a_period_of_one_follows_its_input_at_once() {
        assertThat(Smoothing.decayBars(1.0)).isZero();
        assertThat(Smoothing.emaWarmup(1)).isEqualTo(1);
        assertThat(Smoothing.mmaWarmup(1)).isEqualTo(1);
    }
}
