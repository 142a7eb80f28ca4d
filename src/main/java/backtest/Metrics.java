package backtest;

/**
 * The figures of one run ({@link MetricsCalculator} defines each). Ratios are fractions (0.05 = 5%); money is in
 * quote currency (USDT). A figure that is undefined for the run (no round trips, no losing trip, zero volatility)
 * is NaN; a profit factor with profits and no losses is +Infinity.
 *
 * @param bars            bars in the run (equity-curve rows)
 * @param elapsedMinutes  minutes from the first bar's open to the last bar's close (gaps included)
 * @param periodsPerYear  bars per year used to annualise: bars / elapsed years (365-day years); equals
 *                        365 x 24 x 60 / interval minutes when no bar is missing
 * @param fills           fills (buys + sells); a round trip is flat to flat
 */
public record Metrics(int bars, long elapsedMinutes, double periodsPerYear, double initialCash, double finalEquity, double totalPnl,
                      double totalReturn, double buyHoldReturn, double annualizedReturn, double annualizedVolatility,
                      double maxDrawdown, double maxDrawdownPct, int maxDrawdownBars, long maxDrawdownMillis,
                      int fills, int buys, int sells, int roundTrips, int wins, int losses, double winRate,
                      double grossProfit, double grossLoss, double profitFactor, double expectancy, double avgWin,
                      double avgLoss, double feesPaid, double slippageCost, double exposurePct, double sharpe,
                      double sortino, double calmar, double realizedPnl, double unrealizedPnl) {
}
