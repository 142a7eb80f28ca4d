package features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;
import storage.KlineColumns;
import storage.KlineParquet;
import storage.KlineStore;
import storage.MinuteGaps;

/**
 * {@link DataSource} over the monthly 1m Parquet store. A request reads only the month files that overlap it (a month
 * with no file is simply missing minutes), copies the rows in range into {@link Bars} column by column, applies the gap
 * policy and aggregates.
 */
public final class ParquetDataSource implements DataSource {
    private static final long MINUTE = 60_000L;

    /** Reads one month file; a seam so tests can see which files a request touches. */
    interface MonthReader {
        KlineColumns read(Path monthFile) throws IOException;
    }

    private final KlineStore store;
    private final GapPolicy policy;
    private final boolean keepIncomplete;
    private final MonthReader reader;

    /**
     * @param policy         what to do with minutes missing from the store
     * @param keepIncomplete return buckets that do not cover their whole interval (flagged) instead of leaving them out
     */
    public ParquetDataSource(KlineStore store, GapPolicy policy, boolean keepIncomplete) {
        this(store, policy, keepIncomplete, KlineParquet::read);
    }

    ParquetDataSource(KlineStore store, GapPolicy policy, boolean keepIncomplete, MonthReader reader) {
        this.store = store;
        this.policy = policy;
        this.keepIncomplete = keepIncomplete;
        this.reader = reader;
    }

    @Override
    public BarsWithGaps fetchWithGaps(Interval interval, Instant start, Instant end) throws IOException {
        long from = MinuteGaps.ceilMinute(start.toEpochMilli());
        long to = Math.max(from, MinuteGaps.ceilMinute(end.toEpochMilli()));
        BarsWithGaps minutes = GapFiller.apply(readMinutes(from, to), from, to, policy);
        return new BarsWithGaps(Aggregator.aggregate(minutes.bars(), interval, keepIncomplete), minutes.gaps());
    }

    @Override
    public SevenDayView sevenDayView(Instant asOf) throws IOException {
        Bars minutes = readMinutes(SevenDayViewBuilder.readFrom(asOf), SevenDayViewBuilder.readTo(asOf));
        return new SevenDayViewBuilder(policy, keepIncomplete).build(store.symbol(), asOf, minutes);
    }

    /** The stored 1m bars with open time in [fromMs, toMs), reading only the month files that overlap it. */
    Bars readMinutes(long fromMs, long toMs) throws IOException {
        // sized for the whole window at once: growing by doubling would briefly hold two copies of a long history
        Bars out = new Bars(Interval.M1, (int) Math.min((toMs - fromMs) / MINUTE, Integer.MAX_VALUE - 8));
        if (toMs <= fromMs) {
            return out;
        }
        YearMonth last = month(toMs - 1);
        for (YearMonth m = month(fromMs); !m.isAfter(last); m = m.plusMonths(1)) {
            Path file = store.monthFile(m);
            if (Files.exists(file)) {
                append(read(file), fromMs, toMs, out);
            }
        }
        return out;
    }

    private KlineColumns read(Path file) throws IOException {
        try {
            return reader.read(file);
        } catch (RuntimeException e) { // parquet reports a damaged file as a RuntimeException
            throw new IOException("cannot read month file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void append(KlineColumns rows, long fromMs, long toMs, Bars out) {
        int first = index(rows, fromMs);
        int end = index(rows, toMs);
        for (int i = first; i < end; i++) {
            out.add(rows.openTime[i], rows.open[i], rows.high[i], rows.low[i], rows.close[i], rows.volume[i],
                    rows.quoteVolume[i], rows.trades[i], rows.takerBase[i], rows.takerQuote[i], (byte) 0);
        }
    }

    private static int index(KlineColumns rows, long t) {
        int i = Arrays.binarySearch(rows.openTime, 0, rows.size(), t);
        return i >= 0 ? i : -i - 1;
    }

    private static YearMonth month(long epochMs) {
        return YearMonth.from(Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC));
    }
}
