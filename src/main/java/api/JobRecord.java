package api;

import java.time.Instant;
import java.util.Map;

/**
 * A job as persisted ({@code <data>/api/jobs/<id>.json}): its resolved config (YAML, as written to config.yaml), where
 * it is, when it moved, how often start-up found it running (a process died during it), the problem it failed with,
 * and its run folder once done; for a sweep job (its file in {@code <data>/api/sweeps/}) the config is the base
 * config and {@code sweep} the grid, ranking metric and re-run count (null for a backtest).
 */
public record JobRecord(String id, String status, String config, Instant submittedAt, Instant startedAt,
                        Instant finishedAt, int restarts, Map<String, Object> error, String runFolder, SweepSpec sweep) {
}
