package report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Axis ticks a person reads without effort: 1-2-5 steps for values, calendar-aligned UTC steps for time. */
final class AxisTicks {
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long[] TIME_STEPS = {MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR,
        12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY};
    private static final int[] MONTH_STEPS = {1, 2, 3, 6, 12, 24, 60, 120};
    private static final DateTimeFormatter HOURS = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAYS = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT);
    private static final DateTimeFormatter MONTHS = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ROOT);

    private AxisTicks() {
    }

    /** Value ticks: {@code lo} and {@code hi} are the axis ends, widened to multiples of {@code step}. */
    record Numbers(double lo, double hi, double step, int decimals) {
        List<Double> values() {
            List<Double> out = new ArrayList<>();
            long first = Math.round(lo / step);
            long last = Math.round(hi / step);
            for (long k = first; k <= last; k++) {
                out.add(k * step);
            }
            return out;
        }
    }

    record TimeTick(long ts, String label) {
    }

    /** About {@code target} ticks covering [min, max]; a flat or empty range gets a small band around it. */
    static Numbers numbers(double min, double max, int target) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            min = 0;
            max = 1;
        }
        if (max - min < 1e-12 * Math.max(1, Math.abs(max))) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.01;
            min -= pad;
            max += pad;
        }
        double step = niceStep((max - min) / Math.max(1, target));
        double lo = Math.floor(min / step + 1e-9) * step;
        double hi = Math.ceil(max / step - 1e-9) * step;
        int decimals = (int) Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
        return new Numbers(lo, hi, step, decimals);
    }

    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / magnitude;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    /** At most about {@code target} UTC ticks within [from, to], on round hours, days, Mondays or month starts. */
    static List<TimeTick> time(long from, long to, int target) {
        long span = Math.max(1, to - from);
        for (long step : TIME_STEPS) {
            if (span / step <= target) {
                return fixedSteps(from, to, step);
            }
        }
        for (int months : MONTH_STEPS) {
            if (span / (30 * DAY * months) <= target) {
                return monthSteps(from, to, months);
            }
        }
        return monthSteps(from, to, 240);
    }

    private static List<TimeTick> fixedSteps(long from, long to, long step) {
        // weeks start on Monday: the epoch was a Thursday, so shift by four days
        long offset = step == 7 * DAY || step == 14 * DAY ? 4 * DAY : 0;
        long t = Math.floorDiv(from - offset + step - 1, step) * step + offset;
        DateTimeFormatter f = step < DAY ? HOURS : DAYS;
        List<TimeTick> out = new ArrayList<>();
        for (; t <= to; t += step) {
            out.add(new TimeTick(t, f.format(Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC))));
        }
        return out;
    }

    private static List<TimeTick> monthSteps(long from, long to, int months) {
        ZonedDateTime start = Instant.ofEpochMilli(from).atZone(ZoneOffset.UTC);
        int index = start.getYear() * 12 + start.getMonthValue() - 1;
        index = Math.floorDiv(index + months - 1, months) * months;
        if (LocalDate.of(Math.floorDiv(index, 12), index % 12 + 1, 1).atStartOfDay(ZoneOffset.UTC)
                .toInstant().toEpochMilli() < from) {
            index += months;
        }
        List<TimeTick> out = new ArrayList<>();
        while (true) {
            ZonedDateTime at = LocalDate.of(Math.floorDiv(index, 12), Math.floorMod(index, 12) + 1, 1)
                    .atStartOfDay(ZoneOffset.UTC);
            long t = at.toInstant().toEpochMilli();
            if (t > to) {
                return out;
            }
            out.add(new TimeTick(t, MONTHS.format(at)));
            index += months;
        }
    }
}
