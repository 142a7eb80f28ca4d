package features.indicators;

/**
 * ta4j 0.21.0's {@code ATRIndicator(series, n)}: a Wilder MMA of the true range
 * {@code max(|high - low|, |high - prevClose|, |prevClose - low|)}, NaN for {@code i < n}, seeded at index {@code n}
 * with that bar's true range. (ta4j's true range of bar 0, {@code |high - low|}, is never used: the seed is at n >= 1.)
 * The recursion is {@link State}, run over consecutive runs of bars (carried across chunks by the streamed engine).
 */
final class AtrCalculator {
    private AtrCalculator() {
    }

    /** The ATR recursion over consecutive runs of bars: {@link #run} continues where the previous run ended. */
    static final class State {
        private final int n;
        private final double alpha;
        private long i;
        private double previousClose;
        private double atr;

        State(int n) {
            this.n = n;
            this.alpha = Smoothing.mmaAlpha(n);
        }

        /** The next {@code count} values, of bars {@code [from ..]}, into {@code out[0 .. count)}. */
        void run(double[] high, double[] low, double[] close, int from, int count, double[] out) {
            long k = i;
            double p = previousClose;
            double v = atr;
            for (int j = 0; j < count; j++, k++) {
                int at = from + j;
                if (k < n) {
                    out[j] = Double.NaN;
                    p = close[at];
                    continue;
                }
                double tr = trueRange(high[at], low[at], p);
                p = close[at];
                v = k == n ? tr : v + (tr - v) * alpha;
                out[j] = v;
            }
            i = k;
            previousClose = p;
            atr = v;
        }
    }

    static double[] atr(double[] high, double[] low, double[] close, int size, int n) {
        double[] out = new double[size];
        new State(n).run(high, low, close, 0, size, out);
        return out;
    }

    static double trueRange(double high, double low, double prevClose) {
        return Math.max(Math.max(Math.abs(high - low), Math.abs(high - prevClose)), Math.abs(prevClose - low));
    }
}
