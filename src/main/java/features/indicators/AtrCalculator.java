package features.indicators;

/**
 * ta4j 0.21.0's {@code ATRIndicator(series, n)}: a Wilder MMA of the true range
 * {@code max(|high - low|, |high - prevClose|, |prevClose - low|)}, NaN for {@code i < n}, seeded at index {@code n}
 * with that bar's true range. (ta4j's true range of bar 0, {@code |high - low|}, is never used: the seed is at n >= 1.)
 */
final class AtrCalculator {
    private AtrCalculator() {
    }

    static double[] atr(double[] high, double[] low, double[] close, int size, int n) {
        double[] out = new double[size];
        double alpha = Smoothing.mmaAlpha(n);
        double atr = 0;
        for (int i = 0; i < size; i++) {
            if (i < n) {
                out[i] = Double.NaN;
                continue;
            }
            double tr = trueRange(high[i], low[i], close[i - 1]);
            atr = i == n ? tr : atr + (tr - atr) * alpha;
            out[i] = atr;
        }
        return out;
    }

    static double trueRange(double high, double low, double prevClose) {
        return Math.max(Math.max(Math.abs(high - low), Math.abs(high - prevClose)), Math.abs(prevClose - low));
    }
}
