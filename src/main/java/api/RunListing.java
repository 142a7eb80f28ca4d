package api;

import java.nio.file.Path;
import java.util.ArrayList;
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
        PageCursor after = cursorText == null ? null : PageCursor.parse(cursorText, RunIds::valid);
        Map<String, ListEntry> all = new HashMap<>();
        for (RunIndex.FolderRun r : folders) {
            all.put(r.id(), new ListEntry(r.id(), r.finished(), null, r.folder()));
        }
        for (Job j : jobs) {
            Job.Snapshot s = j.snapshot();
            String folder = s.record().runFolder();
            boolean lostFolder = s.status() == JobStatus.DONE && !RunIndex.finished(folder == null ? null : Path.of(folder));
            if (!lostFolder) {
                all.put(j.id(), new ListEntry(j.id(), s.record().submittedAt(), s, null));
            }
        }
        List<ListEntry> sorted = all.values().stream()
                .filter(e -> strategy == null || RunIds.strategy(e.id()).equals(strategy))
                .filter(e -> status == null || e.status().code().equals(status))
                .sorted(Comparator.comparing(ListEntry::time).reversed().thenComparing(ListEntry::id))
                .filter(e -> after == null || after.before(e))
                .toList();
        List<RunView> items = new ArrayList<>();
        for (ListEntry e : sorted.subList(0, Math.min(limit, sorted.size()))) {
            items.add(e.job() != null ? RunViews.of(e.job(), false) : RunViews.ofFolder(e.id(), e.folder(), false));
        }
        String next = null;
        Map<String, String> links = new LinkedHashMap<>();
        if (sorted.size() > limit) {
            ListEntry last = sorted.get(limit - 1);
            next = PageCursor.after(last).encode();
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
}
