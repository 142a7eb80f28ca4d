package verify;

import static verify.MinuteRange.MINUTE_MS;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import storage.Offsets;

/** Does offsets.json's entry for a month agree with the month file (listed, SHA-256, rows, covered range)? */
final class OffsetsChecks {
    private OffsetsChecks() {
    }

    /** {@code scan} is null when the file could not be read; only its hash is compared then. */
    static void check(YearMonth m, String fileName, Offsets.MonthEntry entry, String sha, MonthScan scan,
                      List<Problem> out) {
        if (entry == null) {
            out.add(Problem.of(ProblemKind.FILE_NOT_IN_OFFSETS, m, fileName + " is not listed in offsets.json"));
            return;
        }
        if (!sha.equals(entry.parquetSha256())) {
            out.add(Problem.of(ProblemKind.OFFSETS_HASH, m, "offsets.json has sha256 " + entry.parquetSha256()
                    + " for " + fileName + ", the file's is " + sha));
        }
        if (scan == null) {
            return;
        }
        if (entry.rows() != scan.rows()) {
            out.add(Problem.of(ProblemKind.OFFSETS_ROWS, m, "offsets.json says " + entry.rows() + " rows for "
                    + fileName + ", the file has " + scan.rows()));
        }
        Instant first = scan.firstMs() < 0 ? null : Instant.ofEpochMilli(scan.firstMs());
        Instant last = scan.lastMs() < 0 ? null : Instant.ofEpochMilli(scan.lastMs());
        long missing = first == null ? 0 : (scan.lastMs() - scan.firstMs()) / MINUTE_MS + 1 - scan.rows();
        if (!Objects.equals(first, entry.firstOpenTime()) || !Objects.equals(last, entry.lastOpenTime())
                || missing != entry.missingMinutes()) {
            out.add(Problem.of(ProblemKind.OFFSETS_RANGE, m, "offsets.json says " + entry.firstOpenTime() + " .. "
                    + entry.lastOpenTime() + " with " + entry.missingMinutes() + " missing minutes for " + fileName
                    + ", the file has " + first + " .. " + last + " with " + missing));
        }
    }
}
