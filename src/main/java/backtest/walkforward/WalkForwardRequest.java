package backtest.walkforward;

import backtest.config.BacktestConfig;
import java.util.List;

/**
 * A walk-forward validation as the CLI asks for it: the base config (its [start, end) holds every fold), the
 * {@code --grid} axes swept on each train window, the fold lengths, the metric that picks each fold's combination and
 * the workers of each train sweep (0: all cores).
 */
public record WalkForwardRequest(BacktestConfig base, List<String> grid, WalkForwardFolds folds, String rankBy,
                                 int threads) {
}
