package backfill;

import java.time.LocalDate;
import java.util.List;

/** Summary of a backfill run: every archive's fate, days not published yet, and REST gap fill. */
public record BackfillReport(List<FileResult> files, List<LocalDate> daysNotPublished, long restRowsAdded,
                             List<String> restGapsLeft, long bytes, long millis) {

    public long count(FileResult.Status status) {
        return files.stream().filter(f -> f.status() == status).count();
    }

    public boolean ok() {
        return files.stream().noneMatch(FileResult::problem);
    }

    public String summary() {
        return String.format("backfill: %d downloaded, %d up to date, %d refused, %d failed, %d day(s) not published yet"
                        + "%s; %.1f MB in %.1f s%s",
                count(FileResult.Status.INGESTED), count(FileResult.Status.UP_TO_DATE), count(FileResult.Status.REFUSED),
                count(FileResult.Status.FAILED), daysNotPublished.size(),
                daysNotPublished.isEmpty() ? "" : " " + daysNotPublished,
                bytes / 1e6, millis / 1e3,
                restRowsAdded > 0 || !restGapsLeft.isEmpty()
                        ? "; REST gap fill added " + restRowsAdded + " row(s)"
                          + (restGapsLeft.isEmpty() ? "" : ", still missing " + restGapsLeft) : "");
    }
}
