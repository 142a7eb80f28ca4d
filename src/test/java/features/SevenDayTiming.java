package features;

import java.io.IOException;
import java.time.Instant;

/**
 * Benchmark helper (not a test): the seven-day text of every decision of a run two ways in the same loop, each on its
 * own source over the same store - {@link ParquetDataSource#sevenDayText} (block aggregates, {@link SevenDayIndex})
 * and {@code sevenDayView(asOf).toText()} (the builder's walk over the window's minutes) - checking they are equal.
 * What both share - decoding the month files, joining a span, the daily bars of a day - is done untimed at each new
 * UTC day, so the figures are the per-view work (the index's one-off build per span included).
 */
public final class SevenDayTiming {
    private SevenDayTiming() {
    }

    /**
     * Nanoseconds spent: [0] sevenDayText, [1] sevenDayView().toText(), [2] views, [3] texts the estimate decided,
     * [4] texts the builder's loop decided (a value near a rounding boundary).
     */
    public static long[] run(ParquetDataSource text, ParquetDataSource view, long firstAsOfMs, long stepMs, int n)
            throws IOException {
        long fast = 0;
        long slow = 0;
        long estimated = 0;
        long exact = 0;
        SevenDayIndex last = null;
        long day = Long.MIN_VALUE;
        for (int k = 0; k < n; k++) {
            Instant asOf = Instant.ofEpochMilli(firstAsOfMs + k * stepMs);
            if (Interval.D1.bucketStart(asOf.toEpochMilli()) != day) {
                // untimed: month decoding and the daily bars (once a day, the same code both ways) are left out
                day = Interval.D1.bucketStart(asOf.toEpochMilli());
                text.sevenDayView(asOf);
                view.sevenDayView(asOf);
            }
            long t0 = System.nanoTime();
            String a = text.sevenDayText(asOf);
            long t1 = System.nanoTime();
            String b = view.sevenDayView(asOf).toText();
            long t2 = System.nanoTime();
            if (!a.equals(b)) {
                throw new AssertionError("seven-day text differs as of " + asOf + ":\n" + a + "\n" + b);
            }
            fast += t1 - t0;
            slow += t2 - t1;
            SevenDayIndex index = text.index();
            if (index != last && last != null) {
                estimated += last.estimated;
                exact += last.exact;
            }
            last = index;
        }
        if (last != null) {
            estimated += last.estimated;
            exact += last.exact;
        }
        return new long[] {fast, slow, n, estimated, exact};
    }
}
