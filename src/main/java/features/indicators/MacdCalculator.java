package features.indicators;

/**
 * ta4j 0.21.0's {@code MACDIndicator(close, fast, slow)} with {@code getSignalLine(signal)} and
 * {@code getHistogram(signal)}: line = EMA(fast) - EMA(slow), NaN until the slow EMA's seed at index {@code slow};
 * signal = EMA(signal) of the line, seeded with the line at index {@code max(slow, signal)} (ta4j's EMA restarts from
 * the current value while its previous value is NaN); histogram = line - signal. The recursions are {@link State}, run
 * over consecutive runs of closes (carried across chunks by the streamed engine).
 */
final class MacdCalculator {
    private MacdCalculator() {
    }

    /** The three MACD columns, each of the input's size. */
    record MacdColumns(double[] macd, double[] signal, double[] histogram) {
    }

    /** The MACD recursions over consecutive runs of the closes: {@link #run} continues where the previous run ended. */
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

        /** The next {@code count} values of the three columns, of closes {@code close[from ..]}, into [0, count). */
        void run(double[] close, int from, int count, double[] line, double[] sig, double[] hist) {
            long k = i;
            double f = emaFast;
            double sl = emaSlow;
            double sg = s;
            for (int j = 0; j < count; j++, k++) {
                double x = close[from + j];
                if (k >= fast) {
                    f = k == fast ? x : f + (x - f) * fastAlpha;
                }
                if (k >= slow) {
                    sl = k == slow ? x : sl + (x - sl) * slowAlpha;
                }
                double m = k >= slow ? f - sl : Double.NaN;
                if (k >= signalSeed) {
                    sg = k == signalSeed ? m : sg + (m - sg) * signalAlpha;
                }
                line[j] = m;
                sig[j] = k >= signalSeed ? sg : Double.NaN;
                hist[j] = k >= signalSeed ? m - sg : Double.NaN;
            }
            i = k;
            emaFast = f;
            emaSlow = sl;
            s = sg;
        }
    }

    static MacdColumns macd(double[] close, int size, int fast, int slow, int signal) {
        double[] line = new double[size];
        double[] sig = new double[size];
        double[] hist = new double[size];
        new State(fast, slow, signal).run(close, 0, size, line, sig, hist);
        return new MacdColumns(line, sig, hist);
    }
}
