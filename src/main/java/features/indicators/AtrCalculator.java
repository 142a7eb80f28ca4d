package features.indicators;

/**
 * ta4j 0.21.0's {@code ATRIndicator(series, n)}: a Wilder MMA of the true range
 * {@code max(|high - low|, |high - prevClose|, |prevClose - low|)}, NaN for {@code i < n}, seeded at index {@code n}
 * with that bar's true range. (ta4j's true range of bar 0, {@code |high - low|}, is never used: the seed is at n >= 1.)
 * The recursion is {@link State}, one bar a call (carried across chunks by the streamed engine).
 */
final class AtrCalculator {
    private AtrCalculator() {
    }

    /** The ATR recursion: the i-th call gets bar i and answers atr[i] (NaN for i < n). */
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

        double next(double high, double low, double close) {
            long k = i++;
            double p = previousClose;
            previousClose = close;
            if (k < n) {
                return Double.NaN;
            }
            double tr = trueRange(high, low, p);
            atr = k == n ? tr : atr + (tr - atr) * alpha;
            return atr;
        }
    }

    static double[] atr(double[] high, double[] low, double[] close, int size, int n) {
        double[] out = new double[size];
        State s = new State(n);
        for (int i = 0; i < size; i++) {
            out[i] = s.next(high[i], low[i], close[i]);
        }
        return out;
    }

    static double trueRange(double high, double low, double prevClose) {
        return Math.max(Math.max(Math.abs(high - low), Math.abs(high - prevClose)), Math.abs(prevClose - low));
    }
}
