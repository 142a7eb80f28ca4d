package backfill;

import java.time.LocalDate;
import java.util.List;

/**
 * Summary of a backfill run: every archive's fate, days not published yet, REST gap fill, and - when the run ended
 * before its last archive - why ({@link #stop()}, null otherwise).
 */
public record BackfillReport(List<FileResult> files, List<LocalDate> daysNotPublished, long restRowsAdded,
                             List<String> restGapsLeft, long bytes, long millis, Stop stop) {

    /**
     * Why a run ended early: the host could not be reached ({@code shutdown} false), or the process is stopping.
     *
     * @param reason   e.g. {@code cannot reach data.binance.vision (UnknownHostException: data.binance.vision)}
     * @param notTried archives of the run not tried (a month not planned yet counts as its monthly archive)
     */
    public record Stop(boolean shutdown, String reason, int notTried) {
    }

    public long count(FileResult.Status status) {
        return files.stream().filter(f -> f.status() == status).count();
    }

    /** Nothing refused or failed, and the run went to its end. */
    public boolean ok() {
        return stop == null && files.stream().noneMatch(FileResult::problem);
    }

    public String summary() {
        return String.format("backfill: %d downloaded, %d up to date, %d refused, %d failed%s, %d day(s) not published yet"
                        + "%s; %.1f MB in %.1f s%s",
                count(FileResult.Status.INGESTED), count(FileResult.Status.UP_TO_DATE), count(FileResult.Status.REFUSED),
                count(FileResult.Status.FAILED),
                stop == null ? "" : ", " + stop.notTried() + " not tried (" + (stop.shutdown() ? "stopping"
                        : "host unreachable") + ")",
                daysNotPublished.size(),
                daysNotPublished.isEmpty() ? "" : " " + daysNotPublished,
                bytes / 1e6, millis / 1e3,
                restRowsAdded > 0 || !restGapsLeft.isEmpty()
                        ? "; REST gap fill added " + restRowsAdded + " row(s)"
                          + (restGapsLeft.isEmpty() ? "" : ", still missing " + restGapsLeft) : "");
    }
}
