package features.indicators;

/**
 * ta4j 0.21.0's {@code RSIIndicator(close, n)}: gains and losses against the previous close, each smoothed by a
 * Wilder MMA seeded at index {@code n} with that bar's gain (loss); NaN for {@code i < n};
 * {@code 100 - 100 / (1 + avgGain / avgLoss)}, 0 when both averages are 0 and 100 when only the loss average is.
 */
final class RsiCalculator {
    private RsiCalculator() {
    }

    static double[] rsi(double[] close, int size, int n) {
        double[] out = new double[size];
        double alpha = Smoothing.mmaAlpha(n);
        double avgGain = 0;
        double avgLoss = 0;
        for (int i = 0; i < size; i++) {
            if (i < n) {
                out[i] = Double.NaN;
                continue;
            }
            double c = close[i];
            double p = close[i - 1];
            double gain = c > p ? c - p : 0.0;
            double loss = c < p ? p - c : 0.0;
            if (i == n) {
                avgGain = gain;
                avgLoss = loss;
            } else {
                avgGain = avgGain + (gain - avgGain) * alpha;
                avgLoss = avgLoss + (loss - avgLoss) * alpha;
            }
            out[i] = avgLoss == 0 ? (avgGain == 0 ? 0.0 : 100.0) : 100.0 - 100.0 / (1.0 + avgGain / avgLoss);
        }
        return out;
    }
}
