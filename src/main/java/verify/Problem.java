package verify;

import java.time.YearMonth;
import java.util.List;

/**
 * One finding. {@code month} is null for store-wide problems (offsets.json itself); {@code count} is the number
 * of minutes or rows affected; {@code ranges} are the minutes concerned (for duplicates and bad rows: the first
 * ones, as examples).
 */
public record Problem(ProblemKind kind, YearMonth month, String message, long count, List<MinuteRange> ranges) {
    public Problem {
        ranges = List.copyOf(ranges == null ? List.of() : ranges);
    }

    static Problem of(ProblemKind kind, YearMonth month, String message) {
        return new Problem(kind, month, message, 1, List.of());
    }
}
