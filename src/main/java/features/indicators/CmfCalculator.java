package features.indicators;

/**
 * ta4j 0.21.0's {@code ChaikinMoneyFlowIndicator(series, n)}: over the window {@code [max(0, i-n+1), i]}, the sum of
 * {@code CLV * volume} divided by the sum of volume, both summed afresh from the window's first bar in order, as ta4j
 * does (no running sums, so no drift); {@code CLV = ((close - low) - (high - close)) / (high - low)}. The first
 * {@code n - 1} bars are partial windows (ta4j returns them; the engine masks them). A window of zero volume is NaN.
 *
 * <p><b>One deliberate difference:</b> a bar with {@code high == low} has CLV 0 here (Chaikin's definition, and what
 * ta4j's own {@code CloseLocationValueIndicator} means to do). ta4j 0.21.0 divides by zero there, gets NaN, and so
 * answers NaN for every window that holds such a bar: every forward-filled minute ({@code GapPolicy.FFILL}) and every
 * one-price minute would blank CMF for n bars. Wherever ta4j has a number, ours is the same number.
 */
final class CmfCalculator {
    private CmfCalculator() {
    }

    static double[] cmf(double[] high, double[] low, double[] close, double[] volume, int size, int n) {
        double[] moneyFlow = new double[size];
        for (int i = 0; i < size; i++) {
            moneyFlow[i] = clv(high[i], low[i], close[i]) * volume[i];
        }
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            double flow = 0.0;
            double vol = 0.0;
            for (int j = Math.max(0, i - n + 1); j <= i; j++) {
                flow += moneyFlow[j];
                vol += volume[j];
            }
            out[i] = vol == 0 ? Double.NaN : flow / vol;
        }
        return out;
    }

    /** Close location value in [-1, 1]; 0 for a bar without range. */
    static double clv(double high, double low, double close) {
        double range = high - low;
        return range == 0 ? 0.0 : ((close - low) - (high - close)) / range;
    }
}
