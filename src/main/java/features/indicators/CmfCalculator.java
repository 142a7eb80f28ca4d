package features.indicators;

/**
 * ta4j 0.21.0's {@code ChaikinMoneyFlowIndicator(series, n)}: over the window {@code [max(0, i-n+1), i]}, the sum of
 * {@code CLV * volume} divided by the sum of volume, both summed afresh from the window's first bar in order, as ta4j
 * does (no running sums, so no drift); {@code CLV = ((close - low) - (high - close)) / (high - low)}. The first
 * {@code n - 1} bars are partial windows (ta4j returns them; the engine masks them). A window of zero volume is NaN.
 * The window is {@link State}, run over consecutive runs of bars (carried across chunks by the streamed engine).
 *
 * <p><b>One deliberate difference:</b> a bar with {@code high == low} has CLV 0 here (Chaikin's definition, and what
 * ta4j's own {@code CloseLocationValueIndicator} means to do). ta4j 0.21.0 divides by zero there, gets NaN, and so
 * answers NaN for every window that holds such a bar: every forward-filled minute ({@code GapPolicy.FFILL}) and every
 * one-price minute would blank CMF for n bars. Wherever ta4j has a number, ours is the same number.
 */
final class CmfCalculator {
    private CmfCalculator() {
    }

    /**
     * The window over consecutive runs of bars: the last n bars' money flow and volume in a ring, {@link #run}
     * continuing where the previous run ended.
     */
    static final class State {
        private final int n;
        private final double[] moneyFlow;
        private final double[] volume;
        private long i;
        /** The ring slot of the next bar (bar k is in slot k % n). */
        private int slot;

        State(int n) {
            this.n = n;
            this.moneyFlow = new double[n];
            this.volume = new double[n];
        }

        /** The next {@code count} values, of bars {@code [from ..]}, into {@code out[0 .. count)}. */
        void run(double[] high, double[] low, double[] close, double[] vol, int from, int count, double[] out) {
            long k = i;
            int at = slot;
            double[] mf = moneyFlow;
            double[] vs = volume;
            for (int j = 0; j < count; j++, k++) {
                int b = from + j;
                mf[at] = clv(high[b], low[b], close[b]) * vol[b];
                vs[at] = vol[b];
                double flow = 0.0;
                double sum = 0.0;
                if (k >= n - 1) { // a whole window: its first bar is in the slot after this one
                    for (int m = at + 1; m < n; m++) {
                        flow += mf[m];
                        sum += vs[m];
                    }
                }
                for (int m = 0; m <= at; m++) { // (a partial window [0, k] is in slots 0..k)
                    flow += mf[m];
                    sum += vs[m];
                }
                out[j] = sum == 0 ? Double.NaN : flow / sum;
                at = at + 1 == n ? 0 : at + 1;
            }
            i = k;
            slot = at;
        }
    }

    static double[] cmf(double[] high, double[] low, double[] close, double[] volume, int size, int n) {
        double[] out = new double[size];
        new State(n).run(high, low, close, volume, 0, size, out);
        return out;
    }

    /** Close location value in [-1, 1]; 0 for a bar without range. */
    static double clv(double high, double low, double close) {
        double range = high - low;
        return range == 0 ? 0.0 : ((close - low) - (high - close)) / range;
    }
}
