package features;

import java.time.Instant;

/**
 * The text of a {@link SevenDayView} ({@link SevenDayView#toText()}) without walking the window's 10,080 minutes: block
 * aggregates over a 1m series (no filled minutes, as a {@link ParquetDataSource} span holds) computed once, then each
 * view from at most two partial blocks and the whole blocks between. Exactly the characters of the builder's view:
 *
 * <ul>
 *   <li>high, low, change, missing minutes and the count of returns are exact (max/min are order-free; the rest are
 *       a count or one division of the same two values);</li>
 *   <li>volume and realised volatility are sums whose last bits depend on the order of the builder's loop (a serial
 *       sum; Welford's running mean and squares). Here they are summed by blocks, and the builder's value is known to
 *       lie in a bracket around that estimate: a serial sum of n terms is within (n - 1) u Σ|x| of the exact sum
 *       (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, 4.2), and so is the block sum (fewer steps);
 *       Welford's sum of squared deviations is within ~n κ u S of the exact one (Chan, Golub, LeVeque 1983), at most
 *       n u Σr², and the bracket taken is 10^-6 Σr² (5 orders of magnitude of margin for n <= 10,080). The printed
 *       text ({@link DecimalText#fixed2} of the value, or of √1440 √(S / (k - 1)) x 100) is monotone in the value,
 *       so when both ends of the bracket print the same characters the builder's value prints them too and the
 *       estimate is used; otherwise (a value within the bracket of a rounding boundary: rare) the builder's loop
 *       runs for this view.</li>
 * </ul>
 * Bits of the doubles in the returned text's view other than those printed may differ from the builder's: only the
 * text is offered ({@link DataSource#sevenDayText}).
 */
final class SevenDayIndex {
    static final int BLOCK = 64;
    private static final long MINUTE = 60_000L;
    private static final double U = 0x1p-53;
    private static final double WELFORD_BRACKET = 1e-6;

    private final Bars minutes;
    private final double[] returns;
    /** Whether the estimate may be used at all: no filled minute, every price and volume finite, prices > 0. */
    private final boolean usable;
    private final boolean[] oneApart;
    private final double[] high;
    private final double[] low;
    private final double[] volume;
    private final double[] absVolume;
    private final double[] sumR;
    private final double[] sumR2;
    private final int[] countR;
    /** Views whose text came from the estimate and from the builder's loop (for tests). */
    long estimated;
    long exact;

    /** @param returns {@link SevenDayViewBuilder#logReturns} of {@code minutes} */
    SevenDayIndex(Bars minutes, double[] returns) {
        this.minutes = minutes;
        this.returns = returns;
        int n = minutes.size();
        int blocks = (n + BLOCK - 1) / BLOCK;
        oneApart = new boolean[n];
        high = new double[blocks];
        low = new double[blocks];
        volume = new double[blocks];
        absVolume = new double[blocks];
        sumR = new double[blocks];
        sumR2 = new double[blocks];
        countR = new int[blocks];
        boolean ok = true;
        for (int i = 0; i < n; i++) {
            ok &= !minutes.filled(i) && minutes.close[i] > 0 && minutes.open[i] > 0 && Double.isFinite(minutes.close[i])
                    && Double.isFinite(minutes.open[i]) && Double.isFinite(minutes.high[i])
                    && Double.isFinite(minutes.low[i]) && Double.isFinite(minutes.volume[i]);
            oneApart[i] = i > 0 && minutes.openTime[i] - minutes.openTime[i - 1] == MINUTE;
            ok &= !oneApart[i] || Double.isFinite(returns[i]);
        }
        usable = ok;
        for (int b = 0; b < blocks && ok; b++) {
            int from = b * BLOCK;
            int to = Math.min(n, from + BLOCK);
            double h = minutes.high[from];
            double l = minutes.low[from];
            double v = 0;
            double av = 0;
            double p = 0;
            double q = 0;
            int k = 0;
            for (int i = from; i < to; i++) {
                h = Math.max(h, minutes.high[i]);
                l = Math.min(l, minutes.low[i]);
                v += minutes.volume[i];
                av += Math.abs(minutes.volume[i]);
                if (oneApart[i]) {
                    p += returns[i];
                    q += returns[i] * returns[i];
                    k++;
                }
            }
            high[b] = h;
            low[b] = l;
            volume[b] = v;
            absVolume[b] = av;
            sumR[b] = p;
            sumR2[b] = q;
            countR[b] = k;
        }
    }

