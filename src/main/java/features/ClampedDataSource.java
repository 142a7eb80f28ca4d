package features;

import java.io.IOException;
import java.time.Instant;

/**
 * A {@link DataSource} that never reads before the bucket holding the first stored minute: nothing is stored there, and
 * forward fill only fills between real minutes, so the bars are the same as the unclamped source's - but a request
 * (or its indicators' warm-up, 484 weeks for 1w) reaching years before the store begins does not size a 1m buffer for
 * those empty years. Used by the API, where any caller may ask for any range.
 */
public final class ClampedDataSource implements DataSource {
    private final DataSource source;
    private final Instant firstStoredMinute;

    /** @param firstStoredMinute open time of the first stored 1m bar (null: the store is empty, nothing is clamped) */
    public ClampedDataSource(DataSource source, Instant firstStoredMinute) {
        this.source = source;
        this.firstStoredMinute = firstStoredMinute;
    }

    @Override
    public BarsWithGaps fetchWithGaps(Interval interval, Instant start, Instant end) throws IOException {
        return source.fetchWithGaps(interval, clamp(interval, start), end);
    }

    @Override
    public void streamWithGaps(Interval interval, Instant start, Instant end, ChunkSink sink) throws IOException {
        source.streamWithGaps(interval, clamp(interval, start), end, sink);
    }

    @Override
    public SevenDayView sevenDayView(Instant asOf) throws IOException {
        return source.sevenDayView(asOf);
    }

    @Override
    public String sevenDayText(Instant asOf) throws IOException {
        return source.sevenDayText(asOf);
    }

    /** {@code start}, or the start of the bucket of the first stored minute when that is later. */
    public Instant clamp(Interval interval, Instant start) {
        if (firstStoredMinute == null) {
            return start;
        }
        Instant first = Instant.ofEpochMilli(interval.bucketStart(firstStoredMinute.toEpochMilli()));
        return start.isBefore(first) ? first : start;
    }
}
