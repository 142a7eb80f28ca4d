package api;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import runs.RunWindow;

/**
 * How a run is shown ({@link RunView}): from a job's snapshot, or from a finished run folder made outside the queue
 * (the CLI). {@code full}: all of metrics.json (one run); else its headline figures (a list).
 */
final class RunViews {
    private static final List<String> HEADLINE = List.of("total_return", "buy_hold_return", "max_drawdown_pct", "sharpe",
            "round_trips", "final_equity");

    private RunViews() {
    }

    static RunView of(Job.Snapshot s, boolean full) {
        JobRecord r = s.record();
        JobStatus status = s.status();
        Map<String, Object> metrics = null;
        if (status == JobStatus.DONE && r.runFolder() != null) {
            metrics = metrics(Path.of(r.runFolder()), full);
        }
        Long duration = r.startedAt() != null && r.finishedAt() != null
                ? Duration.between(r.startedAt(), r.finishedAt()).toMillis() : null;
        return new RunView(r.id(), RunIds.strategy(r.id()), RunWindow.of(r.config()), status.code(), s.progress(),
                s.cancelRequested() && status == JobStatus.RUNNING ? Boolean.TRUE : null, r.submittedAt(), r.startedAt(),
                r.finishedAt(), duration, r.restarts() > 0 ? r.restarts() : null, metrics, r.error(),
                links(r.id(), status == JobStatus.DONE));
    }

    static RunView ofFolder(String id, Path folder, boolean full) {
        Instant finished;
        try {
            finished = Files.getLastModifiedTime(folder.resolve("metrics.json")).toInstant();
        } catch (IOException e) {
            finished = null;
        }
        return new RunView(id, RunIds.strategy(id), RunWindow.ofFolder(folder), JobStatus.DONE.code(), null, null,
                null, null, finished, null, null,
                metrics(folder, full), null, links(id, true));
    }

    private static Map<String, Object> metrics(Path folder, boolean full) {
        try {
            Map<String, Object> all = ApiJson.MAPPER.readValue(Files.readAllBytes(folder.resolve("metrics.json")),
                    new TypeReference<LinkedHashMap<String, Object>>() { });
            if (full) {
                return all;
            }
            Map<String, Object> head = new LinkedHashMap<>();
            HEADLINE.forEach(k -> head.put(k, all.get(k)));
            return head;
        } catch (IOException e) {
            return null; // removed or being replaced meanwhile
        }
    }

    private static Map<String, String> links(String id, boolean done) {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", "/backtests/" + id);
        if (done) {
            for (String a : List.of("report", "fills", "equity", "decisions")) {
                links.put(a, "/backtests/" + id + "/" + a);
            }
        }
        return links;
    }
}
