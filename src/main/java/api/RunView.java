package api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Map;

/**
 * A backtest run as the API shows it. {@code window}: its {@code start} and {@code end} (from the resolved config);
 * {@code progress} while running; {@code metrics} (metrics.json) when done; {@code error} (a problem detail) when
 * failed; {@code links} to itself and, when done, to its artefacts.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunView(String id, String strategy, Map<String, String> window, String status, Job.Progress progress, Boolean cancelRequested,
                      Instant submittedAt, Instant startedAt, Instant finishedAt, Long durationMs, Integer restarts,
                      Map<String, Object> metrics, Map<String, Object> error, Map<String, String> links) {
}
