package report;

import static report.HtmlText.coord;
import static report.HtmlText.esc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The four charts of a report, each an inline SVG on the same time axis. */
final class Charts {
    static final String EQUITY = "#2563eb";
    static final String BUY_HOLD = "#64748b";
    static final String DRAWDOWN = "#dc2626";
    static final String PRICE = "#1e293b";
    static final String BUY = "#16a34a";
    static final String SELL = "#dc2626";
    /** Sells made by a risk rule (stop-loss, take-profit, trailing stop). */
    static final String RISK_EXIT = "#d97706";
    static final String HELD = "#bbf7d0";
    private static final String[] OVERLAY_COLORS = {"#f59e0b", "#8b5cf6", "#0891b2", "#db2777", "#65a30d"};
    private static final int X_TICKS = 10;

    private Charts() {
    }

    static String equity(ReportData d) {
        double[] range = Range.of(d.equity(), d.buyHoldEquity());
        ChartCanvas c = canvas(d, "chart-equity", "Equity vs buy and hold", 320, range, 6);
        c.line("Buy and hold", d.ts(), d.buyHoldEquity(), BUY_HOLD, 1.6, "6 4");
        c.line("Strategy", d.ts(), d.equity(), EQUITY, 2, "");
        c.legend(List.of(new ChartCanvas.LegendItem("Strategy", EQUITY, ""),
                new ChartCanvas.LegendItem("Buy and hold", BUY_HOLD, "6 4")));
        return c.finish();
    }

    static String drawdown(ReportData d) {
        double[] range = Range.of(d.drawdownPct());
        ChartCanvas c = canvas(d, "chart-drawdown", "Drawdown (%)", 190, new double[] {Math.min(range[0], -1), 0}, 4);
        c.area("Drawdown", d.ts(), d.drawdownPct(), 0, DRAWDOWN);
        c.level(0);
        c.legend(List.of(new ChartCanvas.LegendItem("Drawdown from peak equity", DRAWDOWN, "")));
        return c.finish();
    }

    static String price(ReportData d) {
        List<double[]> series = new ArrayList<>(List.of(d.close()));
        series.addAll(d.overlays().values());
        double[] range = Range.of(series.toArray(double[][]::new));
        for (TradeMarker m : d.markers()) {
            range = Range.include(range, m.price());
        }
        ChartCanvas c = canvas(d, "chart-price", "Price, indicators and trades", 420, range, 7);
        List<ChartCanvas.LegendItem> legend = new ArrayList<>();
        holdings(c, d);
        c.line("Close", d.ts(), d.close(), PRICE, 1.2, "");
        legend.add(new ChartCanvas.LegendItem("Close", PRICE, ""));
        int k = 0;
        for (Map.Entry<String, double[]> e : d.overlays().entrySet()) {
            String color = OVERLAY_COLORS[k++ % OVERLAY_COLORS.length];
            c.line(e.getKey(), d.ts(), e.getValue(), color, 1.6, "");
            legend.add(new ChartCanvas.LegendItem(e.getKey(), color, ""));
        }
        markers(c, d.markers());
        legend.add(new ChartCanvas.LegendItem("Buy", BUY, "", "up"));
        legend.add(new ChartCanvas.LegendItem("Sell", SELL, "", "down"));
        legend.add(new ChartCanvas.LegendItem("In a trade", HELD, "", "box"));
        c.legend(legend);
        return c.finish();
    }

    static String tradeReturns(ReportData d) {
        double[] range = {0, 0};
        for (TradeRow t : d.trades()) {
            range = Range.include(range, t.returnPct());
        }
        ChartCanvas c = canvas(d, "chart-trades", "Return per trade (%), at exit time", 200, range, 4);
        StringBuilder out = c.body();
        double width = Math.clamp(c.plotWidth() / (2.0 * Math.max(1, d.trades().size())), 3, 10);
        int drawn = 0;
        for (TradeRow t : d.trades()) {
            if (t.open() || Double.isNaN(t.returnPct())) {
                continue;
            }
            double top = c.y(Math.max(0, t.returnPct()));
            double bottom = c.y(Math.min(0, t.returnPct()));
            out.append("<rect class=\"bar\" fill=\"").append(t.returnPct() >= 0 ? BUY : SELL).append("\" x=\"");
            coord(out, c.x(t.exitTs()) - width / 2);
            out.append("\" y=\"");
            coord(out, top);
            out.append("\" width=\"");
            coord(out, width);
            out.append("\" height=\"");
            coord(out, Math.max(0.5, bottom - top));
            out.append("\"><title>").append(HtmlText.utc(t.exitTs())).append(' ').append(esc(t.side())).append(' ')
                    .append(HtmlText.signed(t.returnPct(), 2)).append(" %</title></rect>");
            drawn++;
        }
        c.level(0);
        if (drawn == 0) {
            c.note("no closed trades");
        }
        c.legend(List.of(new ChartCanvas.LegendItem("Winning trade", BUY, "", "box"),
                new ChartCanvas.LegendItem("Losing trade", SELL, "", "box")));
        return c.finish();
    }