    /** As below, the day lines made here. */
    String text(SevenDayViewBuilder builder, String symbol, Instant asOf, Bars days) {
        return text(builder, symbol, asOf, days, SevenDayView.daysText(asOf, days));
    }

    /**
     * {@code builder.build(symbol, asOf, minutes, days, returns).toText()}, the series being the one this index was
     * built over; {@code daysText} is {@link SevenDayView#daysText()} for asOf's day over {@code days}.
     */
    String text(SevenDayViewBuilder builder, String symbol, Instant asOf, Bars days, String daysText) {
        long to = SevenDayViewBuilder.readTo(asOf);
        long from = to - SevenDayView.MINUTES * MINUTE;
        int first = minutes.indexAtOrAfter(from);
        int end = minutes.indexAtOrAfter(to);
        SevenDayView view = usable && end - first >= 2 ? estimate(symbol, asOf, from, to, first, end, days) : null;
        if (view == null) {
            exact++;
            return builder.build(symbol, asOf, minutes, days, returns).toText(daysText);
        }
        estimated++;
        return view.toText(daysText);
    }

    /** The view with volume and volatility estimated, or null when the estimate may print otherwise. */
    private SevenDayView estimate(String symbol, Instant asOf, long from, long to, int first, int end, Bars days) {
        double[] s = new double[7]; // high, low, volume, |volume|, Σr, Σr², k over [first, end) (returns: (first, end))
        s[0] = Double.NEGATIVE_INFINITY;
        s[1] = Double.POSITIVE_INFINITY;
        // the first block minute by minute (its first minute has no return in this window), whole blocks, the rest
        int headEnd = Math.min(end, (first / BLOCK + 1) * BLOCK);
        int tailStart = Math.max(headEnd, end / BLOCK * BLOCK);
        for (int i = first; i < headEnd; i++) {
            one(s, i, i > first);
        }
        for (int b = headEnd / BLOCK; b < tailStart / BLOCK; b++) {
            s[0] = Math.max(s[0], high[b]);
            s[1] = Math.min(s[1], low[b]);
            s[2] += volume[b];
            s[3] += absVolume[b];
            s[4] += sumR[b];
            s[5] += sumR2[b];
            s[6] += countR[b];
        }
        for (int i = tailStart; i < end; i++) {
            one(s, i, i > first);
        }
        int n = end - first;
        long k = (long) s[6];
        // volume: the builder's serial sum and this estimate are both within (n + steps) u Σ|v| of the exact sum
        double volumeTol = 4.0 * (n + 4 * BLOCK + n / BLOCK + 16) * U * s[3];
        double volumeLo = s[2] - volumeTol;
        double volumeHi = s[2] + volumeTol;
        if (!(volumeLo >= 0) || !DecimalText.fixed2(volumeLo, false).equals(DecimalText.fixed2(volumeHi, false))) {
            return null;
        }
        double vol = Double.NaN;
        if (k >= 2) {
            double squares = s[5] - s[4] * s[4] / k;
            double tol = WELFORD_BRACKET * s[5];
            double lo = squares - tol;
            double hi = squares + tol;
            if (!(lo > 0) || !(hi < Double.POSITIVE_INFINITY)) {
                return null;
            }
            double volLo = volatility(lo, k);
            double volHi = volatility(hi, k);
            if (!DecimalText.fixed2(volLo * 100, false).equals(DecimalText.fixed2(volHi * 100, false))) {
                return null;
            }
            vol = volatility(squares, k);
        }
        double change = minutes.close[end - 1] / minutes.open[first] - 1;
        return new SevenDayView(symbol, asOf, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), days, change, s[0],
                s[1], s[2], vol, SevenDayView.MINUTES - n);
    }

    /** As the builder computes it from the squared deviations: monotone in {@code squares}. */
    private static double volatility(double squares, long returns) {
        return Math.sqrt(1440.0) * Math.sqrt(squares / (returns - 1));
    }

    private void one(double[] s, int i, boolean returnCounts) {
        s[0] = Math.max(s[0], minutes.high[i]);
        s[1] = Math.min(s[1], minutes.low[i]);
        s[2] += minutes.volume[i];
        s[3] += Math.abs(minutes.volume[i]);
        if (returnCounts && oneApart[i]) {
            s[4] += returns[i];
            s[5] += returns[i] * returns[i];
            s[6]++;
        }
    }
}
