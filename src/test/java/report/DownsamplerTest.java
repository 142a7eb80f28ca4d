package report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DownsamplerTest {
    @Test
    void short_series_keeps_every_point_but_nan() {
        assertThat(Downsampler.minMax(new double[] {1, Double.NaN, 3, 4}, 10)).containsExactly(0, 2, 3);
    }

    @Test
    void keeps_a_one_point_spike_and_dip() {
        double[] v = new double[10_000];
        v[4_321] = 50;
        v[7_777] = -80;
        int[] idx = Downsampler.minMax(v, 100);
        assertThat(idx).contains(4_321, 7_777, 0, 9_999);
        assertThat(idx.length).isLessThanOrEqualTo(202);
        for (int k = 1; k < idx.length; k++) {
            assertThat(idx[k]).isGreaterThan(idx[k - 1]);
        }
    }

    @Test
    void skips_a_warm_up_of_nan() {
        double[] v = new double[1_000];
        java.util.Arrays.fill(v, 0, 300, Double.NaN);
        int[] idx = Downsampler.minMax(v, 10);
        assertThat(idx[0]).isEqualTo(300);
        assertThat(idx[idx.length - 1]).isEqualTo(999);
    }

    @Test
    void all_nan_draws_nothing() {
        double[] v = new double[1_000];
        java.util.Arrays.fill(v, Double.NaN);
        assertThat(Downsampler.minMax(v, 10)).isEmpty();
    }
}
