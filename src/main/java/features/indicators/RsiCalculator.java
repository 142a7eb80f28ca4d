package features.indicators;

/**
 * ta4j 0.21.0's {@code RSIIndicator(close, n)}: gains and losses against the previous close, each smoothed by a
 * Wilder MMA seeded at index {@code n} with that bar's gain (loss); NaN for {@code i < n};
 * {@code 100 - 100 / (1 + avgGain / avgLoss)}, 0 when both averages are 0 and 100 when only the loss average is.
 * The recursion is {@link State}, run over consecutive runs of closes (carried across chunks by the streamed engine).
 */
final class RsiCalculator {
    private RsiCalculator() {
    }

    /** The RSI recursion over consecutive runs of the closes: {@link #run} continues where the previous run ended. */
    static final class State {
        private final int n;
        private final double alpha;
        private long i;
        private double previous;
        private double avgGain;
        private double avgLoss;

        State(int n) {
            this.n = n;
            this.alpha = Smoothing.mmaAlpha(n);
        }

        /** The next {@code count} values, of closes {@code close[from ..]}, into {@code out[0 .. count)}. */
        void run(double[] close, int from, int count, double[] out) {
            long k = i;
            double p = previous;
            double gains = avgGain;
            double losses = avgLoss;
            for (int j = 0; j < count; j++, k++) {
                double c = close[from + j];
                if (k < n) {
                    out[j] = Double.NaN;
                    p = c;
                    continue;
                }
                double gain = c > p ? c - p : 0.0;
                double loss = c < p ? p - c : 0.0;
                p = c;
                if (k == n) {
                    gains = gain;
                    losses = loss;
                } else {
                    gains = gains + (gain - gains) * alpha;
                    losses = losses + (loss - losses) * alpha;
                }
                out[j] = losses == 0 ? (gains == 0 ? 0.0 : 100.0) : 100.0 - 100.0 / (1.0 + gains / losses);
            }
            i = k;
            previous = p;
            avgGain = gains;
            avgLoss = losses;
        }
    }

    static double[] rsi(double[] close, int size, int n) {
        double[] out = new double[size];
        new State(n).run(close, 0, size, out);
        return out;
    }
}
