package api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * A sweep as the API shows it. Always: {@code id}, {@code status}, {@code ranked_by}, {@code order}, {@code combinations}
 * (grid size), {@code grid} (every key's values), {@code links}. While running: {@code progress} (combinations done of
 * those that run). When done: {@code ran}, {@code skipped} and the {@code ranking}'s best rows (all up to the grid cap
 * with {@code top=all}). When failed: {@code error} (a problem detail). A figure that is not a finite number (NaN:
 * undefined; infinity) is null; ranking.csv holds infinities as {@code inf}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SweepView(String id, String status, SweepProgress progress, String rankedBy, String order,
                        Long combinations, Integer ran, Integer skipped, Map<String, List<Number>> grid,
                        List<RankedRow> ranking, Map<String, Object> error, SweepLinks links) {

    /** Combinations done of {@code total} (those that run; the grid size until they are known). */
    public record SweepProgress(int done, int total) {
    }

    /** One row of the ranking: its rank (1 = best), its grid values, every {@code backtest.sweep.SweepMetric} figure. */
    public record RankedRow(int rank, Map<String, Number> params, Map<String, Number> metrics) {
    }

    /** The sweep itself, its ranking.csv once done, and the full runs made of its best rows ({@code /backtests/{id}}). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SweepLinks(String self, String rankingCsv, List<String> reruns) {
    }
}
