package verify;

import java.time.Instant;
import java.time.YearMonth;

/**
 * One checked month: its file (null when there is none), rows in the file, first and last valid open time, and
 * the minutes missing inside the checked range.
 */
public record MonthSummary(YearMonth month, String file, long rows, Instant firstOpenTime, Instant lastOpenTime,
                           long missingMinutes) {
}
