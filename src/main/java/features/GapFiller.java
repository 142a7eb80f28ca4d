package features;

import java.util.ArrayList;
import java.util.List;
import storage.MinuteGaps;

/** Applies a {@link GapPolicy} to a 1m series over a window, in one pass, and lists the missing minutes. */
public final class GapFiller {
    private static final long MINUTE = 60_000L;

    private GapFiller() {
    }

    /**
     * Keeps the 1m bars with open time in [fromMs, toMs) (both on minute boundaries) and lists the minutes missing there.
     * FFILL adds a bar for every missing minute between two real bars of the window: O=H=L=C=the previous close,
     * zero volumes and trades, flagged {@link Bars#FILLED} and {@link Bars#NO_REAL_MINUTE}. Minutes before the first real bar have no previous close
     * inside the window, and minutes after the last real bar have no next real bar (filling them would invent data
     * up to the end of the window, even into the future): both stay missing and are reported. DROP and NONE leave missing minutes out; the gaps tell the caller what to report.
     */
    public static BarsWithGaps apply(Bars oneMinute, long fromMs, long toMs, GapPolicy policy) {
        if (oneMinute.interval != Interval.M1) {
            throw new IllegalArgumentException("gap policies apply to 1m bars, got " + oneMinute.interval);
        }
        int first = oneMinute.indexAtOrAfter(fromMs);
        int end = oneMinute.indexAtOrAfter(toMs);
        List<MinuteGaps.Gap> gaps = new ArrayList<>();
        long expected = fromMs;
        long inner = 0; // missing minutes between real bars: the only ones FFILL fills
        for (int i = first; i < end; i++) {
            long t = oneMinute.openTime[i];
            if (t > expected) {
                gaps.add(new MinuteGaps.Gap(expected, t));
                inner += i > first ? (t - expected) / MINUTE : 0;
            }
            expected = t + MINUTE;
        }
        if (expected < toMs) {
            gaps.add(new MinuteGaps.Gap(expected, toMs));
        }
        boolean fill = policy == GapPolicy.FFILL && inner > 0;
        if (!fill && first == 0 && end == oneMinute.size()) {
            return new BarsWithGaps(oneMinute, gaps); // nothing to add or cut: no copy of a possibly huge series
        }
        Bars out = new Bars(Interval.M1, (int) Math.min(end - first + (fill ? inner : 0), Integer.MAX_VALUE - 8));
        long previous = Long.MIN_VALUE;
        for (int i = first; i < end; i++) {
            long t = oneMinute.openTime[i];
            if (fill && i > first && t > previous + MINUTE) {
                fillFrom(out, previous + MINUTE, t);
            }
            copy(oneMinute, i, out);
            previous = t;
        }
        return new BarsWithGaps(out, gaps);
    }

    private static void fillFrom(Bars out, long fromMs, long toMs) {
        double price = out.close[out.size() - 1];
        for (long t = fromMs; t < toMs; t += MINUTE) {
            out.add(t, price, price, price, price, 0, 0, 0, 0, 0, (byte) (Bars.FILLED | Bars.NO_REAL_MINUTE));
        }
    }

    private static void copy(Bars in, int i, Bars out) {
        out.add(in.openTime[i], in.open[i], in.high[i], in.low[i], in.close[i], in.volume[i], in.quoteVolume[i],
                in.trades[i], in.takerBase[i], in.takerQuote[i], in.flags[i]);
    }
}
