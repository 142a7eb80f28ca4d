package api;

import backfill.BackfillReport;
import backfill.BackfillRuns;
import backfill.FileResult;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /backfill}: {@code status} idle or running; {@code current} the run going on (with {@code progress});
 * {@code last} the last finished run with its summary; absent members are left out.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BackfillStatusView(String status, BackfillRunView current, BackfillRunView last, Map<String, String> links) {
    /** Archives listed in {@code last.files} at most (those not up to date). */
    static final int FILES_LISTED = 100;

    /** One run: who started it, its months, when; progress while running; the counts and error once finished. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BackfillRunView(String source, String from, String to, Instant startedAt, BackfillProgressView progress, Instant finishedAt,
                      Boolean ok, Long downloaded, Long upToDate, Long notPublished, Long refused, Long failed,
                      Long bytes, Long rowsAdded, Long restRowsAdded, Long durationMs, String summary, String stopped,
                      List<BackfillFileView> files, String error) {
    }

    /** Archives done of those planned, the one looked at now, bytes downloaded so far. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BackfillProgressView(String file, int done, int planned, long bytes) {
    }

    /** One archive's fate: ingested, not_published, refused or failed (up-to-date ones are not listed). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BackfillFileView(String file, String status, long bytes, String detail) {
    }

    static BackfillStatusView of(BackfillRuns.Status s) {
        BackfillRunView current = null;
        if (s.running() != null) {
            BackfillRuns.Ticket t = s.running();
            BackfillRuns.Progress p = t.progress();
            current = new BackfillRunView(source(t), t.from().toString(), t.to().toString(), t.startedAt(),
                    new BackfillProgressView(p.file(), p.done(), p.planned(), p.bytes()), null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null);
        }
        BackfillRunView last = null;
        if (s.last() != null) {
            BackfillRuns.Finished f = s.last();
            BackfillRuns.Ticket t = f.run();
            BackfillReport r = f.report();
            last = r == null
                    ? new BackfillRunView(source(t), t.from().toString(), t.to().toString(), t.startedAt(), null, f.finishedAt(),
                            false, null, null, null, null, null, null, null, null, null, null, null, null, f.error())
                    : new BackfillRunView(source(t), t.from().toString(), t.to().toString(), t.startedAt(), null, f.finishedAt(),
                            r.ok(), r.count(FileResult.Status.INGESTED), r.count(FileResult.Status.UP_TO_DATE),
                            r.count(FileResult.Status.NOT_PUBLISHED), r.count(FileResult.Status.REFUSED),
                            r.count(FileResult.Status.FAILED), r.bytes(), f.rowsAdded(), r.restRowsAdded(), r.millis(),
                            r.summary(), r.stop() == null ? null : r.stop().reason(), files(r), f.error());
        }
        return new BackfillStatusView(s.running() == null ? "idle" : "running", current, last,
                Map.of("self", BackfillApi.LOCATION));
    }

    private static List<BackfillFileView> files(BackfillReport r) {
        return r.files().stream().filter(x -> x.status() != FileResult.Status.UP_TO_DATE).limit(FILES_LISTED)
                .map(x -> new BackfillFileView(x.file(), x.status().name().toLowerCase(Locale.ROOT), x.bytes(), x.detail()))
                .toList();
    }

    private static String source(BackfillRuns.Ticket t) {
        return t.source().name().toLowerCase(Locale.ROOT);
    }
}
