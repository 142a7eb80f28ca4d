package backtest.sweep;

import backtest.service.BacktestService;
import java.nio.file.Path;

/**
 * A sweep before it runs ({@link BacktestService#planSweep}): its id ({@code sweep-<12 hex>}) and folder on the data
 * stored now, the parsed grid, the metric it ranks by and how many month files it reads.
 */
public record SweepPlan(String id, Path folder, GridSpec grid, SweepMetric rankBy, int monthsRead) {
}
