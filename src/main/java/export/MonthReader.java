package export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import storage.Hashes;
import storage.KlineColumns;
import storage.KlineParquet;
import storage.KlineStore;
import storage.Offsets;

/**
 * Reads a stored month so that what is exported is exactly the month file offsets.json records: a concurrent ingest
 * replaces a month file by rename and then rewrites offsets.json, so the file's SHA-256 is checked against the recorded
 * one before and after the read (the read holds the file it opened: a rename during the read changes the hash after,
 * never the rows read). A mismatch is retried a few times with a short wait; one that persists refuses the export
 * (the month is being rewritten all along, or is damaged: {@code verify --repair}).
 */
final class MonthReader {
    /** A month as read, with the SHA-256 of the month file it came from. */
    record StoredMonth(YearMonth month, KlineColumns rows, String sha256) {
    }

    private final KlineStore store;
    private final int attempts;
    private final long waitMs;

    MonthReader(KlineStore store, int attempts, long waitMs) {
        this.store = store;
        this.attempts = attempts;
        this.waitMs = waitMs;
    }

    /** The month's rows, or null when offsets.json records no rows for it. */
    StoredMonth read(YearMonth month) throws IOException {
        String reason = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Offsets.MonthEntry entry = store.offsets().months().get(month.toString());
            if (entry == null || entry.rows() == 0) {
                return null;
            }
            Path file = store.monthFile(month);
            String before = Files.exists(file) ? Hashes.sha256(file) : "missing";
            if (before.equals(entry.parquetSha256())) {
                KlineColumns rows = KlineParquet.read(file);
                String after = Files.exists(file) ? Hashes.sha256(file) : "missing";
                Offsets.MonthEntry now = store.offsets().months().get(month.toString());
                if (after.equals(before) && now != null && before.equals(now.parquetSha256())) {
                    return new StoredMonth(month, rows, before);
                }
                reason = "month file " + file.getFileName() + " changed while it was read";
            } else {
                reason = "month file " + file.getFileName() + " does not match offsets.json (sha256 " + before
                        + ", recorded " + entry.parquetSha256() + ")";
            }
            pause();
        }
        throw new ExportRefused(ExportRefused.INCONSISTENT, "cannot export " + month + ": " + reason + " after "
                + attempts + " attempts (an ingest rewriting it? try again; if it persists, run verify --repair)");
    }

    private void pause() {
        try {
            Thread.sleep(waitMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExportRefused(ExportRefused.INCONSISTENT, "interrupted while waiting for a month being rewritten");
        }
    }
}
