package backtest.run;

import backtest.Action;
import backtest.BacktestResult;
import backtest.EquityCurve;
import backtest.ExitReason;
import backtest.ExitStats;
import backtest.Fill;
import backtest.Metrics;
import backtest.OpenTrade;
import backtest.RoundTrip;
import backtest.config.BacktestConfig;
import features.FeatureFrame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import report.MetricRow;
import report.ReportData;
import report.TradeMarker;
import report.TradeRow;

/** Turns a run into the report's input: curves, the EMAs over price, fill markers, metrics and round trips. */
public final class ReportMapper {
    private ReportMapper() {
    }

    public static ReportData of(BacktestResult r, FeatureFrame frame, DataCoverage data) {
        EquityCurve c = r.curve();
        int n = c.size();
        double[] dd = new double[n];
        double[] peak = c.peak();
        double[] equity = c.equity();
        for (int i = 0; i < n; i++) {
            dd[i] = peak[i] > 0 ? (equity[i] - peak[i]) / peak[i] * 100 : 0;
        }
        Map<String, double[]> overlays = new LinkedHashMap<>();
        for (String col : List.of("ema_fast", "ema_slow")) {
            if (frame.columns().containsKey(col)) {
                overlays.put(col, frame.columns().get(col));
            }
        }
        List<TradeMarker> markers = new ArrayList<>();
        for (Fill f : r.fills()) {
            markers.add(new TradeMarker(f.ts(), f.side() == Action.BUY ? TradeMarker.Side.BUY : TradeMarker.Side.SELL,
                    f.price(), f.qty(), f.note(), f.reason() == ExitReason.SIGNAL ? "" : f.reason().code()));
        }
        BacktestConfig cfg = r.config();
        String window = data.coveredStart() == null ? "no data in " + cfg.start() + " to " + cfg.end()
                : data.coverage() >= 1 ? cfg.start() + " to " + cfg.end() + " (UTC)"
                : String.format(Locale.ROOT, "data %s to %s (UTC), %.2f %% of the requested %s to %s", data.coveredStart(),
                        data.coveredEnd(), data.coverage() * 100, cfg.start(), cfg.end());
        String subtitle = String.format(Locale.ROOT, "%s · %s · %s · %s · cash %,.0f · fee %.3f %% · slippage %.1f bps",
                cfg.symbol(), cfg.interval(), window, r.strategy(), cfg.initialCash(), cfg.feeRate() * 100,
                cfg.slippageBps());
        return new ReportData(r.strategy() + " backtest: " + cfg.symbol() + " " + cfg.interval(), subtitle, c.ts(), c.close(),
                equity, c.buyHold(), dd, overlays, markers, metrics(r, data), trades(r));
    }

