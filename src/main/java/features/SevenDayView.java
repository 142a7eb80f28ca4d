package features;

import java.time.Instant;

/**
 * Seven days of context before {@code asOf}, for people and LLM prompts.
 *
 * <p>{@code days}: the 1d bars of the 7 complete UTC days before asOf (the day holding asOf is not complete), built with
 * the source's gap and incomplete-bucket policies, so a day missing minutes may be absent or flagged.
 *
 * <p>The rolling summary covers the closed 1m bars with open time in [{@code from}, {@code to}): {@code to} is asOf
 * rounded down to the minute, {@code from} is 7 × 1440 minutes earlier. It uses only real (stored) minutes, never
 * forward-filled ones, which would add zero returns and understate volatility:
 * {@code change} = last close / first open − 1; {@code high}, {@code low}, {@code volume} (base asset, summed);
 * {@code realizedVolatility} = √1440 × the sample standard deviation (n − 1) of the 1m log returns
 * ln(close<sub>t</sub> / close<sub>t−1 min</sub>), taken only between real minutes exactly one minute apart — a daily
 * figure; {@code missingMinutes} = minutes of the window absent from the store. Values are NaN when there is too
 * little data (no bar; fewer than two returns for the volatility).
 */
public record SevenDayView(String symbol, Instant asOf, Instant from, Instant to, Bars days, double change,
                           double high, double low, double volume, double realizedVolatility, long missingMinutes) {
    public static final int DAYS = 7;
    public static final int MINUTES = DAYS * 1440;

    /**
     * A few short lines: the rolling summary, then one line per UTC day (oldest first). Built with {@link DecimalText}
     * (the same characters as the {@code String.format} calls {@code %.2f}, {@code %+.2f%%}, {@code %d}, {@code %n} it
     * replaced: the text is part of LLM prompts, whose hash is the decision cache's key).
     */
    public String toText() {
        return toText(daysText());
    }

    /**
     * {@link #toText()} with its day lines given: {@code daysText} is {@link #daysText()} of a view as of the same UTC
     * day over the same daily bars (the same for all of that day's views).
     */
    String toText(String daysText) {
        StringBuilder sb = new StringBuilder(256 + daysText.length());
        sb.append(symbol).append(" as of ");
        DecimalText.minute(sb, asOf.toEpochMilli()).append('\n');
        sb.append("last 7d (");
        DecimalText.minute(sb, from.toEpochMilli()).append("..");
        DecimalText.minute(sb, to.toEpochMilli()).append(", 1m): change ");
        percent(sb, change, true).append(", high ");
        price(sb, high).append(", low ");
        price(sb, low).append(", volume ");
        price(sb, volume).append(", realised vol ");
        percent(sb, realizedVolatility, false).append("/day, missing minutes ").append(missingMinutes)
                .append(System.lineSeparator());
        return sb.append(daysText).toString();
    }

    /** The part of {@link #toText()} from its "UTC days" line on: depends only on asOf's UTC day and {@code days}. */
    String daysText() {
        return daysText(asOf, days);
    }

    /** {@link #daysText()} of a view as of {@code asOf} over the daily bars {@code days}. */
    static String daysText(Instant asOf, Bars days) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("UTC days (open high low close volume change):\n");
        long firstDay = Interval.D1.bucketStart(asOf.toEpochMilli()) - DAYS * Interval.D1.millis();
        for (int d = 0; d < DAYS; d++) {
            long t = firstDay + d * Interval.D1.millis();
            int i = days.indexAtOrAfter(t);
            DecimalText.day(sb, t);
            if (i == days.size() || days.openTime[i] != t) {
                sb.append(" no complete data\n");
                continue;
            }
            price(sb.append(' '), days.open[i]);
            price(sb.append(' '), days.high[i]);
            price(sb.append(' '), days.low[i]);
            price(sb.append(' '), days.close[i]);
            price(sb.append(' '), days.volume[i]);
            percent(sb.append(' '), days.close[i] / days.open[i] - 1, true);
            if (days.filled(i)) {
                sb.append(" (has filled minutes)");
            }
            if (days.incomplete(i)) {
                sb.append(" (incomplete)");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** {@code %.2f}, or n/a. */
    private static StringBuilder price(StringBuilder sb, double v) {
        return Double.isNaN(v) ? sb.append("n/a") : DecimalText.fixed2(sb, v, false);
    }

    /**
     * {@code %+.2f%%} of v x 100, or n/a; without {@code sign} every '+' left out (as {@code .replace("+", "")} did:
     * the formatted number holds at most the one leading '+').
     */
    private static StringBuilder percent(StringBuilder sb, double v, boolean sign) {
        return Double.isNaN(v) ? sb.append("n/a") : DecimalText.fixed2(sb, v * 100, sign).append('%');
    }
}
