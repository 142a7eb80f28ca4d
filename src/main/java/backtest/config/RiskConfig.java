package backtest.config;

import backtest.BacktestEngine;

/**
 * The {@code risk} block: exits the engine takes by itself between decisions, each a fraction in (0, 1] or NaN when
 * not set. Levels are relative to the average fill price of the open position (slippage included, fees not):
 * stop-loss at {@code entry x (1 - stop_loss_pct)}, take-profit at {@code entry x (1 + take_profit_pct)}, trailing
 * stop at {@code high-water x (1 - trailing_stop_pct)} where the high-water mark is the highest 1m high since the
 * entry (the entry price to start with), taken from the bars before the one being checked. The rules
 * ({@link BacktestEngine}) check every 1m bar with a position, using its open, high and low.
 */
public record RiskConfig(double stopLossPct, double takeProfitPct, double trailingStopPct) {
    /** No risk rules: left out of the resolved config so that existing run ids do not change. */
    public static final RiskConfig NONE = new RiskConfig(Double.NaN, Double.NaN, Double.NaN);

    /** Whether any rule is set. */
    public boolean any() {
        return !Double.isNaN(stopLossPct) || !Double.isNaN(takeProfitPct) || !Double.isNaN(trailingStopPct);
    }
}