    private static List<MetricRow> metrics(BacktestResult r, DataCoverage data) {
        Metrics m = r.metrics();
        List<MetricRow> rows = new ArrayList<>();
        rows.add(new MetricRow("Data coverage", String.format(Locale.ROOT, "%.2f %%", data.coverage() * 100),
                String.format(Locale.ROOT, "%,d of %,d minutes real; %,d gaps", data.realMinutes(),
                        data.requestedMinutes(), data.gapCount()) + gapList(data)));
        rows.add(new MetricRow("Bars filled / without a real minute", data.barsWithFilled() + " / "
                + data.barsWithoutReal(), data.noMarketDataDecisions() + " decisions held: no market data"));
        rows.add(new MetricRow("Total return", pct(m.totalReturn()), "final equity / initial cash - 1"));
        rows.add(new MetricRow("Buy and hold return", pct(m.buyHoldReturn()), "same window, no fees"));
        rows.add(new MetricRow("Total PnL", money(m.totalPnl()), "USDT"));
        rows.add(new MetricRow("Max drawdown", money(m.maxDrawdown()) + " / " + pct(-Math.abs(m.maxDrawdownPct())),
                "longest below a peak: " + m.maxDrawdownBars() + " bars"));
        rows.add(new MetricRow("Round trips / win rate", m.roundTrips() + " / " + pct(m.winRate()), "flat to flat"));
        if (r.config().executionAware()) { // per exit reason; default configs keep the report they always had
            for (ExitStats.Row e : ExitStats.of(r.roundTrips(), r.openTrade()).rows()) {
                rows.add(new MetricRow("Exits: " + e.reason().code(), e.count() + " / " + pct(e.winRate()),
                        "trips / win rate; PnL " + money(e.pnl())));
            }
            if (r.unfilledOrders() > 0) {
                rows.add(new MetricRow("Orders not filled", Integer.toString(r.unfilledOrders()),
                        "decided on the last bar: no next open"));
            }
        }
        rows.add(new MetricRow("Fills", Integer.toString(m.fills()), m.buys() + " buys, " + m.sells() + " sells"));
        rows.add(new MetricRow("Profit factor", num(m.profitFactor()), "gross profit / gross loss"));
        rows.add(new MetricRow("Expectancy", money(m.expectancy()), "mean PnL per round trip"));
        rows.add(new MetricRow("Average win / loss", money(m.avgWin()) + " / " + money(m.avgLoss()), null));
        rows.add(new MetricRow("Fees paid", money(m.feesPaid()), "USDT"));
        rows.add(new MetricRow("Slippage cost", money(m.slippageCost()), "USDT"));
        rows.add(new MetricRow("Exposure", pct(m.exposurePct()), "bars holding a position"));
        rows.add(new MetricRow("Sharpe / Sortino / Calmar", num(m.sharpe()) + " / " + num(m.sortino()) + " / "
                + num(m.calmar()), String.format(Locale.ROOT, "annualised by elapsed time (%,d minutes)",
                m.elapsedMinutes())));
        return rows;
    }

    /** The first gaps (up to 5) as text. */
    private static String gapList(DataCoverage data) {
        if (data.gapCount() == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder(": ");
        int shown = Math.min(5, data.gaps().size());
        for (int i = 0; i < shown; i++) {
            sb.append(i > 0 ? ", " : "").append(data.gaps().get(i));
        }
        return data.gapCount() > shown ? sb.append(", …").toString() : sb.toString();
    }

    /** Round trips with their fills' quantities, average prices and fees; the trip open at the end last. */
    private static List<TradeRow> trades(BacktestResult r) {
        List<TradeRow> rows = new ArrayList<>();
        List<Fill> fills = r.fills();
        int f = 0;
        for (RoundTrip t : r.roundTrips()) {
            double boughtQty = 0;
            double boughtCost = 0;
            double soldQty = 0;
            double soldValue = 0;
            double fees = 0;
            for (; f < fills.size() && fills.get(f).ts() <= t.closeTs(); f++) {
                Fill x = fills.get(f);
                if (x.ts() < t.openTs()) {
                    continue;
                }
                fees += x.fee();
                if (x.side() == Action.BUY) {
                    boughtQty += x.qty();
                    boughtCost += x.notional();
                } else {
                    soldQty += x.qty();
                    soldValue += x.notional();
                }
            }
            String side = r.config().executionAware() ? "LONG · " + t.exitReason().code() : "LONG";
            rows.add(new TradeRow(t.openTs(), t.closeTs(), side, boughtQty, boughtQty > 0 ? boughtCost / boughtQty : Double.NaN,
                    soldQty > 0 ? soldValue / soldQty : Double.NaN, t.pnl(), boughtCost > 0 ? t.pnl() / boughtCost * 100 : Double.NaN,
                    fees));
        }
        OpenTrade open = r.openTrade();
        if (open != null) {
            double fees = 0;
            for (Fill x : fills) {
                fees += x.ts() >= open.openTs() ? x.fee() : 0;
            }
            double cost = open.qty() * open.avgEntryPrice();
            rows.add(new TradeRow(open.openTs(), Long.MIN_VALUE, r.config().executionAware()
                    ? "LONG (open) · " + ExitReason.END_OF_DATA.code() : "LONG (open)", open.qty(), open.avgEntryPrice(),
                    Double.NaN, open.pnl(), cost > 0 ? open.pnl() / cost * 100 : Double.NaN, fees));
        }
        return rows;
    }

    private static String pct(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.2f %%", fraction * 100);
    }

    private static String money(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.2f", v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "n/a" : Double.isInfinite(v) ? "∞" : String.format(Locale.ROOT, "%.2f", v);
    }
}
