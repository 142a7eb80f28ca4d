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
        return smooth(x, 0, size, n, Smoothing.emaAlpha(n));
    }

    /** ta4j {@code MMAIndicator(x, n)} (Wilder): alpha = 1 / n. */
    static double[] mma(double[] x, int size, int n) {
        return smooth(x, 0, size, n, Smoothing.mmaAlpha(n));
    }

    /** {@link #ema(double[], int, int)} over {@code x[from .. from + size)} without copying it. */
    static double[] ema(double[] x, int from, int size, int n) {
        return smooth(x, from, size, n, Smoothing.emaAlpha(n));
    }

    /**
     * Where the EMA(n) of {@code x} seeded as if the series started at {@code from} becomes bit for bit equal to
     * {@code other}, another EMA(n) of the same {@code x} started earlier ({@code other[j]} is the value at
     * {@code x[otherFrom + j]}, {@code otherFrom <= from}): the first index {@code i} of {@code x}, {@code from + n
     * <= i < limit}, where the two are the same double, or -1 when they are not before {@code limit}. From that
     * index on they stay equal (the same recursion over the same inputs from the same value). The two seeds differ
     * and their difference fades by {@code (1 - alpha)} a bar, so they usually meet within a few warm-ups; rounding
     * may also keep them an ulp apart for a long time (a flat price), hence the limit.
     */
    static int mergeIndex(double[] x, int from, int n, double[] other, int otherFrom, int limit) {
        double alpha = Smoothing.emaAlpha(n);
        double e = Double.NaN;
        for (int i = from + n; i < limit; i++) {
            e = i == from + n ? x[i] : e + (x[i] - e) * alpha;
            if (Double.doubleToRawLongBits(e) == Double.doubleToRawLongBits(other[i - otherFrom])) {
                return i;
            }
        }
        return -1;
    }

    private static double[] smooth(double[] x, int from, int size, int n, double alpha) {
        double[] out = new double[size];
        double e = Double.NaN;
        for (int i = 0; i < size; i++) {
            if (i < n) {
                out[i] = Double.NaN;
                continue;
            }
            e = i == n ? x[from + i] : e + (x[from + i] - e) * alpha;
            out[i] = e;
        }
        return out;
    }
}
