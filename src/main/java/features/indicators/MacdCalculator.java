package features.indicators;

/**
 * ta4j 0.21.0's {@code MACDIndicator(close, fast, slow)} with {@code getSignalLine(signal)} and
 * {@code getHistogram(signal)}: line = EMA(fast) - EMA(slow), NaN until the slow EMA's seed at index {@code slow};
 * signal = EMA(signal) of the line, seeded with the line at index {@code max(slow, signal)} (ta4j's EMA restarts from
 * the current value while its previous value is NaN); histogram = line - signal.
 */
final class MacdCalculator {
    private MacdCalculator() {
    }

    /** The three MACD columns, each of the input's size. */
    record MacdColumns(double[] macd, double[] signal, double[] histogram) {
    }

    static MacdColumns macd(double[] close, int size, int fast, int slow, int signal) {
        double[] line = new double[size];
        double[] sig = new double[size];
        double[] hist = new double[size];
        double fastAlpha = Smoothing.emaAlpha(fast);
        double slowAlpha = Smoothing.emaAlpha(slow);
        double signalAlpha = Smoothing.emaAlpha(signal);
        int signalSeed = Math.max(slow, signal);
        double emaFast = 0;
        double emaSlow = 0;
        double s = 0;
        for (int i = 0; i < size; i++) {
            double x = close[i];
            if (i >= fast) {
                emaFast = i == fast ? x : emaFast + (x - emaFast) * fastAlpha;
            }
            if (i >= slow) {
                emaSlow = i == slow ? x : emaSlow + (x - emaSlow) * slowAlpha;
            }
            double m = i >= slow ? emaFast - emaSlow : Double.NaN;
            if (i >= signalSeed) {
                s = i == signalSeed ? m : s + (m - s) * signalAlpha;
            }
            line[i] = m;
            sig[i] = i >= signalSeed ? s : Double.NaN;
            hist[i] = i >= signalSeed ? m - s : Double.NaN;
        }
        return new MacdColumns(line, sig, hist);
    }
}
