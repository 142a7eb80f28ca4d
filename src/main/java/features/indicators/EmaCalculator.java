package features.indicators;

/**
 * ta4j 0.21.0's {@code AbstractEMAIndicator} (EMA and Wilder's MMA) over a double column, same operations in the same
 * order (so bit-identical to ta4j's {@code DoubleNum} results): NaN for {@code i < n}, {@code e[n] = x[n]}, then
 * {@code e[i] = e[i-1] + (x[i] - e[i-1]) * alpha}. Raw values: the caller masks the warm-up.
 *
 * <p>The recursion lives in {@link Smoother}, run over consecutive runs of the input: the column functions run it
 * once, the streamed engine ({@link IndicatorEngine.Streamed}) carries it from one chunk of bars to the next.
 */
final class EmaCalculator {
    private EmaCalculator() {
    }

    /**
     * The EMA/MMA recursion over consecutive runs of the series: {@link #run} continues where the previous run ended
     * (value i of the series is e[i], NaN for i < n).
     */
    static final class Smoother {
        private final int n;
        private final double alpha;
        private long i;
        private double e = Double.NaN;

        Smoother(int n, double alpha) {
            this.n = n;
            this.alpha = alpha;
        }

        static Smoother ema(int n) {
            return new Smoother(n, Smoothing.emaAlpha(n));
        }

        static Smoother mma(int n) {
            return new Smoother(n, Smoothing.mmaAlpha(n));
        }

        /** The next {@code count} values, of inputs {@code x[from ..]}, into {@code out[0 .. count)}. */
        void run(double[] x, int from, int count, double[] out) {
            long k = i;
            double v = e;
            for (int j = 0; j < count; j++, k++) {
                if (k < n) {
                    out[j] = Double.NaN;
                    continue;
                }
                v = k == n ? x[from + j] : v + (x[from + j] - v) * alpha;
                out[j] = v;
            }
            i = k;
            e = v;
        }
    }

    /** ta4j {@code EMAIndicator(x, n)}: alpha = 2 / (n + 1). */
    static double[] ema(double[] x, int size, int n) {
        return smooth(x, 0, size, Smoother.ema(n));
    }

    /** ta4j {@code MMAIndicator(x, n)} (Wilder): alpha = 1 / n. */
    static double[] mma(double[] x, int size, int n) {
        return smooth(x, 0, size, Smoother.mma(n));
    }

    /** {@link #ema(double[], int, int)} over {@code x[from .. from + size)} without copying it. */
    static double[] ema(double[] x, int from, int size, int n) {
        return smooth(x, from, size, Smoother.ema(n));
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
        Smoother s = Smoother.ema(n);
        double[] block = new double[Math.max(0, Math.min(4096, limit - from))];
        for (int at = from; at < limit; at += block.length) {
            int count = Math.min(block.length, limit - at);
            s.run(x, at, count, block);
            for (int j = 0; j < count; j++) {
                int i = at + j;
                if (i >= from + n
                        && Double.doubleToRawLongBits(block[j]) == Double.doubleToRawLongBits(other[i - otherFrom])) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static double[] smooth(double[] x, int from, int size, Smoother s) {
        double[] out = new double[size];
        s.run(x, from, size, out);
        return out;
    }
}
