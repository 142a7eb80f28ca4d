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

/**
 * One page of {@code GET /sweeps}: the sweep jobs and the finished sweep folders (a job's view wins for its id; a
 * done job whose folder is gone is left out), newest first (submission time, else the time of the folder's
 * sweep.json; then id), filtered by status, cut after a cursor. Items carry no ranking rows.
 */
final class SweepListing {
    private SweepListing() {
    }

    /** A finished sweep folder and when it was finished (its sweep.json's time). */
    record FolderSweep(String id, Path folder, Instant finished) {
    }

    static SweepList page(Collection<Job> jobs, List<FolderSweep> folders, String status, int limit, String cursorText) {
        Cursor after = cursorText == null ? null : Cursor.parse(cursorText);
        Map<String, Entry> all = new HashMap<>();
        for (FolderSweep f : folders) {
            all.put(f.id(), new Entry(f.id(), f.finished(), null, f.folder()));
        }
        for (Job j : jobs) {
            Job.Snapshot s = j.snapshot();
            String folder = s.record().runFolder();
            boolean lost = s.status() == JobStatus.DONE && !SweepViews.finished(folder == null ? null : Path.of(folder));
            if (!lost) {
                all.put(j.id(), new Entry(j.id(), s.record().submittedAt(), s, null));
            }
        }
        List<Entry> sorted = all.values().stream()
                .filter(e -> status == null || e.status().code().equals(status))
                .sorted(Comparator.comparing(Entry::time).reversed().thenComparing(Entry::id))
                .filter(e -> after == null || after.before(e))
                .toList();
        List<SweepView> items = new ArrayList<>();
        for (Entry e : sorted.subList(0, Math.min(limit, sorted.size()))) {
            SweepView v = e.job != null ? SweepViews.of(e.job, 0) : SweepViews.ofFolder(e.id, e.folder, 0);
            if (v != null) {
                items.add(v);
            }
        }
        String next = null;
        Map<String, String> links = new LinkedHashMap<>();
        if (sorted.size() > limit) {
            Entry last = sorted.get(limit - 1);
            next = new Cursor(last.time(), last.id()).encode();
            links.put("next", "/sweeps?limit=" + limit + (status == null ? "" : "&status=" + status) + "&cursor=" + next);
        }
        return new SweepList(items, next, links);
    }

    /** A sweep in the list: a job (snapshot) or a finished folder made outside the queue. */
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

    /** Where a page ended: the last sweep's time and id. Opaque to clients (base64url). */
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
                if (colon < 1 || !SweepApi.ID.matcher(id).matches()) {
                    throw new IllegalArgumentException();
                }
                return new Cursor(Instant.ofEpochMilli(Long.parseLong(s.substring(0, colon))), id);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw QueryParams.invalid("cursor", "not a cursor this API gave out (use next_cursor of the previous page)");
            }
        }

        boolean before(Entry e) {
            int byTime = e.time().compareTo(time);
            return byTime < 0 || byTime == 0 && e.id().compareTo(id) > 0;
        }
    }
}
