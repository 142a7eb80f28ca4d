package storage;

import java.time.YearMonth;

/**
 * Rows of one input file to merge into one month. {@code periodStartMs..periodEndMs} is the period the file
 * covers (a day or the month); with {@code replace}, stored rows in that period are replaced by the file's.
 * {@code csvSha256} is the SHA-256 of the CSV text read (the archive's entry), or null when unknown.
 */
public record MergeRequest(String fileName, String sha256, String source, YearMonth month, long periodStartMs,
                           long periodEndMs, KlineColumns rows, boolean replace, String csvSha256) {

    public MergeRequest(String fileName, String sha256, String source, YearMonth month, long periodStartMs,
                        long periodEndMs, KlineColumns rows, boolean replace) {
        this(fileName, sha256, source, month, periodStartMs, periodEndMs, rows, replace, null);
    }
}
