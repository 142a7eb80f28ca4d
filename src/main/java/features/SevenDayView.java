package features;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

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
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    /** A few short lines: the rolling summary, then one line per UTC day (oldest first). */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(symbol).append(" as of ").append(MINUTE.format(asOf)).append('\n');
        sb.append(String.format(Locale.ROOT,
                "last 7d (%s..%s, 1m): change %s, high %s, low %s, volume %s, realised vol %s/day, missing minutes %d%n",
                MINUTE.format(from), MINUTE.format(to), percent(change), price(high), price(low), price(volume),
                percent(realizedVolatility).replace("+", ""), missingMinutes));
        sb.append("UTC days (open high low close volume change):\n");
        long firstDay = Interval.D1.bucketStart(asOf.toEpochMilli()) - DAYS * Interval.D1.millis();
        for (int d = 0; d < DAYS; d++) {
            long t = firstDay + d * Interval.D1.millis();
            int i = days.indexAtOrAfter(t);
            sb.append(DAY.format(Instant.ofEpochMilli(t)));
            if (i == days.size() || days.openTime[i] != t) {
                sb.append(" no complete data\n");
                continue;
            }
            sb.append(String.format(Locale.ROOT, " %s %s %s %s %s %s", price(days.open[i]), price(days.high[i]),
                    price(days.low[i]), price(days.close[i]), price(days.volume[i]),
                    percent(days.close[i] / days.open[i] - 1)));
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

    private static String price(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%+.2f%%", v * 100);
    }
}
