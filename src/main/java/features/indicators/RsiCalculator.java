package features.indicators;

/**
 * ta4j 0.21.0's {@code RSIIndicator(close, n)}: gains and losses against the previous close, each smoothed by a
 * Wilder MMA seeded at index {@code n} with that bar's gain (loss); NaN for {@code i < n};
 * {@code 100 - 100 / (1 + avgGain / avgLoss)}, 0 when both averages are 0 and 100 when only the loss average is.
 * The recursion is {@link State}, one close a call (carried across chunks by the streamed engine).
 */
final class RsiCalculator {
    private RsiCalculator() {
    }

    /** The RSI recursion: the i-th call gets close[i] and answers rsi[i] (NaN for i < n). */
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

        double next(double c) {
            long k = i++;
            double p = previous;
            previous = c;
            if (k < n) {
                return Double.NaN;
            }
            double gain = c > p ? c - p : 0.0;
            double loss = c < p ? p - c : 0.0;
            if (k == n) {
                avgGain = gain;
                avgLoss = loss;
            } else {
                avgGain = avgGain + (gain - avgGain) * alpha;
                avgLoss = avgLoss + (loss - avgLoss) * alpha;
            }
            return avgLoss == 0 ? (avgGain == 0 ? 0.0 : 100.0) : 100.0 - 100.0 / (1.0 + avgGain / avgLoss);
        }
    }

    static double[] rsi(double[] close, int size, int n) {
        double[] out = new double[size];
        State s = new State(n);
        for (int i = 0; i < size; i++) {
            out[i] = s.next(close[i]);
        }
        return out;
    }
}