    /** A faint band behind the price for each trade, entry to exit (to the end of the data if still open). */
    private static void holdings(ChartCanvas c, ReportData d) {
        if (d.size() == 0) {
            return;
        }
        StringBuilder out = c.body();
        out.append("<g class=\"held\">");
        for (TradeRow t : d.trades()) {
            double from = c.x(t.entryTs());
            double to = c.x(t.open() ? d.ts()[d.size() - 1] : t.exitTs());
            out.append("<rect x=\"");
            coord(out, from);
            out.append("\" y=\"").append(ChartCanvas.TOP).append("\" width=\"");
            coord(out, Math.max(1, to - from));
            out.append("\" height=\"");
            coord(out, c.y(c.bottomValue()) - ChartCanvas.TOP);
            out.append("\"/>");
        }
        out.append("</g>\n");
    }

    /** Up-triangles for buys (point at the fill price, body below), down-triangles for sells (body above). */
    private static void markers(ChartCanvas c, List<TradeMarker> markers) {
        StringBuilder out = c.body();
        out.append("<g class=\"markers\">");
        for (TradeMarker m : markers) {
            boolean buy = m.side() == TradeMarker.Side.BUY;
            double x = c.x(m.ts());
            double y = c.y(m.price());
            double dy = buy ? 13 : -13;
            boolean risk = !m.exit().isEmpty();
            out.append("<path class=\"marker ").append(buy ? "buy" : "sell");
            if (risk) {
                out.append(' ').append(m.exit());
            }
            out.append("\" fill=\"").append(buy ? BUY : risk ? RISK_EXIT : SELL).append("\" d=\"M");
            coord(out, x);
            out.append(',');
            coord(out, y);
            out.append('L');
            coord(out, x - 7);
            out.append(',');
            coord(out, y + dy);
            out.append('L');
            coord(out, x + 7);
            out.append(',');
            coord(out, y + dy);
            out.append("Z\"><title>").append(m.side()).append(risk ? " (" + m.exit() + ")" : "").append(' ').append(HtmlText.num(m.qty(), 6)).append(" @ ")
                    .append(HtmlText.num(m.price(), 2)).append(" · ").append(HtmlText.utc(m.ts()));
            if (!m.note().isEmpty()) {
                out.append(" · ").append(esc(m.note()));
            }
            out.append("</title></path>");
        }
        out.append("</g>\n");
    }

    private static ChartCanvas canvas(ReportData d, String id, String title, int height, double[] range, int yTicks) {
        long x0 = d.size() == 0 ? 0 : d.ts()[0];
        long x1 = d.size() == 0 ? 0 : d.ts()[d.size() - 1];
        AxisTicks.Numbers y = AxisTicks.numbers(range[0], range[1], yTicks);
        String unit = id.equals("chart-drawdown") || id.equals("chart-trades") ? "%" : "";
        ChartCanvas c = new ChartCanvas(id, title, height, x0, x1, y, unit);
        c.axes(unit, AxisTicks.time(x0, x1, X_TICKS));
        return c;
    }

    /** Finite min and max over several series; {+inf, -inf} when there is no value at all. */
    private static final class Range {
        static double[] of(double[]... series) {
            double[] r = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            for (double[] s : series) {
                for (double v : s) {
                    r = include(r, v);
                }
            }
            return r;
        }

        static double[] include(double[] r, double v) {
            if (Double.isFinite(v)) {
                if (v < r[0]) {
                    r[0] = v;
                }
                if (v > r[1]) {
                    r[1] = v;
                }
            }
            return r;
        }
    }
}
