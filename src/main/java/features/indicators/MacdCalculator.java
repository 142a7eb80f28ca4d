package features.indicators;

/**
 * ta4j 0.21.0's {@code MACDIndicator(close, fast, slow)} with {@code getSignalLine(signal)} and
 * {@code getHistogram(signal)}: line = EMA(fast) - EMA(slow), NaN until the slow EMA's seed at index {@code slow};
 * signal = EMA(signal) of the line, seeded with the line at index {@code max(slow, signal)} (ta4j's EMA restarts from
 * the current value while its previous value is NaN); histogram = line - signal. The recursion is {@link State}, one
 * close a call (carried across chunks by the streamed engine).
 */
final class MacdCalculator {
    private MacdCalculator() {
    }

    /** The three MACD columns, each of the input's size. */
    record MacdColumns(double[] macd, double[] signal, double[] histogram) {
    }

    /** The MACD recursion: the i-th call gets close[i] and writes line, signal and histogram of index i. */
    static final class State {
        private final int fast;
        private final int slow;
        private final int signalSeed;
        private final double fastAlpha;
        private final double slowAlpha;
        private final double signalAlpha;
        private long i;
        private double emaFast;
        private double emaSlow;
        private double s;

        State(int fast, int slow, int signal) {
            this.fast = fast;
            this.slow = slow;
            this.signalSeed = Math.max(slow, signal);
            this.fastAlpha = Smoothing.emaAlpha(fast);
            this.slowAlpha = Smoothing.emaAlpha(slow);
            this.signalAlpha = Smoothing.emaAlpha(signal);
        }

        /** Writes index {@code at} of the three columns for the next close {@code x}. */
        void next(double x, double[] line, double[] sig, double[] hist, int at) {
            long k = i++;
            if (k >= fast) {
                emaFast = k == fast ? x : emaFast + (x - emaFast) * fastAlpha;
            }
            if (k >= slow) {
                emaSlow = k == slow ? x : emaSlow + (x - emaSlow) * slowAlpha;
            }
            double m = k >= slow ? emaFast - emaSlow : Double.NaN;
            if (k >= signalSeed) {
                s = k == signalSeed ? m : s + (m - s) * signalAlpha;
            }
            line[at] = m;
            sig[at] = k >= signalSeed ? s : Double.NaN;
            hist[at] = k >= signalSeed ? m - s : Double.NaN;
        }
    }

    static MacdColumns macd(double[] close, int size, int fast, int slow, int signal) {
        double[] line = new double[size];
        double[] sig = new double[size];
        double[] hist = new double[size];
        State state = new State(fast, slow, signal);
        for (int i = 0; i < size; i++) {
            state.next(close[i], line, sig, hist, i);
        }
        return new MacdColumns(line, sig, hist);
    }
}
