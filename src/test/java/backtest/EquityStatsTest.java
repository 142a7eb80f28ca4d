package backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link EquityStats} (the equity figures accumulated as the engine marks the bars, in stretches of an unchanged
 * account, with its shortcuts: unchanged bars skipped, the drawdowns taken once per stretch between new peaks) gives
 * the bits of the textbook per-bar loop over the equity array - every return divided out, the peak and both drawdowns
 * updated at every bar - on random accounts: flat and holding stretches, new peaks, deep falls, unchanged prices,
 * zeros, and non-finite values; each stretch marked in random chunks (single bars and longer).
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

    /** An account's run: closes, and the cash and position over each stretch between fills. */
    private record Account(double[] close, int[] stretchEnd, double[] cash, double[] position) {
        double[] equity() {
            double[] e = new double[close.length];
            for (int s = 0, k = 0; s < stretchEnd.length; s++) {
                for (; k < stretchEnd[s]; k++) {
                    e[k] = cash[s] + position[s] * close[k]; // the engine's expression
                }
            }
            return e;
        }
    }

    /** The stretches marked in random chunks (single bars, as the engine's per-bar path marks them, and longer). */
    private static Reference accumulated(double initial, Account a, SplittableRandom rnd) {
        EquityStats s = new EquityStats(initial);
        for (int k = 0, st = 0; st < a.stretchEnd().length; st++) {
            while (k < a.stretchEnd()[st]) {
                int to = Math.min(a.stretchEnd()[st], k + (rnd.nextBoolean() ? 1 : 1 + rnd.nextInt(1_000)));
                s.mark(a.cash()[st], a.position()[st], a.close(), k, to);
                k = to;
            }
        }
        return new Reference(s.sum(), s.sumOfSquares(), s.downsideSquares(), s.maxDrawdown(), s.maxDrawdownPct(),
                s.maxRun(), s.peak(), s.last());
    }

    /**
     * A random account: a random-walk price (moves, one-ulp steps, jumps, unchanged stretches) and stretches flat
     * (cash only) or holding, with cash and position changing between them.
     */
    private static Account account(SplittableRandom rnd, double initial, int n, boolean specials) {
        double[] close = new double[n];
        double p = 40_000;
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(10);
            if (kind < 2) {
                // unchanged price
            } else if (kind < 8) {
                p *= 1 + (rnd.nextDouble() - 0.5) * 0.004;
            } else if (kind == 8) {
                p *= rnd.nextBoolean() ? 1.05 : 0.9;
            } else {
                p = Math.nextUp(p);
            }
            close[i] = p;
        }
        int stretches = 1 + rnd.nextInt(Math.max(1, n / 20));
        int[] end = new int[stretches];
        double[] cash = new double[stretches];
        double[] pos = new double[stretches];
        double c = initial;
        for (int s = 0; s < stretches; s++) {
            end[s] = s == stretches - 1 ? n : Math.min(n, (s == 0 ? 0 : end[s - 1]) + rnd.nextInt(2 * n / stretches + 1));
            boolean flat = rnd.nextInt(3) == 0;
            pos[s] = flat ? 0 : rnd.nextDouble() * initial / p;
            c = flat ? c * (1 + (rnd.nextDouble() - 0.5) * 0.1) : c * rnd.nextDouble();
            cash[s] = c;
        }
        if (specials) {
            double[] odd = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1.0,
                Double.MIN_VALUE};
            for (int k = 0; k < 3; k++) {
                int at = rnd.nextInt(n);
                double x = odd[rnd.nextInt(odd.length)];
                for (int j = at; j < Math.min(n, at + 1 + rnd.nextInt(3)); j++) {
                    close[j] = x;
                }
                int s = rnd.nextInt(stretches);
                switch (rnd.nextInt(3)) {
                    case 0 -> cash[s] = 0;
                    case 1 -> pos[s] = 0;
                    default -> cash[s] = odd[rnd.nextInt(odd.length)];
                }
            }
        }
        return new Account(close, end, cash, pos);
    }

    private static void assertSameBits(Reference got, Reference want, String what) {
        double[] g = {got.sum(), got.sum2(), got.down2(), got.maxDd(), got.maxDdPct(), got.peak(), got.last()};
        double[] w = {want.sum(), want.sum2(), want.down2(), want.maxDd(), want.maxDdPct(), want.peak(), want.last()};
        String[] names = {"sum", "sum2", "down2", "maxDd", "maxDdPct", "peak", "last"};
        if (Double.isNaN(w[0])) { // a NaN return: the downside sum is NaN or not, Sortino (mean / downside) NaN alike
            g[2] = w[2];
        }
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
            Account a = account(rnd, initial, n, c % 3 == 0);
            Reference want = Reference.of(initial, a.equity(), n);
            assertSameBits(accumulated(initial, a, rnd), want, "curve " + c + " of " + n + " bars");
            nonZeroDrawdowns += want.maxDdPct() > 0 ? 1 : 0;
        }
        assertThat(nonZeroDrawdowns).as("the curves fall below their peaks").isGreaterThan(1_000);
    }

    @Test
    void a_curve_that_never_moves_has_zero_figures_and_a_curve_below_its_start_a_full_run() {
        double[] close = new double[100];
        java.util.Arrays.fill(close, 10_000);
        Account flat = new Account(close, new int[] {100}, new double[] {0}, new double[] {1});
        Reference r = accumulated(10_000, flat, new SplittableRandom(1));
        assertSameBits(r, Reference.of(10_000, flat.equity(), 100), "flat");
        assertThat(r.maxRun()).isZero();
        Account below = new Account(close, new int[] {100}, new double[] {9_000}, new double[] {0});
        r = accumulated(10_000, below, new SplittableRandom(1));
        assertSameBits(r, Reference.of(10_000, below.equity(), 100), "below");
        assertThat(r.maxRun()).isEqualTo(100);
        assertThat(r.maxDdPct()).isEqualTo(0.1);
        assertThat(r.maxDd()).isEqualTo(1_000);
    }

    @Test
    void no_bar_leaves_the_initial_figures() {
        Reference r = accumulated(10_000, new Account(new double[0], new int[0], new double[0], new double[0]),
                new SplittableRandom(1));
        assertThat(r.last()).isEqualTo(10_000);
        assertThat(r.peak()).isEqualTo(10_000);
        assertThat(Double.doubleToRawLongBits(r.maxDd())).isZero();
        assertThat(Double.doubleToRawLongBits(r.maxDdPct())).isZero();
    }
}
