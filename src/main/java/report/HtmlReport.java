package report;

import static report.HtmlText.esc;
import static report.HtmlText.num;
import static report.HtmlText.signed;
import static report.HtmlText.utc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Renders a backtest as one self-contained HTML page: inline CSS, inline SVG and one small inline script (hover values,
 * zoom; {@link ReportScript}), no external resource, so it opens offline and can be mailed as a single file. Same
 * data in, byte-identical page out.
 */
public final class HtmlReport {
    /** Trades listed in the table; the full list belongs in the run's trades file. */
    static final int MAX_TRADE_ROWS = 1000;

    private HtmlReport() {
    }

    public static String render(ReportData d) {
        StringBuilder out = new StringBuilder(512 * 1024);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(d.title())).append("</title>\n<style>\n").append(ReportStyle.CSS)
                .append("</style>\n</head>\n<body>\n<header>\n<h1>").append(esc(d.title())).append("</h1>\n");
        if (!d.subtitle().isEmpty()) {
            out.append("<p class=\"subtitle\">").append(esc(d.subtitle())).append("</p>\n");
        }
        out.append("</header>\n");
        metrics(out, d.metrics());
        section(out, "Equity", Charts.equity(d));
        section(out, "Drawdown", Charts.drawdown(d));
        section(out, "Price and trades", Charts.price(d));
        section(out, "Trade returns", Charts.tradeReturns(d));
        trades(out, d.trades());
        out.append("<footer>Times are UTC. Long series are drawn with the minimum and maximum of each pixel column; ")
                .append("trade markers sit at their exact time and price. Hover a chart for values; scroll or drag ")
                .append("across it to zoom the time axis, double-click to reset.</footer>\n<script>\n")
                .append(ReportScript.JS).append("</script>\n</body>\n</html>\n");
        return out.toString();
    }

    public static void write(Path target, ReportData d) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(target, render(d), StandardCharsets.UTF_8);
    }

    private static void section(StringBuilder out, String heading, String svg) {
        out.append("<section class=\"card\">\n<h2>").append(esc(heading)).append("</h2>\n").append(svg)
                .append("</section>\n");
    }

    private static void metrics(StringBuilder out, List<MetricRow> rows) {
        out.append("<section class=\"card\">\n<h2>Metrics</h2>\n<table class=\"metrics\">\n<tbody>\n");
        for (MetricRow m : rows) {
            out.append("<tr><th>").append(esc(m.label())).append("</th><td class=\"num\">").append(esc(m.value()))
                    .append("</td><td class=\"hint\">").append(esc(m.hint())).append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n</section>\n");
    }

    private static void trades(StringBuilder out, List<TradeRow> rows) {
        out.append("<section class=\"card\">\n<h2>Trades (").append(rows.size()).append(")</h2>\n");
        if (rows.isEmpty()) {
            out.append("<p class=\"hint\">No trades.</p>\n</section>\n");
            return;
        }
        out.append("<table class=\"trades\">\n<thead><tr><th>#</th><th>Entry (UTC)</th><th>Exit (UTC)</th>")
                .append("<th>Side</th><th class=\"num\">Qty</th><th class=\"num\">Entry price</th>")
                .append("<th class=\"num\">Exit price</th><th class=\"num\">P&amp;L</th>")
                .append("<th class=\"num\">Return</th><th class=\"num\">Fees</th></tr></thead>\n<tbody>\n");
        int shown = Math.min(rows.size(), MAX_TRADE_ROWS);
        for (int i = 0; i < shown; i++) {
            TradeRow t = rows.get(i);
            String tone = t.pnl() > 0 ? "pos" : t.pnl() < 0 ? "neg" : "";
            out.append("<tr><td>").append(i + 1).append("</td><td>").append(utc(t.entryTs())).append("</td><td>")
                    .append(utc(t.exitTs())).append("</td><td>").append(esc(t.side())).append("</td><td class=\"num\">")
                    .append(num(t.qty(), 6)).append("</td><td class=\"num\">").append(num(t.entryPrice(), 2))
                    .append("</td><td class=\"num\">").append(num(t.exitPrice(), 2))
                    .append("</td><td class=\"num ").append(tone).append("\">").append(signed(t.pnl(), 2))
                    .append("</td><td class=\"num ").append(tone).append("\">").append(signed(t.returnPct(), 2))
                    .append(" %</td><td class=\"num\">").append(num(t.fees(), 2)).append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");
        if (shown < rows.size()) {
            out.append("<p class=\"hint\">Showing the first ").append(shown).append(" of ").append(rows.size())
                    .append(" trades.</p>\n");
        }
        out.append("</section>\n");
    }
}
