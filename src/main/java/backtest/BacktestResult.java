package backtest;

import backtest.config.BacktestConfig;
import java.util.List;

/**
 * What a run produced: the config, the strategy's name, the equity curve (one row per bar), the fills, the closed
 * round trips, the trip still open at the end (null when flat), every decision, how many decision bars had no real
 * minute ({@code no_market_data}), the metrics, how many next-open orders
 * found no later bar to fill at, and the wall time of the run (the only part that differs between two
 * runs of the same config on the same data; outputs leave it out).
 */
public record BacktestResult(BacktestConfig config, String strategy, EquityCurve curve, List<Fill> fills,
                             List<RoundTrip> roundTrips, OpenTrade openTrade, DecisionLog decisions,
                             int noMarketDataDecisions, Metrics metrics, int unfilledOrders,
                             long runNanos) {
}
