package export;

import features.Aggregator;
import features.Bars;
import features.GapFiller;
import features.GapPolicy;
import features.Interval;
import java.io.IOException;
import java.io.OutputStream;
import java.time.YearMonth;
import java.time.ZoneOffset;
import storage.KlineColumns;

/**
 * One month of klines as CSV: the header, then one line per bar in the store's column order. 1m lines are the stored
 * rows as they are (close_time as stored); longer intervals are aggregated from the month's 1m rows exactly as the
 * feature engine does ({@link GapFiller}, then {@link Aggregator} without incomplete buckets), close_time = open_time +
 * interval - 1 ms. Missing minutes are absent; with {@link GapPolicy#FFILL} a {@code filled} column (0/1) is added and
 * the minutes missing between two stored minutes of the month are forward-filled (O=H=L=C=previous close, zero
 * volumes and trades).
 */
public final class KlinesCsv {
    public static final String HEADER = "open_time,open,high,low,close,volume,close_time,quote_asset_volume,trades,"
            + "taker_base,taker_quote";
    public static final String FILLED_COLUMN = "filled";
    private static final long MINUTE = 60_000L;
    private static final int FLUSH_BYTES = 1 << 16;

    private KlinesCsv() {
    }

    /** What a month's CSV holds: its lines, the missing minutes between its first and last stored minute. */
    public record Written(long rows, long missingMinutes, long firstOpenTime, long lastOpenTime) {
    }

    public static String header(GapPolicy policy) {
        return policy == GapPolicy.FFILL ? HEADER + "," + FILLED_COLUMN : HEADER;
    }

    public static Written write(OutputStream out, YearMonth month, KlineColumns rows, Interval interval,
                                GapPolicy policy) throws IOException {
        int n = rows.size();
        long missing = n == 0 ? 0 : (rows.openTime[n - 1] - rows.openTime[0]) / MINUTE + 1 - n;
        Bytes line = new Bytes(FLUSH_BYTES + 512);
        line.ascii(header(policy)).ascii('\n');
        boolean filledColumn = policy == GapPolicy.FFILL;
        long lines = 0;
        if (interval == Interval.M1) {
            for (int i = 0; i < n; i++) {
                if (filledColumn && i > 0) {
                    double price = rows.close[i - 1];
                    for (long t = rows.openTime[i - 1] + MINUTE; t < rows.openTime[i]; t += MINUTE) {
                        row(line, t, price, price, price, price, 0, t + MINUTE - 1, 0, 0, 0, 0, 1);
                        lines++;
                        flush(line, out);
                    }
                }
                row(line, rows.openTime[i], rows.open[i], rows.high[i], rows.low[i], rows.close[i], rows.volume[i],
                        rows.closeTime[i], rows.quoteVolume[i], rows.trades[i], rows.takerBase[i], rows.takerQuote[i],
                        filledColumn ? 0 : -1);
                lines++;
                flush(line, out);
            }
        } else {
            Bars bars = aggregate(month, rows, interval, policy);
            for (int i = 0; i < bars.size(); i++) {
                long t = bars.openTime[i];
                row(line, t, bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i],
                        t + interval.millis() - 1, bars.quoteVolume[i], bars.trades[i], bars.takerBase[i],
                        bars.takerQuote[i], filledColumn ? (bars.filled(i) ? 1 : 0) : -1);
                lines++;
                flush(line, out);
            }
        }
        line.writeTo(out);
        return new Written(lines, missing, n == 0 ? 0 : rows.openTime[0], n == 0 ? 0 : rows.openTime[n - 1]);
    }

    /** The month's bars of {@code interval}, built from its 1m rows as {@code features compute} builds them. */
    static Bars aggregate(YearMonth month, KlineColumns rows, Interval interval, GapPolicy policy) {
        Bars minutes = new Bars(Interval.M1, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            minutes.add(rows.openTime[i], rows.open[i], rows.high[i], rows.low[i], rows.close[i], rows.volume[i],
                    rows.quoteVolume[i], rows.trades[i], rows.takerBase[i], rows.takerQuote[i], (byte) 0);
        }
        long from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        Bars filled = GapFiller.apply(minutes, from, to, policy).bars();
        return Aggregator.aggregate(filled, interval, false);
    }

    /** {@code filled} -1: no filled column. */
    private static void row(Bytes b, long openTime, double open, double high, double low, double close, double volume,
                            long closeTime, double quoteVolume, long trades, double takerBase, double takerQuote,
                            int filled) {
        CsvText.time(b, openTime);
        b.ascii(',');
        CsvText.number(b, open);
        b.ascii(',');
        CsvText.number(b, high);
        b.ascii(',');
        CsvText.number(b, low);
        b.ascii(',');
        CsvText.number(b, close);
        b.ascii(',');
        CsvText.number(b, volume);
        b.ascii(',');
        CsvText.time(b, closeTime);
        b.ascii(',');
        CsvText.number(b, quoteVolume);
        b.ascii(',').integer(trades).ascii(',');
        CsvText.number(b, takerBase);
        b.ascii(',');
        CsvText.number(b, takerQuote);
        if (filled >= 0) {
            b.ascii(',').ascii((char) ('0' + filled));
        }
        b.ascii('\n');
    }

    private static void flush(Bytes line, OutputStream out) throws IOException {
        if (line.size() >= FLUSH_BYTES) {
            line.writeTo(out);
            line.clear();
        }
    }
}
