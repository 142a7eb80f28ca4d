package features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
    /** Decoded months kept for seven-day views: a window spans at most two. */
    static final int MONTHS_KEPT = 3;
    private static final Object ABSENT = new Object();
    /** The month reader of the public constructor: its decoded months are shared through {@link DecodedMonths}. */
    private static final MonthReader PARQUET = KlineParquet::read;

    private record Kept(Object id, KlineColumns rows) {
    }

    private static final class Span {
        final YearMonth first;
        final YearMonth last;
        final List<Object> ids;
        final Bars minutes;
        long daysOf = Long.MIN_VALUE;
        Bars days;
        /** The day lines of the views of day daysOf (SevenDayView.daysText), made at its first view. */
        String daysText;
        double[] returns;
        SevenDayIndex index;

        Span(YearMonth first, YearMonth last, List<Object> ids, Bars minutes) {
            this.first = first;
            this.last = last;
            this.ids = ids;
            this.minutes = minutes;
        }
    }

    /** Reads one month file; a seam so tests can see which files a request touches. */
    interface MonthReader {
        KlineColumns read(Path monthFile) throws IOException;
    }

    private final KlineStore store;
    private final GapPolicy policy;
    private final boolean keepIncomplete;
    private final MonthReader reader;
    private final SevenDayViewBuilder views;
    /** Whether every read goes through the kept months (an LLM run's source), not only the seven-day view's. */
    private final boolean keepAll;
    /** Decoded month files the seven-day view read, least recently used first. */
    private final LinkedHashMap<Path, Kept> months = new LinkedHashMap<>(8, 0.75f, true);
    private final java.util.concurrent.ConcurrentHashMap<YearMonth, Path> files = new java.util.concurrent.ConcurrentHashMap<>();
    /** The joined months the last seven-day view read, with the daily bars of its day. */
    private Span span;

    /**
     * @param policy         what to do with minutes missing from the store
     * @param keepIncomplete return buckets that do not cover their whole interval (flagged) instead of leaving them out
     */
    public ParquetDataSource(KlineStore store, GapPolicy policy, boolean keepIncomplete) {
        this(store, policy, keepIncomplete, PARQUET);
    }

    ParquetDataSource(KlineStore store, GapPolicy policy, boolean keepIncomplete, MonthReader reader) {
        this(store, policy, keepIncomplete, reader, false);
    }

    private ParquetDataSource(KlineStore store, GapPolicy policy, boolean keepIncomplete, MonthReader reader,
                              boolean keepAll) {
        this.keepAll = keepAll;
        this.store = store;
        this.policy = policy;
        this.keepIncomplete = keepIncomplete;
        this.reader = reader;
        this.views = new SevenDayViewBuilder(policy, keepIncomplete);
    }

    @Override
    public BarsWithGaps fetchWithGaps(Interval interval, Instant start, Instant end) throws IOException {
        long from = MinuteGaps.ceilMinute(start.toEpochMilli());
        long to = Math.max(from, MinuteGaps.ceilMinute(end.toEpochMilli()));
        BarsWithGaps minutes = GapFiller.apply(readMinutes(from, to), from, to, policy);
        return new BarsWithGaps(Aggregator.aggregate(minutes.bars(), interval, keepIncomplete), minutes.gaps());
    }

    /**
     * {@link #fetchWithGaps} a month file at a time: the minutes read so far are cut into a chunk at the last minute
     * {@code t} that is stored, whose minute before is stored too, and that starts a bucket of {@code interval}; the
     * chunk [previous cut, t) is gap-filled and aggregated as {@link #fetchWithGaps} does the whole range. At such a
     * cut nothing in the chunk depends on minutes after it (forward fill only fills between stored minutes, and the
     * last minute before the cut is stored) and no bucket straddles it, so the chunks put end to end are the bars and
     * gaps of the whole range. The heap holds about a month of minutes (more only where a month has no such cut).
     */
    @Override
    public void streamWithGaps(Interval interval, Instant start, Instant end, ChunkSink sink) throws IOException {
        long from = MinuteGaps.ceilMinute(start.toEpochMilli());
        long to = Math.max(from, MinuteGaps.ceilMinute(end.toEpochMilli()));
        if (keepAll || to <= from) {
            DataSource.super.streamWithGaps(interval, start, end, sink);
            return;
        }
        long chunkFrom = from;
        Bars pending = new Bars(Interval.M1, 0);
        YearMonth last = month(to - 1);
        for (YearMonth m = month(from); !m.isAfter(last); m = m.plusMonths(1)) {
            Path file = monthFile(m);
            if (Files.exists(file)) {
                KlineColumns rows = read(file);
                Bars joined = new Bars(Interval.M1, pending.size() + rows.size());
                for (int i = 0; i < pending.size(); i++) {
                    joined.add(pending.openTime[i], pending.open[i], pending.high[i], pending.low[i], pending.close[i],
                            pending.volume[i], pending.quoteVolume[i], pending.trades[i], pending.takerBase[i],
                            pending.takerQuote[i], pending.flags[i]);
                }
                append(rows, from, to, joined);
                pending = joined;
            }
            int cut = m.equals(last) ? -1 : cut(pending, interval);
            if (cut > 0) {
                long cutAt = pending.openTime[cut];
                sink.accept(chunk(pending, chunkFrom, cutAt, interval));
                Bars rest = new Bars(Interval.M1, pending.size() - cut);
                for (int i = cut; i < pending.size(); i++) {
                    rest.add(pending.openTime[i], pending.open[i], pending.high[i], pending.low[i], pending.close[i],
                            pending.volume[i], pending.quoteVolume[i], pending.trades[i], pending.takerBase[i],
                            pending.takerQuote[i], pending.flags[i]);
                }
                pending = rest;
                chunkFrom = cutAt;
            }
        }
        sink.accept(chunk(pending, chunkFrom, to, interval));
    }

    /** {@link #fetchWithGaps}'s steps over the minutes of [fromMs, toMs) in {@code minutes}. */
    private BarsWithGaps chunk(Bars minutes, long fromMs, long toMs, Interval interval) {
        BarsWithGaps filled = GapFiller.apply(minutes, fromMs, toMs, policy);
        return new BarsWithGaps(Aggregator.aggregate(filled.bars(), interval, keepIncomplete), filled.gaps());
    }

    /**
     * The last index {@code i >= 1} whose minute and the minute before are both in {@code minutes} and which starts a
     * bucket of {@code interval}; -1 when there is none.
     */
    private static int cut(Bars minutes, Interval interval) {
        for (int i = minutes.size() - 1; i >= 1; i--) {
            long t = minutes.openTime[i];
            if (t - minutes.openTime[i - 1] == MINUTE && interval.bucketStart(t) == t) {
                return i;
            }
        }
        return -1;
    }

    /**
     * As the builder computes it from {@link #readMinutes}, without reading Parquet for each call: an LLM run asks for
     * one view per decision. The view reads the whole months overlapping its window, decoded once and kept (at most
     * {@link #MONTHS_KEPT}, ~4 MB each, by this source), then joined into one series the builder indexes; the daily
     * bars are computed once per UTC day. A kept month is used only while its file is the same (path, size, modified
     * time and file key: the store replaces a month by rename), so a rewritten month is read again, never served stale.
     */
    @Override
    public synchronized SevenDayView sevenDayView(Instant asOf) throws IOException {
        Span s = span(asOf);
        if (s == null) {
            return views.build(store.symbol(), asOf, readMinutes(SevenDayViewBuilder.readFrom(asOf),
                    SevenDayViewBuilder.readTo(asOf)));
        }
        return views.build(store.symbol(), asOf, s.minutes, s.days, s.returns);
    }

    /**
     * {@code sevenDayView(asOf).toText()}, the same characters, from block aggregates of the kept span
     * ({@link SevenDayIndex}, built once per span) instead of a walk over the window's 10,080 minutes.
     */
    @Override
    public synchronized String sevenDayText(Instant asOf) throws IOException {
        Span s = span(asOf);
        if (s == null) {
            return sevenDayView(asOf).toText();
        }
        if (s.index == null) {
            s.index = new SevenDayIndex(s.minutes, s.returns);
        }
        if (s.daysText == null) {
            s.daysText = SevenDayView.daysText(asOf, s.days);
        }
        return s.index.text(views, store.symbol(), asOf, s.days, s.daysText);
    }

    /** The kept span for asOf's window with its days and returns ready; null for an empty window. */
    private Span span(Instant asOf) throws IOException {
        long from = SevenDayViewBuilder.readFrom(asOf);
        long to = SevenDayViewBuilder.readTo(asOf);
        if (to <= from) {
            return null;
        }
        YearMonth first = month(from);
        YearMonth last = month(to - 1);
        List<Object> ids = new ArrayList<>(2);
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            ids.add(identity(monthFile(m)));
        }
        if (span == null || !span.first.equals(first) || !span.last.equals(last) || !span.ids.equals(ids)) {
            span = new Span(first, last, ids, joined(first, last, ids));
        }
        long today = Interval.D1.bucketStart(asOf.toEpochMilli());
        if (span.daysOf != today) {
            span.days = views.days(asOf, span.minutes);
            span.daysText = null;
            span.daysOf = today;
        }
        if (span.returns == null) {
            span.returns = SevenDayViewBuilder.logReturns(span.minutes);
        }
        return span;
    }

    /** The index of the last span's text path (null: none yet); for tests. */
    synchronized SevenDayIndex index() {
        return span == null ? null : span.index;
    }

    /** As {@link #readMinutes}, from the kept months. */
    private Bars keptMinutes(long fromMs, long toMs) throws IOException {
        Bars out = new Bars(Interval.M1, (int) Math.min((toMs - fromMs) / MINUTE, Integer.MAX_VALUE - 8));
        if (toMs <= fromMs) {
            return out;
        }
        YearMonth last = month(toMs - 1);
        for (YearMonth m = month(fromMs); !m.isAfter(last); m = m.plusMonths(1)) {
            Path file = monthFile(m);
            Object id = identity(file);
            if (id != ABSENT) {
                append(kept(file, id), fromMs, toMs, out);
            }
        }
        return out;
    }

    /** The decoded rows of {@code file} as identified by {@code id}: kept, or read now and kept. */
    private KlineColumns kept(Path file, Object id) throws IOException {
        Kept kept = months.get(file);
        if (kept == null || !kept.id.equals(id)) {
            kept = new Kept(id, decoded(file, id));
            months.put(file, kept);
            while (months.size() > MONTHS_KEPT) {
                months.remove(months.keySet().iterator().next()); // least recently used
            }
        }
        return kept.rows;
    }

    /** Every stored minute of months first..last (their files as identified by {@code ids}), in one series. */
    private Bars joined(YearMonth first, YearMonth last, List<Object> ids) throws IOException {
        List<KlineColumns> parts = new ArrayList<>();
        int rows = 0;
        int k = 0;
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1), k++) {
            Object id = ids.get(k);
            if (id == ABSENT) {
                continue;
            }
            KlineColumns part = kept(monthFile(m), id);
            parts.add(part);
            rows += part.size();
        }
        Bars out = new Bars(Interval.M1, rows);
        for (KlineColumns part : parts) {
            append(part, Long.MIN_VALUE, Long.MAX_VALUE, out);
        }
        return out;
    }

    /** The store's file of month {@code m} (the path made once per month: an LLM run asks for one per decision). */
    private Path monthFile(YearMonth m) {
        return files.computeIfAbsent(m, store::monthFile);
    }

    /** What identifies a month file's content: size, modified time and file key (inode), or ABSENT. */
    private static Object identity(Path file) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return ABSENT;
        }
        return new FileId(a.size(), a.lastModifiedTime(), a.fileKey());
    }

    /** A month file's identity; {@code key} may be null (a file system without file keys). */
    private record FileId(long size, java.nio.file.attribute.FileTime modified, Object key) {
    }

    /**
     * This source, but every request (not only {@link #sevenDayView}) takes its months from the few decoded months it
     * keeps, checked against their files each time: for a caller asking many small overlapping ranges, as an LLM
     * run's first decisions do for their feature window before the run's frame holds enough rows.
     */
    public ParquetDataSource keepingMonths() {
        return new ParquetDataSource(store, policy, keepIncomplete, reader, true);
    }

    /** The stored 1m bars with open time in [fromMs, toMs), reading only the month files that overlap it. */
    Bars readMinutes(long fromMs, long toMs) throws IOException {
        if (keepAll) {
            synchronized (this) {
                return keptMinutes(fromMs, toMs);
            }
        }
        // sized for the whole window at once: growing by doubling would briefly hold two copies of a long history
        Bars out = new Bars(Interval.M1, (int) Math.min((toMs - fromMs) / MINUTE, Integer.MAX_VALUE - 8));
        if (toMs <= fromMs) {
            return out;
        }
        YearMonth last = month(toMs - 1);
        for (YearMonth m = month(fromMs); !m.isAfter(last); m = m.plusMonths(1)) {
            Path file = monthFile(m);
            Object id = identity(file);
            if (id != ABSENT) {
                append(decoded(file, id), fromMs, toMs, out);
            }
        }
        return out;
    }

    /**
     * The rows of {@code file} as identified by {@code id}: decoded now, or (the default reader) as another source of
     * this process decoded that same file before ({@link DecodedMonths}).
     */
    private KlineColumns decoded(Path file, Object id) throws IOException {
        if (reader != PARQUET) {
            return read(file);
        }
        KlineColumns rows = DecodedMonths.get(file, id);
        if (rows == null) {
            rows = read(file);
            DecodedMonths.put(file, id, rows);
        }
        return rows;
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
