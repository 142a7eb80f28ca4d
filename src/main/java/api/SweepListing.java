package api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
        PageCursor after = cursorText == null ? null : PageCursor.parse(cursorText, id -> SweepApi.ID.matcher(id).matches());
        Map<String, ListEntry> all = new HashMap<>();
        for (FolderSweep f : folders) {
            all.put(f.id(), new ListEntry(f.id(), f.finished(), null, f.folder()));
        }
        for (Job j : jobs) {
            Job.Snapshot s = j.snapshot();
            String folder = s.record().runFolder();
            boolean lost = s.status() == JobStatus.DONE && !SweepViews.finished(folder == null ? null : Path.of(folder));
            if (!lost) {
                all.put(j.id(), new ListEntry(j.id(), s.record().submittedAt(), s, null));
            }
        }
        List<ListEntry> sorted = all.values().stream()
                .filter(e -> status == null || e.status().code().equals(status))
                .sorted(Comparator.comparing(ListEntry::time).reversed().thenComparing(ListEntry::id))
                .filter(e -> after == null || after.before(e))
                .toList();
        List<SweepView> items = new ArrayList<>();
        for (ListEntry e : sorted.subList(0, Math.min(limit, sorted.size()))) {
            SweepView v = e.job() != null ? SweepViews.of(e.job(), 0) : SweepViews.ofFolder(e.id(), e.folder(), 0);
            if (v != null) {
                items.add(v);
            }
        }
        String next = null;
        Map<String, String> links = new LinkedHashMap<>();
        if (sorted.size() > limit) {
            ListEntry last = sorted.get(limit - 1);
            next = PageCursor.after(last).encode();
            links.put("next", "/sweeps?limit=" + limit + (status == null ? "" : "&status=" + status) + "&cursor=" + next);
        }
        return new SweepList(items, next, links);
    }
}
