package api;

import java.util.List;

/**
 * What makes a job a sweep (with its base config in the job's config): the grid axes in the CLI's form
 * ({@code ema_fast=5,10,15}, one per axis), the metric it ranks by and how many of the best it re-runs as full runs.
 * Persisted in the job file ({@link JobRecord#sweep()}); null for a backtest job.
 */
public record SweepSpec(List<String> grid, String rankBy, int rerunBest) {
    public SweepSpec {
        grid = List.copyOf(grid);
    }
}
