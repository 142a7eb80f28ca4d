package api;

import java.time.Instant;
import java.util.Map;

/**
 * A job as persisted ({@code <data>/api/jobs/<id>.json}): its resolved config (YAML, as written to config.yaml), where
 * it is, when it moved, how often start-up found it running (a process died during it), the problem it failed with,
 * and its run folder once done.
 */
public record JobRecord(String id, String status, String config, Instant submittedAt, Instant startedAt,
                        Instant finishedAt, int restarts, Map<String, Object> error, String runFolder) {
}
