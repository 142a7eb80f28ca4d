package storage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Missing minutes of a sorted 1m series inside [from, to), as half-open ranges of epoch ms. */
public final class MinuteGaps {
    private static final long MINUTE = 60_000L;

    private MinuteGaps() {
    }

    /** A run of missing minutes: [startMs, endMs). */
    public record Gap(long startMs, long endMs) {
        public long minutes() {
            return (endMs - startMs) / MINUTE;
        }

        /** {@code 2024-06-10T12:00:00Z..2024-06-10T12:29:00Z (30 min)}: first and last missing minute. */
        @Override
        public String toString() {
            return Instant.ofEpochMilli(startMs) + ".." + Instant.ofEpochMilli(endMs - MINUTE) + " (" + minutes() + " min)";
        }
    }

    /** Gaps of {@code rows} (sorted by open_time) within [fromMs, toMs); rows outside the window are ignored. */
    public static List<Gap> find(KlineColumns rows, long fromMs, long toMs) {
        List<Gap> gaps = new ArrayList<>();
        long expected = fromMs;
        for (int i = 0; i < rows.size(); i++) {
            long t = rows.openTime[i];
            if (t < expected) {
                continue;
            }
            if (t >= toMs) {
                break;
            }
            if (t > expected) {
                gaps.add(new Gap(expected, t));
            }
            expected = t + MINUTE;
        }
        if (expected < toMs) {
            gaps.add(new Gap(expected, toMs));
        }
        return gaps;
    }
}
