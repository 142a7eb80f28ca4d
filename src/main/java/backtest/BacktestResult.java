package backtest;

import java.util.List;

/**
 * What a run produced: the config, the strategy's name, the equity curve (one row per bar), the fills, the closed
 * round trips, every decision, the metrics, and the wall time of the run (the only part that differs between two
 * runs of the same config on the same data; outputs leave it out).
 */
public record BacktestResult(BacktestConfig config, String strategy, EquityCurve curve, List<Fill> fills,
                             List<RoundTrip> roundTrips, DecisionLog decisions, Metrics metrics, long runNanos) {
}
