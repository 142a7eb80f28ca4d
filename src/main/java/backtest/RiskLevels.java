package backtest;

import backtest.config.RiskConfig;

/**
 * The {@code risk} levels of the open position and the check of one 1m bar against them ({@link BacktestEngine} has
 * the rules). One instance per run, reset after each fill: no allocation per bar.
 */
final class RiskLevels {
    private final double stopLossPct;
    private final double takeProfitPct;
    private final double trailKeep;
    private double stopLoss;
    private double takeProfit = Double.POSITIVE_INFINITY;
    private double highWater;
    private double stop; // max(stopLoss, trail): changes only with a fill or a new high-water mark
    /** After a hit: the fill reference (the level, or the open when it gapped through) and the level itself. */
    double price;
    double level;

    RiskLevels(RiskConfig risk) {
        this.stopLossPct = Double.isNaN(risk.stopLossPct()) ? 1 : risk.stopLossPct(); // 1: a level of 0, never hit
        this.takeProfitPct = risk.takeProfitPct();
        this.trailKeep = Double.isNaN(risk.trailingStopPct()) ? 0 : 1 - risk.trailingStopPct();
    }

    /**
     * After a fill: levels from the trip's average entry; a buy at {@code buyPrice} (NaN for a sell) raises the
     * high-water mark to it; flat (NaN entry) clears it.
     */
    void afterFill(double entry, double buyPrice) {
        if (Double.isNaN(entry)) {
            highWater = 0;
            return;
        }
        stopLoss = entry * (1 - stopLossPct);
        takeProfit = Double.isNaN(takeProfitPct) ? Double.POSITIVE_INFINITY : entry * (1 + takeProfitPct);
        highWater = Double.isNaN(buyPrice) ? highWater : Math.max(highWater, buyPrice);
        stop = Math.max(stopLoss, highWater * trailKeep);
    }

    /**
     * Checks a 1m bar: the low against the higher stop (stop-loss or trail from the earlier bars' high-water) first,
     * then the high against the take-profit; sets {@link #price} and {@link #level} and returns the reason, or returns
     * null and raises the high-water mark to the bar's high.
     */
    ExitReason check(double open, double high, double low) {
        if (low <= stop) { // also when the high reaches the take-profit: the stop wins (the conservative rule)
            level = stop;
            price = Math.min(open, stop); // gapped through: the open
            return stop > stopLoss ? ExitReason.TRAILING_STOP : ExitReason.STOP_LOSS;
        }
        if (high >= takeProfit) {
            level = takeProfit;
            price = Math.max(open, takeProfit); // gapped over: the better open
            return ExitReason.TAKE_PROFIT;
        }
        if (high > highWater) {
            highWater = high;
            stop = Math.max(stopLoss, high * trailKeep);
        }
        return null;
    }
}
