package storage;

import java.nio.file.Path;

/**
 * What a merge did: rows read from the input, rows added, identical duplicates dropped (inside the file or
 * against stored rows), stored rows replaced (only with replace), and the month's row count afterwards.
 * {@code rebuild} is not null when the month's file was missing or did not match offsets.json, so the month was
 * rebuilt from this input alone.
 */
public record MergeResult(String month, long rowsRead, long added, long duplicates, long replaced, long monthRows,
                          Path monthFile, boolean monthFileWritten, MonthRebuild rebuild) {
}
