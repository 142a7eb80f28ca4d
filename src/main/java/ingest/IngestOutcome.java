package ingest;

import java.util.List;
import storage.MonthRebuild;
import storage.Offsets;

/**
 * How one input file ended: {@code INGESTED} (rows merged), {@code ALREADY_INGESTED} (the same bytes were
 * ingested before; nothing changed) or {@code REJECTED} (see {@link #rejection()}; nothing stored changed).
 * {@code rebuild} is not null when the month's file was missing or did not match offsets.json and the month was
 * rebuilt from this file.
 */
public record IngestOutcome(Status status, String file, String sha256, String month, String timeUnit, long rowsRead,
                            long added, long duplicates, long replaced, long monthRows, Rejection rejection,
                            MonthRebuild rebuild) {
    public enum Status { INGESTED, ALREADY_INGESTED, REJECTED }

    public IngestOutcome(Status status, String file, String sha256, String month, String timeUnit, long rowsRead,
                         long added, long duplicates, long replaced, long monthRows, Rejection rejection) {
        this(status, file, sha256, month, timeUnit, rowsRead, added, duplicates, replaced, monthRows, rejection, null);
    }

    public static IngestOutcome rejected(Rejection r) {
        return new IngestOutcome(Status.REJECTED, r.file(), r.sha256(), null, null, 0, 0, 0, 0, 0, r);
    }

    public boolean ok() {
        return status != Status.REJECTED;
    }

    /** Names of the month's other recorded input files that the rebuild left out (empty without a rebuild). */
    public List<String> sourcesNeeded() {
        return rebuild == null ? List.of() : rebuild.dropped().stream().map(Offsets.FileEntry::name).toList();
    }

    /** One line for logs and the CLI. */
    public String summary() {
        return switch (status) {
            case INGESTED -> String.format("INGESTED %s: month %s, rows read %d, added %d, duplicates %d, replaced %d,"
                    + " month rows %d (times in %s)", file, month, rowsRead, added, duplicates, replaced, monthRows, timeUnit)
                    + rebuildNote();
            case ALREADY_INGESTED -> String.format("ALREADY_INGESTED %s: identical file (sha256 %s) was ingested before"
                    + " into month %s; nothing changed", file, sha256, month);
            case REJECTED -> "REJECTED " + rejection.describe();
        };
    }

    private String rebuildNote() {
        if (rebuild == null) {
            return "";
        }
        String note = "; REBUILT month " + month + " from this file: " + rebuild.reason()
                + (rebuild.keptAs() == null ? "" : " (that file is kept as " + rebuild.keptAs() + ")");
        return note + (rebuild.dropped().isEmpty() ? ""
                : "; its other recorded sources are needed to complete it: " + String.join(", ", sourcesNeeded())
                + " - ingest them too, or run `verify --repair` (Binance Vision, raw CSV copies)");
    }
}
