package features;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/**
 * Bar intervals, all derived from 1m and aligned to UTC bucket boundaries as Binance aligns them: a bucket of an
 * interval up to 1d starts at a multiple of its length since the epoch (UTC midnight for 1d); a week starts on
 * Monday 00:00 UTC.
 */
public enum Interval {
    M1("1m", 1), M3("3m", 3), M5("5m", 5), M15("15m", 15), M30("30m", 30), H1("1h", 60), H2("2h", 120), H4("4h", 240),
    H6("6h", 360), H8("8h", 480), H12("12h", 720), D1("1d", 1440), W1("1w", 10080);

    private static final long MINUTE = 60_000L;
    private final String code;
    private final int minutes;

    Interval(String code, int minutes) {
        this.code = code;
        this.minutes = minutes;
    }

    public String code() {
        return code;
    }

    public int minutes() {
        return minutes;
    }

    public long millis() {
        return minutes * MINUTE;
    }

    public Duration duration() {
        return Duration.ofMinutes(minutes);
    }

    /** Start (epoch ms) of the bucket holding {@code epochMs}. */
    public long bucketStart(long epochMs) {
        if (this == W1) {
            LocalDate day = Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC).toLocalDate()
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }
        return Math.floorDiv(epochMs, millis()) * millis();
    }

    public static Interval parse(String code) {
        for (Interval i : values()) {
            if (i.code.equals(code)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown interval '" + code + "' (one of 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 1w)");
    }

    @Override
    public String toString() {
        return code;
    }
}
