package backfill;

/** What happened to one archive during a backfill run. */
public record FileResult(String file, Status status, long bytes, String detail) {
    public enum Status {
        /** downloaded, verified and ingested */
        INGESTED,
        /** already ingested with Binance's current checksum: no ZIP request */
        UP_TO_DATE,
        /** not published yet (404): a month falls back to days; a day is reported */
        NOT_PUBLISHED,
        /** refused: checksum mismatch twice, missing CHECKSUM, or the ingest route refused it */
        REFUSED,
        /** HTTP failed for good after retries */
        FAILED
    }

    public boolean problem() {
        return status == Status.REFUSED || status == Status.FAILED;
    }

    public String line() {
        return String.format("%-13s %s%s", status, file, detail == null || detail.isEmpty() ? "" : " - " + detail);
    }
}
