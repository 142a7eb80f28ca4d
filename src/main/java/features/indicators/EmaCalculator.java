package features.indicators;

/**
 * ta4j 0.21.0's {@code AbstractEMAIndicator} (EMA and Wilder's MMA) over a double column, same operations in the same
 * order (so bit-identical to ta4j's {@code DoubleNum} results): NaN for {@code i < n}, {@code e[n] = x[n]}, then
 * {@code e[i] = e[i-1] + (x[i] - e[i-1]) * alpha}. Raw values: the caller masks the warm-up.
 */
final class EmaCalculator {
    private EmaCalculator() {
    }

    /** ta4j {@code EMAIndicator(x, n)}: alpha = 2 / (n + 1). */
    static double[] ema(double[] x, int size, int n) {
        return smooth(x, size, n, Smoothing.emaAlpha(n));
    }

    /** ta4j {@code MMAIndicator(x, n)} (Wilder): alpha = 1 / n. */
    static double[] mma(double[] x, int size, int n) {
        return smooth(x, size, n, Smoothing.mmaAlpha(n));
    }

    private static double[] smooth(double[] x, int size, int n, double alpha) {
        double[] out = new double[size];
        double e = Double.NaN;
        for (int i = 0; i < size; i++) {
            if (i < n) {
                out[i] = Double.NaN;
                continue;
            }
            e = i == n ? x[i] : e + (x[i] - e) * alpha;
            out[i] = e;
        }
        return out;
    }
}
