package backtest;

import backtest.config.BacktestConfig;

/**
 * Computes {@link Metrics} from a run's equity curve, fills and round trips. Definitions:
 * <ul>
 * <li>total PnL = final equity - initial cash; total return = total PnL / initial cash;
 * <li>buy-and-hold return = last close / first close - 1 (frictionless, over the same bars);
 * <li>per-bar returns r_i = equity_i / equity_(i-1) - 1 for every bar, equity_(-1) = initial cash (n returns
 * for n bars); elapsed time = last bar's open + interval - first bar's open (gaps included); periods per year
 * P = n / elapsed years (365-day years; crypto trades 24/7). With no bar missing P = 365 x 24 x 60 / interval minutes
 * (525,600 for 1m, 35,040 for 15m, 8,760 for 1h, 365 for 1d, 52.14 for 1w); when bars are dropped (gap policy
 * drop/none) the year is still measured in time, not in bars;
 * <li>annualised return = (final / initial)^(P / n) - 1 (compounded); annualised volatility = sample stdev(r) x
 * sqrt(P);
 * <li>Sharpe = mean(r) / sample stdev(r) x sqrt(P), risk-free rate 0; Sortino = mean(r) / downside deviation x
 * sqrt(P), downside deviation = sqrt(sum(min(r, 0)^2) / n) (target 0, over all n returns); Calmar = annualised
 * return / max drawdown %;
 * <li>drawdown at a bar = (running peak - equity) / running peak, the running peak starting at the initial cash;
 * max drawdown % is the largest of those and max drawdown (value) the largest peak - equity - the two can come from
 * different drawdowns; max drawdown duration = the longest run of consecutive bars with equity below the running
 * peak, in bars and as bars x interval;
 * <li>fills = buys + sells; a round trip runs from a buy out of a flat position to the sell that brings it
 * back to zero, its PnL = the realised PnL of its sells (all fees and slippage included); a trip still open at the
 * end is not counted (it is reported as the open trade, {@link OpenTrade}); win = PnL > 0, loss = PnL <= 0; win rate = wins / round trips; gross profit / loss = sum of
 * winning / losing PnLs (loss <= 0); profit factor = gross profit / |gross loss|; expectancy = mean round-trip PnL;
 * average win / loss = mean PnL of the wins / losses (the loss negative);
 * <li>fees paid = sum of fees; slippage cost = sum of qty x |fill price - close|;
 * <li>exposure % = bars that end with an open position / bars;
 * <li>realised PnL = sum of sells' realised PnL; unrealised PnL = position x (last close - average entry).
 * </ul>
 */
public final class MetricsCalculator {
    static final double MINUTES_PER_YEAR = 365.0 * 24 * 60;

    private MetricsCalculator() {
    }

    public static double periodsPerYear(features.Interval interval) {
        return MINUTES_PER_YEAR / interval.minutes();
    }

    /**
     * The metrics of a run of {@code n} bars: the equity curve's figures accumulated bar by bar in {@code stats} (one
     * implementation, {@link EquityStats}), the counts and sums the account kept, the change points of {@code c} (for
     * the exposure) and its first and last close (buy-and-hold).
     */
    static Metrics compute(BacktestConfig cfg, EquityCurve c, Account acc, EquityStats stats) {
        int n = c.size();
        double initial = cfg.initialCash();
        long elapsedMs = c.tsAt(n - 1) + cfg.interval().millis() - c.tsAt(0);
        long elapsedMinutes = elapsedMs / 60_000L;
        double ppy = elapsedMs == n * cfg.interval().millis() ? periodsPerYear(cfg.interval()) // no bar missing
                : n * (MINUTES_PER_YEAR / (elapsedMs / 60_000.0));
        double last = stats.last();
        double sum = stats.sum();
        double sum2 = stats.sumOfSquares();
        double down2 = stats.downsideSquares();
        double maxDd = stats.maxDrawdown();
        double maxDdPct = stats.maxDrawdownPct();
        int maxRun = stats.maxRun();
        double mean = sum / n;
        // one pass: sum of squared deviations = sum(r^2) - n mean^2 (per-bar returns are small; no cancellation)
        double std = n > 1 ? Math.sqrt(Math.max(0, sum2 - n * mean * mean) / (n - 1)) : Double.NaN;
        double downside = Math.sqrt(down2 / n);
        double annReturn = Math.pow(last / initial, ppy / n) - 1;
        int exposed = c.barsHolding();

        // counted by the account as the fills and round trips happened (the same sums, in the same order, as over
        // its lists; a metrics-only run keeps no lists)
        int buys = acc.buyCount;
        int fillCount = acc.fillCount;
        int tripCount = acc.tripCount;
        int wins = acc.tripWins;
        double grossProfit = acc.grossProfit;
        double grossLoss = acc.grossLoss;
        int losses = tripCount - wins;
        double realized = acc.realized;
        double lastClose = c.closeAt(n - 1);
        return new Metrics(n, elapsedMinutes, ppy, initial, last, last - initial, (last - initial) / initial,
                lastClose / c.closeAt(0) - 1, annReturn, std * Math.sqrt(ppy),
                maxDd, maxDdPct, maxRun, maxRun * cfg.interval().millis(),
                fillCount, buys, fillCount - buys, tripCount, wins, losses,
                ratio(wins, tripCount), grossProfit, grossLoss, profitFactor(grossProfit, grossLoss, tripCount),
                ratio(grossProfit + grossLoss, tripCount), ratio(grossProfit, wins), ratio(grossLoss, losses),
                acc.fees, acc.slippageCost, (double) exposed / n,
                ratio(mean, std) * Math.sqrt(ppy), ratio(mean, downside) * Math.sqrt(ppy), ratio(annReturn, maxDdPct),
                realized, acc.position() * (lastClose - acc.avgEntry()));
    }

    private static double ratio(double a, double b) {
        return b == 0 || Double.isNaN(b) ? Double.NaN : a / b;
    }

    private static double profitFactor(double profit, double loss, int trips) {
        if (trips == 0) {
            return Double.NaN;
        }
        return loss == 0 ? (profit > 0 ? Double.POSITIVE_INFINITY : Double.NaN) : profit / -loss;
    }
}
