package report;

import static report.HtmlText.esc;

import java.util.List;

/**
 * Several runs on one self-contained HTML page (the report's inline CSS, SVG and script; nothing fetched): metrics side
 * by side, parameters with the ones that differ highlighted, and the equity curves overlaid on one time axis (hover
 * values, zoom: {@link ReportScript}). Same input, byte-identical page.
 */
public final class ComparePage {
    private static final String[] COLORS = {"#2563eb", "#f59e0b", "#8b5cf6", "#0891b2", "#db2777", "#65a30d", "#dc2626",
        "#1e293b"};
    private static final String EXTRA_CSS = """
            tr.diff th, tr.diff td { background: #fef3c7; }
            tr.diff th::after { content: " \\2260"; color: #b45309; }
            ul.runs { list-style: none; margin: 4px 0 8px; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 18px; }
            ul.runs i { display: inline-block; width: 22px; height: 3px; margin: 0 6px 4px 0; vertical-align: middle; }
            """;

    /** One column of the tables: a label and a value per run; {@code differs} highlights the row. */
    public record Row(String label, List<String> values, boolean differs) {
    }

    /** One run's equity curve: times (epoch ms) and values (NaN breaks the line). */
    public record Series(String name, long[] ts, double[] values) {
    }

    private ComparePage() {
    }

    public static String render(String title, String subtitle, List<String> runs, List<Row> metrics, List<Row> params,
                                List<Series> equity) {
        StringBuilder out = new StringBuilder(256 * 1024);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n").append(ReportStyle.CSS)
                .append(EXTRA_CSS).append("</style>\n</head>\n<body>\n<header>\n<h1>").append(esc(title))
                .append("</h1>\n<p class=\"subtitle\">").append(esc(subtitle)).append("</p>\n</header>\n");
        out.append("<section class=\"card\">\n<h2>Equity</h2>\n<ul class=\"runs\">");
        for (int i = 0; i < runs.size(); i++) {
            out.append("<li><i style=\"background:").append(color(i)).append("\"></i>").append(esc(runs.get(i)))
                    .append("</li>");
        }
        out.append("</ul>\n").append(chart(equity)).append("</section>\n");
        table(out, "Metrics", runs, metrics);
        table(out, "Parameters (highlighted: not the same in every run)", runs, params);
        out.append("<footer>Times are UTC. Long series are drawn with the minimum and maximum of each pixel column. ")
                .append("Hover the chart for values; scroll or drag across it to zoom the time axis, double-click to ")
                .append("reset.</footer>\n<script>\n").append(ReportScript.JS).append("</script>\n</body>\n</html>\n");
        return out.toString();
    }

    private static String color(int i) {
        return COLORS[i % COLORS.length];
    }

    private static String chart(List<Series> equity) {
        long x0 = Long.MAX_VALUE;
        long x1 = Long.MIN_VALUE;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : equity) {
            if (s.ts().length > 0) {
                x0 = Math.min(x0, s.ts()[0]);
                x1 = Math.max(x1, s.ts()[s.ts().length - 1]);
            }
            for (double v : s.values()) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (x0 > x1) {
            x0 = 0;
            x1 = 0;
        }
        ChartCanvas c = new ChartCanvas("chart-equity", "Equity of each run", 360, x0, x1, AxisTicks.numbers(lo, hi, 6), "");
        c.axes("", AxisTicks.time(x0, x1, 10));
        for (int i = 0; i < equity.size(); i++) {
            Series s = equity.get(i);
            c.line(s.name(), s.ts(), s.values(), color(i), i == 0 ? 2 : 1.6, i < COLORS.length ? "" : "6 4");
        }
        return c.finish();
    }

    private static void table(StringBuilder out, String heading, List<String> runs, List<Row> rows) {
        out.append("<section class=\"card\">\n<h2>").append(esc(heading)).append("</h2>\n<table class=\"compare\">\n")
                .append("<thead><tr><th></th>");
        for (String r : runs) {
            out.append("<th class=\"num\">").append(esc(r)).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (Row row : rows) {
            out.append(row.differs() ? "<tr class=\"diff\"><th>" : "<tr><th>").append(esc(row.label())).append("</th>");
            for (String v : row.values()) {
                out.append("<td class=\"num\">").append(esc(v)).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n</section>\n");
    }
}
