package features;

import features.indicators.IndicatorEngine;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import storage.MinuteGaps;

/**
 * Computes feature frames from a {@link DataSource}: bars of the spec's interval plus indicator columns. The bars
 * fetched start early enough before the range (the indicators' warm-up, with a margin for missing bars) that the
 * first row of the range is already warm whenever the store holds that history.
 */
public final class FeatureEngine {
    /** Extra history fetched beyond the warm-up, for bars that may be missing (gaps, dropped minutes). */
    private static final double HISTORY_MARGIN = 1.25;

    private final DataSource source;

    public FeatureEngine(DataSource source) {
        this.source = source;
    }

    /** Feature rows with open time in [start, end). */
    public FeatureFrame compute(FeatureSpec spec, Instant start, Instant end) throws IOException {
        return computeWithGaps(spec, start, end).frame();
    }

    /** A frame and the runs of 1m minutes missing from the source in its range [start, end) (not in the warm-up). */
    public record Covered(FeatureFrame frame, List<MinuteGaps.Gap> gaps) {
        public Covered {
            gaps = List.copyOf(gaps);
        }
    }

    /** {@link #compute} plus the minutes missing in [start, end): a run's data coverage without a second read. */
    public Covered computeWithGaps(FeatureSpec spec, Instant start, Instant end) throws IOException {
        return computeWithHistory(spec, start, end, historyStart(spec, start));
    }

    /**
     * As {@link #computeWithGaps} with the indicators' history read from {@code historyFrom} instead of
     * {@link #historyStart}: more history, or less (the warm-up sensitivity of {@code backtest check-bias}).
     */
    public Covered computeWithHistory(FeatureSpec spec, Instant start, Instant end, Instant historyFrom)
            throws IOException {
        Instant readFrom = historyFrom.isAfter(start) ? start : historyFrom;
        BarsWithGaps fetched = source.fetchWithGaps(spec.interval(), readFrom, end);
        Bars bars = fetched.bars();
        Map<String, double[]> columns = IndicatorEngine.compute(bars, spec.indicators());
        FeatureFrame all = new FeatureFrame(spec, bars, columns);
        int from = bars.indexAtOrAfter(start.toEpochMilli());
        return new Covered(all.slice(from, bars.size()), MinuteGaps.clip(fetched.gaps(),
                MinuteGaps.ceilMinute(start.toEpochMilli()), MinuteGaps.ceilMinute(end.toEpochMilli())));
    }

    /** Receives the consecutive row chunks of a {@link #stream} request. */
    @FunctionalInterface
    public interface FrameSink {
        /** The next rows of the frame, and the runs of 1m minutes missing among this chunk's minutes in the range. */
        void accept(FeatureFrame rows, List<MinuteGaps.Gap> gaps) throws IOException;
    }

    /**
     * {@link #computeWithGaps} handed out in consecutive chunks of rows (the source's chunks,
     * {@link DataSource#streamWithGaps}: a month of 1m bars from the store), the indicators carried from one chunk to
     * the next ({@link IndicatorEngine.Streamed}). Put end to end, the chunks' rows are the frame
     * {@code computeWithGaps(spec, start, end)} returns, bit for bit, and their gaps its gaps; the heap holds a chunk,
     * not the range: what a caller writing the whole history to a file uses.
     */
    public void stream(FeatureSpec spec, Instant start, Instant end, FrameSink sink) throws IOException {
        Instant historyFrom = historyStart(spec, start);
        Instant readFrom = historyFrom.isAfter(start) ? start : historyFrom;
        IndicatorEngine.Streamed indicators = new IndicatorEngine.Streamed(spec.indicators());
        long startMs = start.toEpochMilli();
        long gapsFrom = MinuteGaps.ceilMinute(startMs);
        long gapsTo = MinuteGaps.ceilMinute(end.toEpochMilli());
        source.streamWithGaps(spec.interval(), readFrom, end, chunk -> {
            Bars bars = chunk.bars();
            FeatureFrame rows = new FeatureFrame(spec, bars, indicators.next(bars, 0, bars.size()));
            sink.accept(rows.slice(bars.indexAtOrAfter(startMs), bars.size()),
                    MinuteGaps.clip(chunk.gaps(), gapsFrom, gapsTo));
        });
    }

    /**
     * Where {@link #compute} starts reading for a range starting at {@code start}: the indicators' warm-up plus the
     * margin, in bars of the spec's interval, before start's bucket.
     */
    public static Instant historyStart(FeatureSpec spec, Instant start) {
        Interval interval = spec.interval();
        long warmBars = (long) Math.ceil(spec.indicators().warmupBars() * HISTORY_MARGIN) + 1;
        return Instant.ofEpochMilli(interval.bucketStart(start.toEpochMilli()) - warmBars * interval.millis());
    }

    /** The last {@code n} feature rows with open time before {@code asOf} (the LLM's input window). */
    public FeatureFrame latestWindow(FeatureSpec spec, Instant asOf, int n) throws IOException {
        Instant start = Instant.ofEpochMilli(spec.interval().bucketStart(asOf.toEpochMilli())
                - (long) (n * HISTORY_MARGIN + 1) * spec.interval().millis());
        FeatureFrame frame = compute(spec, start, asOf);
        return frame.slice(Math.max(0, frame.size() - n), frame.size());
    }
}
