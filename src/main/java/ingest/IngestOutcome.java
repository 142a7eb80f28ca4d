package ingest;

/**
 * How one input file ended: {@code INGESTED} (rows merged), {@code ALREADY_INGESTED} (the same bytes were
 * ingested before; nothing changed) or {@code REJECTED} (see {@link #rejection()}; nothing stored changed).
 */
public record IngestOutcome(Status status, String file, String sha256, String month, String timeUnit, long rowsRead,
                            long added, long duplicates, long replaced, long monthRows, Rejection rejection) {
    public enum Status { INGESTED, ALREADY_INGESTED, REJECTED }

    public static IngestOutcome rejected(Rejection r) {
        return new IngestOutcome(Status.REJECTED, r.file(), r.sha256(), null, null, 0, 0, 0, 0, 0, r);
    }

    public boolean ok() {
        return status != Status.REJECTED;
    }

    /** One line for logs and the CLI. */
    public String summary() {
        return switch (status) {
            case INGESTED -> String.format("INGESTED %s: month %s, rows read %d, added %d, duplicates %d, replaced %d,"
                    + " month rows %d (times in %s)", file, month, rowsRead, added, duplicates, replaced, monthRows, timeUnit);
            case ALREADY_INGESTED -> String.format("ALREADY_INGESTED %s: identical file (sha256 %s) was ingested before"
                    + " into month %s; nothing changed", file, sha256, month);
            case REJECTED -> "REJECTED " + rejection.describe();
        };
    }
}
