package backtest.run;

import backtest.ExitStats;
import backtest.Metrics;
import backtest.OpenTrade;
import java.nio.file.Path;
import java.util.Locale;

/** What a finished run reports back: its folder, id and the headline numbers. */
public record RunSummary(String runId, Path folder, String strategy, int bars, int fills, int decisions, Metrics metrics,
                         DataCoverage data, OpenTrade openTrade, long millis, ExitStats exits, int unfilledOrders) {

    /** A summary without exit reasons (a config with default execution and no risk rules). */
    public RunSummary(String runId, Path folder, String strategy, int bars, int fills, int decisions, Metrics metrics,
                      DataCoverage data, OpenTrade openTrade, long millis) {
        this(runId, folder, strategy, bars, fills, decisions, metrics, data, openTrade, millis, null, 0);
    }

    /** A small aligned table for the terminal. */
    public String table() {
        Metrics m = metrics;
        StringBuilder sb = new StringBuilder();
        row(sb, "strategy", strategy);
        row(sb, "data", data.coveredStart() == null ? "none in " + data.requestedStart() + ".." + data.requestedEnd()
                : data.coveredStart() + ".." + data.coveredEnd() + String.format(Locale.ROOT, " (%.2f %% of %,d minutes",
                        data.coverage() * 100, data.requestedMinutes())
                        + (data.gapCount() == 0 ? ")" : String.format(Locale.ROOT, "; %,d gaps, %,d minutes missing)",
                        data.gapCount(), data.missingMinutes())));
        if (data.noMarketDataDecisions() > 0) {
            row(sb, "held: no market data", data.noMarketDataDecisions() + " decision bars without a real minute");
        }
        row(sb, "bars / decisions / fills", bars + " / " + decisions + " / " + fills);
        row(sb, "final equity", f2(m.finalEquity()));
        row(sb, "total PnL", f2(m.totalPnl()));
        row(sb, "total return", pct(m.totalReturn()));
        row(sb, "buy and hold return", pct(m.buyHoldReturn()));
        row(sb, "max drawdown", f2(m.maxDrawdown()) + " (" + pct(-Math.abs(m.maxDrawdownPct())) + ")");
        row(sb, "round trips / win rate", m.roundTrips() + " / " + pct(m.winRate()));
        if (openTrade != null) {
            row(sb, "open trade at the end", openTrade.qty() + " since " + java.time.Instant.ofEpochMilli(openTrade.openTs())
                    + ", unrealised PnL " + f2(openTrade.unrealizedPnl()));
        }
        if (exits != null) {
            for (ExitStats.Row r : exits.rows()) {
                if (r.count() > 0) {
                    row(sb, "exits: " + r.reason().code(), r.count() + " trips, PnL " + f2(r.pnl()) + ", win rate "
                            + pct(r.winRate()));
                }
            }
        }
        if (unfilledOrders > 0) {
            row(sb, "orders not filled", unfilledOrders + " (decided on the last bar: no next open)");
        }
        row(sb, "profit factor / expectancy", f2(m.profitFactor()) + " / " + f2(m.expectancy()));
        row(sb, "fees / slippage", f2(m.feesPaid()) + " / " + f2(m.slippageCost()));
        row(sb, "exposure", pct(m.exposurePct()));
        row(sb, "Sharpe / Sortino / Calmar", f2(m.sharpe()) + " / " + f2(m.sortino()) + " / " + f2(m.calmar()));
        row(sb, "run folder", folder.toString());
        return sb.toString();
    }

    private static void row(StringBuilder sb, String label, String value) {
        sb.append(String.format(Locale.ROOT, "  %-28s %s%n", label, value));
    }

    private static String f2(double v) {
        return Double.isNaN(v) ? "n/a" : Double.isInfinite(v) ? (v > 0 ? "inf" : "-inf") : String.format(Locale.ROOT, "%,.2f", v);
    }

    private static String pct(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.2f %%", fraction * 100);
    }
}
