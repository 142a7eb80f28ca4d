package features.indicators;

/**
 * ta4j 0.21.0's {@code ChaikinMoneyFlowIndicator(series, n)}: over the window {@code [max(0, i-n+1), i]}, the sum of
 * {@code CLV * volume} divided by the sum of volume, both summed afresh from the window's first bar in order, as ta4j
 * does (no running sums, so no drift); {@code CLV = ((close - low) - (high - close)) / (high - low)}. The first
 * {@code n - 1} bars are partial windows (ta4j returns them; the engine masks them). A window of zero volume is NaN.
 * The window is {@link State}, one bar a call (carried across chunks by the streamed engine).
 *
 * <p><b>One deliberate difference:</b> a bar with {@code high == low} has CLV 0 here (Chaikin's definition, and what
 * ta4j's own {@code CloseLocationValueIndicator} means to do). ta4j 0.21.0 divides by zero there, gets NaN, and so
 * answers NaN for every window that holds such a bar: every forward-filled minute ({@code GapPolicy.FFILL}) and every
 * one-price minute would blank CMF for n bars. Wherever ta4j has a number, ours is the same number.
 */
final class CmfCalculator {
    private CmfCalculator() {
    }

    /** The last n bars' money flow and volume (a ring): the i-th call gets bar i and answers cmf[i]. */
    static final class State {
        private final int n;
        private final double[] moneyFlow;
        private final double[] volume;
        private long i;

        State(int n) {
            this.n = n;
            this.moneyFlow = new double[n];
            this.volume = new double[n];
        }

        double next(double high, double low, double close, double vol) {
            long k = i++;
            int slot = (int) (k % n);
            moneyFlow[slot] = clv(high, low, close) * vol;
            volume[slot] = vol;
            double flow = 0.0;
            double sum = 0.0;
            long first = Math.max(0, k - n + 1);
            int j = (int) (first % n);
            for (long m = first; m <= k; m++) { // from the window's first bar, in order
                flow += moneyFlow[j];
                sum += volume[j];
                j = j + 1 == n ? 0 : j + 1;
            }
            return sum == 0 ? Double.NaN : flow / sum;
        }
    }

    static double[] cmf(double[] high, double[] low, double[] close, double[] volume, int size, int n) {
        double[] out = new double[size];
        State s = new State(n);
        for (int i = 0; i < size; i++) {
            out[i] = s.next(high[i], low[i], close[i], volume[i]);
        }
        return out;
    }

    /** Close location value in [-1, 1]; 0 for a bar without range. */
    static double clv(double high, double low, double close) {
        double range = high - low;
        return range == 0 ? 0.0 : ((close - low) - (high - close)) / range;
    }
}
