package features;

import java.time.Instant;

/**
 * Computes a {@link SevenDayView} from 1m bars in one pass over the rolling window (definitions on the record). The
 * bars handed in must cover [{@link #readFrom}, {@link #readTo}) as stored, without any gap policy applied: the
 * builder applies its own policy to the daily bars and keeps the summary to real minutes.
 */
public final class SevenDayViewBuilder {
    private static final long MINUTE = 60_000L;
    private final GapPolicy policy;
    private final boolean keepIncomplete;

    public SevenDayViewBuilder(GapPolicy policy, boolean keepIncomplete) {
        this.policy = policy;
        this.keepIncomplete = keepIncomplete;
    }

    /** First minute needed for asOf: midnight UTC 7 days before the day holding asOf. */
    public static long readFrom(Instant asOf) {
        return Interval.D1.bucketStart(asOf.toEpochMilli()) - SevenDayView.DAYS * Interval.D1.millis();
    }

    /** End (exclusive) of the minutes needed for asOf: asOf rounded down to the minute. */
    public static long readTo(Instant asOf) {
        return Math.floorDiv(asOf.toEpochMilli(), MINUTE) * MINUTE;
    }

    public SevenDayView build(String symbol, Instant asOf, Bars oneMinute) {
        return build(symbol, asOf, oneMinute, days(asOf, oneMinute));
    }

    /**
     * The daily bars of the view as of {@code asOf}: the minutes of the 7 days before asOf's day, with the policy. The
     * same for every asOf of one UTC day, so a caller building many views may compute them once a day.
     */
    Bars days(Instant asOf, Bars oneMinute) {
        long today = Interval.D1.bucketStart(asOf.toEpochMilli());
        return Aggregator.aggregateFilled(oneMinute, readFrom(asOf), today, policy, Interval.D1, keepIncomplete);
    }

    /**
     * The view from {@code oneMinute} - any stored series holding every stored minute of [{@link #readFrom},
     * {@link #readTo}), more on either side is fine: only that range is indexed - and {@code days} from
     * {@link #days} for this asOf's day.
     */
    SevenDayView build(String symbol, Instant asOf, Bars oneMinute, Bars days) {
        return build(symbol, asOf, oneMinute, days, null);
    }

    /**
     * ln(close[i] / close[i - 1]) for every i >= 1 of {@code oneMinute}: the terms the view's volatility takes from
     * the series, computed once for a series many views index (the same call on the same values: the same doubles).
     */
    static double[] logReturns(Bars oneMinute) {
        double[] r = new double[oneMinute.size()];
        for (int i = 1; i < r.length; i++) {
            r[i] = Math.log(oneMinute.close[i] / oneMinute.close[i - 1]);
        }
        return r;
    }

    /** As above, with {@code lnReturns} from {@link #logReturns} of {@code oneMinute} (null: computed here). */
    SevenDayView build(String symbol, Instant asOf, Bars oneMinute, Bars days, double[] lnReturns) {
        long to = readTo(asOf);
        long from = to - SevenDayView.MINUTES * MINUTE;
        int first = oneMinute.indexAtOrAfter(from);
        int end = oneMinute.indexAtOrAfter(to);
        double high = Double.NaN;
        double low = Double.NaN;
        double volume = 0;
        double firstOpen = Double.NaN;
        double lastClose = Double.NaN;
        int real = 0;
        long returns = 0;
        double mean = 0;
        double squares = 0; // Welford: sum of squared deviations from the running mean
        for (int i = first; i < end; i++) {
            if (oneMinute.filled(i)) {
                continue;
            }
            if (real++ == 0) {
                firstOpen = oneMinute.open[i];
            }
            lastClose = oneMinute.close[i];
            high = Double.isNaN(high) ? oneMinute.high[i] : Math.max(high, oneMinute.high[i]);
            low = Double.isNaN(low) ? oneMinute.low[i] : Math.min(low, oneMinute.low[i]);
            volume += oneMinute.volume[i];
            if (i > first && oneMinute.openTime[i] - oneMinute.openTime[i - 1] == MINUTE && !oneMinute.filled(i - 1)) {
                double r = lnReturns == null ? Math.log(oneMinute.close[i] / oneMinute.close[i - 1]) : lnReturns[i];
                returns++;
                double delta = r - mean;
                mean += delta / returns;
                squares += delta * (r - mean);
            }
        }
        double change = lastClose / firstOpen - 1;
        double vol = returns < 2 ? Double.NaN : Math.sqrt(1440.0) * Math.sqrt(squares / (returns - 1));
        return new SevenDayView(symbol, asOf, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), days, change,
                high, low, volume, vol, SevenDayView.MINUTES - real);
    }
}
