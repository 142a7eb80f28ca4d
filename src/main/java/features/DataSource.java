package features;

import java.io.IOException;
import java.time.Instant;

/**
 * Where bars come from: the Parquet store today ({@link ParquetDataSource}), a live exchange feed later. Every bar is
 * built from 1m data with the source's {@link GapPolicy} and incomplete-bucket policy, so the same request gives the
 * same bars whatever the source.
 */
public interface DataSource {

    /**
     * OHLCV bars of {@code interval} built from the 1m minutes with open time in [start, end), aligned to UTC buckets
     * ({@link Interval#bucketStart}). A bucket that straddles start or end, or misses minutes, is
     * {@link Bars#INCOMPLETE} (its open time may precede start, e.g. the week that began the Monday before start)
     * and is returned, flagged, only when the source keeps incomplete buckets. Buckets holding forward-filled minutes
     * are flagged {@link Bars#FILLED}.
     */
    default Bars fetchOhlcv(Interval interval, Instant start, Instant end) throws IOException {
        return fetchWithGaps(interval, start, end).bars();
    }

    /**
     * As {@link #fetchOhlcv}, plus every run of 1m minutes in [start, end) the source does not hold, whatever the gap
     * policy did with them: what a run reports as its data coverage.
     */
    BarsWithGaps fetchWithGaps(Interval interval, Instant start, Instant end) throws IOException;

    /** Receives the consecutive chunks of a {@link #streamWithGaps} request. */
    @FunctionalInterface
    interface ChunkSink {
        void accept(BarsWithGaps chunk) throws IOException;
    }

    /**
     * {@link #fetchWithGaps}'s bars and gaps handed out in consecutive chunks, in time order: put end to end, the
     * chunks' bars are the bars {@code fetchWithGaps(interval, start, end)} returns (same values and flags) and their
     * gaps its gaps. A source that can read a long range piecewise hands out bounded chunks (so a caller that writes
     * each chunk as it comes never holds the whole range); this default hands out the one fetch.
     */
    default void streamWithGaps(Interval interval, Instant start, Instant end, ChunkSink sink) throws IOException {
        sink.accept(fetchWithGaps(interval, start, end));
    }

    /**
     * Long-horizon context before {@code asOf}: the last 7 complete UTC days as 1d bars and a rolling summary of the
     * last 7 × 1440 closed 1m bars (see {@link SevenDayView}).
     */
    SevenDayView sevenDayView(Instant asOf) throws IOException;

    /**
     * {@code sevenDayView(asOf).toText()}: what an LLM prompt holds. A source may build the text faster than the view
     * (the same characters).
     */
    default String sevenDayText(Instant asOf) throws IOException {
        return sevenDayView(asOf).toText();
    }

    /**
     * The last {@code n} feature rows (bars of the spec's interval plus its indicators) with open time before
     * {@code asOf}: the window an LLM or a strategy sees. Indicators are warm from the first row when the source
     * holds enough history.
     */
    default FeatureFrame latestWindow(FeatureSpec spec, Instant asOf, int n) throws IOException {
        return new FeatureEngine(this).latestWindow(spec, asOf, n);
    }
}
