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
     * FFILL adds a bar for every missing minute after the first real bar of the window: O=H=L=C=the previous close,
     * zero volumes and trades, flagged {@link Bars#FILLED}. Minutes before the first real bar have no previous close
     * inside the window and stay missing. DROP and NONE leave missing minutes out; the gaps tell the caller what to report.
     */
    public static BarsWithGaps apply(Bars oneMinute, long fromMs, long toMs, GapPolicy policy) {
        if (oneMinute.interval != Interval.M1) {
            throw new IllegalArgumentException("gap policies apply to 1m bars, got " + oneMinute.interval);
        }
        int first = oneMinute.indexAtOrAfter(fromMs);
        int end = oneMinute.indexAtOrAfter(toMs);
        boolean fill = policy == GapPolicy.FFILL;
        long capacity = fill && first < end ? (toMs - oneMinute.openTime[first]) / MINUTE : end - first;
        Bars out = new Bars(Interval.M1, (int) Math.min(capacity, Integer.MAX_VALUE - 8));
        List<MinuteGaps.Gap> gaps = new ArrayList<>();
        long expected = fromMs;
        for (int i = first; i < end; i++) {
            long t = oneMinute.openTime[i];
            if (t > expected) {
                gaps.add(new MinuteGaps.Gap(expected, t));
                if (fill && out.size() > 0) {
                    fillFrom(out, expected, t);
                }
            }
            copy(oneMinute, i, out);
            expected = t + MINUTE;
        }
        if (expected < toMs) {
            gaps.add(new MinuteGaps.Gap(expected, toMs));
            if (fill && out.size() > 0) {
                fillFrom(out, expected, toMs);
            }
        }
        return new BarsWithGaps(out, gaps);
    }

    private static void fillFrom(Bars out, long fromMs, long toMs) {
        double price = out.close[out.size() - 1];
        for (long t = fromMs; t < toMs; t += MINUTE) {
            out.add(t, price, price, price, price, 0, 0, 0, 0, 0, Bars.FILLED);
        }
    }

    private static void copy(Bars in, int i, Bars out) {
        out.add(in.openTime[i], in.open[i], in.high[i], in.low[i], in.close[i], in.volume[i], in.quoteVolume[i],
                in.trades[i], in.takerBase[i], in.takerQuote[i], in.flags[i]);
    }
}
