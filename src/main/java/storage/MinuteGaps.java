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

    /** The parts of {@code gaps} inside [fromMs, toMs), in order. */
    public static List<Gap> clip(List<Gap> gaps, long fromMs, long toMs) {
        List<Gap> out = new ArrayList<>();
        for (Gap g : gaps) {
            long s = Math.max(g.startMs(), fromMs);
            long e = Math.min(g.endMs(), toMs);
            if (s < e) {
                out.add(new Gap(s, e));
            }
        }
        return out;
    }

    /** {@code ms} rounded up to a whole minute. */
    public static long ceilMinute(long ms) {
        return Math.floorDiv(ms + MINUTE - 1, MINUTE) * MINUTE;
    }
}
