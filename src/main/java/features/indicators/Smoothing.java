package features.indicators;

/**
 * Smoothing factors of ta4j's exponential averages and the warm-up they imply.
 *
 * <p>ta4j's EMA and Wilder's MMA ({@code AbstractEMAIndicator}) are NaN for the first {@code n} bars and seeded with
 * the input at index {@code n}: {@code e[n] = x[n]}, then {@code e[i] = e[i-1] + (x[i] - e[i-1]) * alpha}. Two
 * computations that start at different bars differ at a common bar by their seeds' difference times
 * {@code (1 - alpha)^k}, {@code k} bars after the later seed. {@link #decayBars(double)} is the smallest {@code k} with
 * {@code (1 - alpha)^k <= }{@link #RESIDUAL}: 1e-12, a thousand times below the 1e-9 relative agreement we promise, so
 * that a seed off by up to 1000 times the value itself (a single bar's gain against a small average gain, say) has
 * still faded below 1e-9.
 */
public final class Smoothing {
    /** What is left of the seed's influence when an average counts as warm. */
    public static final double RESIDUAL = 1e-12;

    private Smoothing() {
    }

    /** ta4j's EMA factor {@code 2 / (n + 1)}. */
    public static double emaAlpha(int n) {
        return 2.0 / (n + 1);
    }

    /** Wilder's (ta4j's MMA) factor {@code 1 / n}. */
    public static double mmaAlpha(int n) {
        return 1.0 / n;
    }

    /** Smallest {@code k >= 0} with {@code (1 - alpha)^k <= RESIDUAL}; 0 for alpha 1 (the input itself). */
    public static int decayBars(double alpha) {
        if (alpha >= 1.0) {
            return 0;
        }
        double left = 1.0;
        int k = 0;
        while (left > RESIDUAL) {
            left *= 1.0 - alpha;
            k++;
        }
        return k;
    }

    /** Leading bars of an EMA(n) that are NaN or still depend on the start: the seed index n plus the decay. */
    public static int emaWarmup(int n) {
        return n + decayBars(emaAlpha(n));
    }

    /** Leading bars of a Wilder MMA(n) (RSI, ATR) that are NaN or still depend on the start. */
    public static int mmaWarmup(int n) {
        return n + decayBars(mmaAlpha(n));
    }
}
