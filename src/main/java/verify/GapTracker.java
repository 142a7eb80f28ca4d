package verify;

import static verify.MinuteRange.MINUTE_MS;

import java.util.function.Consumer;

/**
 * Finds missing minutes in a stream of present minutes handed over in ascending order, month after month, so a
 * hole that crosses month boundaries (or spans whole months) comes out as one range. {@code fromMs}/{@code toMs}
 * bound the expected minutes (inclusive); when a bound is null the first/last present minute is the bound.
 */
final class GapTracker {
    private static final long NONE = Long.MIN_VALUE;

    private final Long fromMs;
    private final Long toMs;
    private final Consumer<MinuteRange> sink;
    private long first = NONE;
    private long last = NONE;

    GapTracker(Long fromMs, Long toMs, Consumer<MinuteRange> sink) {
        this.fromMs = fromMs;
        this.toMs = toMs;
        this.sink = sink;
    }

    void present(long t) {
        if ((fromMs != null && t < fromMs) || (toMs != null && t > toMs) || t <= last) {
            return;
        }
        if (last == NONE) {
            first = t;
            if (fromMs != null && t > fromMs) {
                sink.accept(MinuteRange.of(fromMs, t - MINUTE_MS));
            }
        } else if (t - last > MINUTE_MS) {
            sink.accept(MinuteRange.of(last + MINUTE_MS, t - MINUTE_MS));
        }
        last = t;
    }

    /** Reports the hole after the last present minute (only when an end was given). */
    void finish() {
        if (toMs == null) {
            return;
        }
        if (last == NONE) {
            if (fromMs != null && fromMs <= toMs) {
                sink.accept(MinuteRange.of(fromMs, toMs));
            }
        } else if (last < toMs) {
            sink.accept(MinuteRange.of(last + MINUTE_MS, toMs));
        }
    }

    /** First minute of the checked range, or null when nothing was expected. */
    Long checkedFrom() {
        if (fromMs != null && toMs != null && fromMs > toMs) {
            return null;
        }
        if (fromMs != null) {
            return toMs == null && last == NONE ? null : fromMs;
        }
        return first == NONE ? null : first;
    }

    Long checkedTo() {
        if (fromMs != null && toMs != null && fromMs > toMs) {
            return null;
        }
        if (toMs != null) {
            return fromMs == null && last == NONE ? null : toMs;
        }
        return last == NONE ? null : last;
    }
}
