package api;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import runs.RunIndex;

/**
 * One page of {@code GET /backtests}: the service's jobs and the finished run folders (a job's view wins for its id;
 * a done job whose folder is gone is left out), newest first (job submission time, else the folder's metrics.json
 * time; then id), filtered, cut after a cursor.
 */
final class RunListing {
    private RunListing() {
    }

    static RunList page(Collection<Job> jobs, List<RunIndex.FolderRun> folders, String strategy, String status,
                        int limit, String cursorText) {
        Cursor after = cursorText == null ? null : Cursor.parse(cursorText);
        Map<String, Entry> all = new HashMap<>();
        for (RunIndex.FolderRun r : folders) {
            all.put(r.id(), new Entry(r.id(), r.finished(), null, r.folder()));
        }
        for (Job j : jobs) {
            Job.Snapshot s = j.snapshot();
            String folder = s.record().runFolder();
            boolean lostFolder = s.status() == JobStatus.DONE && !RunIndex.finished(folder == null ? null : Path.of(folder));
            if (!lostFolder) {
                all.put(j.id(), new Entry(j.id(), s.record().submittedAt(), s, null));
            }
        }
        List<Entry> sorted = all.values().stream()
                .filter(e -> strategy == null || RunIds.strategy(e.id).equals(strategy))
                .filter(e -> status == null || e.status().code().equals(status))
                .sorted(Comparator.comparing(Entry::time).reversed().thenComparing(Entry::id))
                .filter(e -> after == null || after.before(e))
                .toList();
        List<RunView> items = new ArrayList<>();
        for (Entry e : sorted.subList(0, Math.min(limit, sorted.size()))) {
            items.add(e.job != null ? RunViews.of(e.job, false) : RunViews.ofFolder(e.id, e.folder, false));
        }
        String next = null;
        Map<String, String> links = new LinkedHashMap<>();
        if (sorted.size() > limit) {
            Entry last = sorted.get(limit - 1);
            next = new Cursor(last.time(), last.id()).encode();
            StringBuilder url = new StringBuilder("/backtests?limit=" + limit);
            if (strategy != null) {
                url.append("&strategy=").append(strategy);
            }
            if (status != null) {
                url.append("&status=").append(status);
            }
            links.put("next", url.append("&cursor=").append(next).toString());
        }
        return new RunList(items, next, links);
    }

    /** A run in the list: a job (snapshot) or a finished folder made outside the queue. */
    private record Entry(String id, Instant time, Job.Snapshot job, Path folder) {
        JobStatus status() {
            return job == null ? JobStatus.DONE : job.status();
        }

        /** To the millisecond, as the cursor holds it. */
        @Override
        public Instant time() {
            return time == null ? Instant.EPOCH : time.truncatedTo(ChronoUnit.MILLIS);
        }
    }

    /** Where a page ended: the last run's time and id (newest first, then id). Opaque to clients (base64url). */
    private record Cursor(Instant time, String id) {
        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((time.toEpochMilli() + ":" + id)
                    .getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String text) {
            try {
                String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int colon = s.indexOf(':');
                String id = s.substring(colon + 1);
                if (colon < 1 || !RunIds.valid(id)) {
                    throw new IllegalArgumentException();
                }
                return new Cursor(Instant.ofEpochMilli(Long.parseLong(s.substring(0, colon))), id);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw QueryParams.invalid("cursor", "not a cursor this API gave out (use next_cursor of the previous page)");
            }
        }

        /** Whether {@code e} comes after this cursor in the list's order. */
        boolean before(Entry e) {
            int byTime = e.time().compareTo(time);
            return byTime < 0 || byTime == 0 && e.id().compareTo(id) > 0;
        }
    }
}
