package backtest.sweep;

import backtest.config.BacktestConfig;
import java.util.List;

/**
 * A sweep as the CLI (and later the API) asks for it: the base config, {@code --grid} axes, workers, the metric
 * to rank by, and how many of the best to re-run as full runs with reports.
 */
public record SweepRequest(BacktestConfig base, List<String> grid, int threads, String rankBy, int rerunBest) {
}
