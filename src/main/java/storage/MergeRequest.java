package storage;

import java.time.YearMonth;

/**
 * Rows of one input file to merge into one month. {@code periodStartMs..periodEndMs} is the period the file
 * covers (a day or the month); with {@code replace}, stored rows in that period are replaced by the file's.
 */
public record MergeRequest(String fileName, String sha256, String source, YearMonth month, long periodStartMs,
                           long periodEndMs, KlineColumns rows, boolean replace) {
}
