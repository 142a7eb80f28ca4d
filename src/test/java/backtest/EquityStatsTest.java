package backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link EquityStats} (the equity figures accumulated bar by bar, with its shortcuts: unchanged bars skipped, the
 * drawdowns taken once per stretch between new peaks) gives the bits of the textbook per-bar loop over an equity array
 * - every return divided out, the peak and both drawdowns updated at every bar - on random curves with flat
 * stretches, new peaks, deep falls, zeros, and non-finite values.
 */
class EquityStatsTest {

    /** The definitions of {@link MetricsCalculator}, one bar at a time, no shortcut. */
    private record Reference(double sum, double sum2, double down2, double maxDd, double maxDdPct, int maxRun,
                             double peak, double last) {
        static Reference of(double initial, double[] equity, int n) {
            double prev = initial;
            double peak = initial;
            double sum = 0;
            double sum2 = 0;
            double down2 = 0;
            double maxDd = 0;
            double maxDdPct = 0;
            int run = 0;
            int maxRun = 0;
            double last = initial;
            for (int i = 0; i < n; i++) {
                double e = equity[i];
                double r = e / prev - 1;
                prev = e;
                sum += r;
                sum2 += r * r;
                down2 += r < 0 ? r * r : 0;
                peak = e > peak ? e : peak;
                maxDd = Math.max(maxDd, peak - e);
                maxDdPct = Math.max(maxDdPct, peak > 0 ? Math.max(0, (peak - e) / peak) : 0);
                run = e < peak ? run + 1 : 0;
                maxRun = Math.max(maxRun, run);
                last = e;
            }
            return new Reference(sum, sum2, down2, maxDd, maxDdPct, maxRun, peak, last);
        }
    }

    private static Reference accumulated(double initial, double[] equity, int n) {
        EquityStats s = new EquityStats(initial);
        for (int i = 0; i < n; i++) {
            s.add(equity[i]);
        }
        return new Reference(s.sum(), s.sumOfSquares(), s.downsideSquares(), s.maxDrawdown(), s.maxDrawdownPct(),
                s.maxRun(), s.peak(), s.last());
    }

    /** A random walk of an account: flat stretches (cash only), held stretches (moving every bar), jumps. */
    private static double[] curve(SplittableRandom rnd, double initial, int n, boolean specials) {
        double[] e = new double[n];
        double v = initial;
        int i = 0;
        while (i < n) {
            int len = 1 + rnd.nextInt(rnd.nextBoolean() ? 5 : 400);
            int kind = rnd.nextInt(10);
            for (int k = 0; k < len && i < n; k++, i++) {
                if (kind < 3) {
                    // flat: equity unchanged (no position, or a price that did not move)
                } else if (kind < 8) {
                    v *= 1 + (rnd.nextDouble() - 0.5) * 0.004; // held through 1m moves
                } else if (kind == 8) {
                    v *= rnd.nextBoolean() ? 1.05 : 0.9; // a jump: a new peak or a deep fall
                } else {
                    v = Math.nextUp(v); // one ulp: the smallest changes, ties of peak and equity
                }
                e[i] = v;
            }
        }
        if (specials) {
            double[] odd = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1.0,
                Double.MIN_VALUE};
            for (int k = 0; k < 3; k++) {
                int at = rnd.nextInt(n);
                double x = odd[rnd.nextInt(odd.length)];
                for (int j = at; j < Math.min(n, at + 1 + rnd.nextInt(3)); j++) {
                    e[j] = x;
                }
            }
        }
        return e;
    }

    private static void assertSameBits(Reference got, Reference want, String what) {
        double[] g = {got.sum(), got.sum2(), got.down2(), got.maxDd(), got.maxDdPct(), got.peak(), got.last()};
        double[] w = {want.sum(), want.sum2(), want.down2(), want.maxDd(), want.maxDdPct(), want.peak(), want.last()};
        String[] names = {"sum", "sum2", "down2", "maxDd", "maxDdPct", "peak", "last"};
        for (int k = 0; k < g.length; k++) {
            // every NaN as one (as Metrics' equality sees them: Java leaves a NaN's payload to the processor)
            assertThat(Double.doubleToLongBits(g[k])).as("%s: %s (%s vs %s)", what, names[k], g[k], w[k])
                    .isEqualTo(Double.doubleToLongBits(w[k]));
        }
        assertThat(got.maxRun()).as("%s: maxRun", what).isEqualTo(want.maxRun());
    }

    @Test
    void accumulated_figures_equal_the_per_bar_loop_bit_for_bit_on_random_curves() {
        SplittableRandom rnd = new SplittableRandom(14);
        int nonZeroDrawdowns = 0;
        for (int c = 0; c < 2_000; c++) {
            double initial = c % 7 == 0 ? 1 + rnd.nextDouble() : 10_000;
            int n = 1 + rnd.nextInt(c < 1_000 ? 50 : 5_000);
            double[] e = curve(rnd, initial, n, c % 3 == 0);
            Reference want = Reference.of(initial, e, n);
            assertSameBits(accumulated(initial, e, n), want, "curve " + c + " of " + n + " bars");
            nonZeroDrawdowns += want.maxDdPct() > 0 ? 1 : 0;
        }
        assertThat(nonZeroDrawdowns).as("the curves fall below their peaks").isGreaterThan(1_000);
    }

    @Test
    void a_curve_that_never_moves_has_zero_figures_and_a_curve_below_its_start_a_full_run() {
        double[] flat = new double[100];
        java.util.Arrays.fill(flat, 10_000);
        assertSameBits(accumulated(10_000, flat, 100), Reference.of(10_000, flat, 100), "flat");
        assertThat(accumulated(10_000, flat, 100).maxRun()).isZero();
        double[] below = new double[100];
        java.util.Arrays.fill(below, 9_000);
        Reference r = accumulated(10_000, below, 100);
        assertSameBits(r, Reference.of(10_000, below, 100), "below");
        assertThat(r.maxRun()).isEqualTo(100);
        assertThat(r.maxDdPct()).isEqualTo(0.1);
        assertThat(r.maxDd()).isEqualTo(1_000);
    }

    @Test
    void no_bar_leaves_the_initial_figures() {
        Reference r = accumulated(10_000, new double[0], 0);
        assertThat(r.last()).isEqualTo(10_000);
        assertThat(r.peak()).isEqualTo(10_000);
        assertThat(Double.doubleToRawLongBits(r.maxDd())).isZero();
        assertThat(Double.doubleToRawLongBits(r.maxDdPct())).isZero();
    }
}
