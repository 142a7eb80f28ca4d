package verify;

import java.time.Instant;

/** Whole minutes {@code start..end}, both inclusive (open times, UTC), and how many minutes that is. */
public record MinuteRange(Instant start, Instant end, long minutes) {
    static final long MINUTE_MS = 60_000L;

    static MinuteRange of(long startMs, long endMs) {
        return new MinuteRange(Instant.ofEpochMilli(startMs), Instant.ofEpochMilli(endMs),
                (endMs - startMs) / MINUTE_MS + 1);
    }

    @Override
    public String toString() {
        return start + " .. " + end + " (" + minutes + (minutes == 1 ? " minute)" : " minutes)");
    }
}
