package ingest;

/**
 * Strict ISO-8601 UTC times straight from bytes, as our exports print them: {@code YYYY-MM-DDTHH:MM:SSZ} or
 * {@code YYYY-MM-DDTHH:MM:SS.sssZ} (exactly three fraction digits). No offsets other than {@code Z}, no blanks, no
 * leap seconds; the date must exist.
 */
final class IsoTimes {
    /** Returned by {@link #parse} for anything else. */
    static final long INVALID = Long.MIN_VALUE;

    private IsoTimes() {
    }

    /** Epoch milliseconds of the time in {@code b[from, to)}, or {@link #INVALID}. */
    static long parse(byte[] b, int from, int to) {
        int n = to - from;
        if ((n != 20 && n != 24) || b[from + 4] != '-' || b[from + 7] != '-' || b[from + 10] != 'T'
                || b[from + 13] != ':' || b[from + 16] != ':' || b[to - 1] != 'Z' || (n == 24 && b[from + 19] != '.')) {
            return INVALID;
        }
        int year = digits(b, from, 4);
        int month = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2);
        int minute = digits(b, from + 14, 2);
        int second = digits(b, from + 17, 2);
        int millis = n == 24 ? digits(b, from + 20, 3) : 0;
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || millis < 0 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return INVALID;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return epochDay * 86_400_000L + hour * 3_600_000L + minute * 60_000L + second * 1_000L + millis;
    }

    /** {@code count} ASCII digits as a number, or -1. */
    private static int digits(byte[] b, int at, int count) {
        int v = 0;
        for (int i = at; i < at + count; i++) {
            int c = b[i] - '0';
            if (c < 0 || c > 9) {
                return -1;
            }
            v = v * 10 + c;
        }
        return v;
    }
}
