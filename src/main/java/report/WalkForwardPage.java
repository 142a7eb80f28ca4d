package report;

import static report.HtmlText.esc;

import java.util.List;

/**
 * The self-contained page of a walk-forward validation: the folds on a timeline (train and test windows), the
 * parameters each fold chose, in-sample vs out-of-sample bars of the ranking metric per fold, and the stitched
 * out-of-sample equity against buy-and-hold. The same input always gives the same bytes.
 */
public final class WalkForwardPage {
    private static final String TRAIN = "#93c5fd";
    private static final String TEST = "#f59e0b";
    private static final String EXTRA_CSS = """
            table.folds td, table.folds th { padding: 2px 8px; }
            .bars svg, .timeline svg { width: 100%; height: auto; }
            """;

    /** One fold: windows (epoch ms), chosen parameters as text, ranking metric in and out of sample. */
    public record Fold(int index, long trainStart, long trainEnd, long testStart, long testEnd, String params,
                       double inSample, double outOfSample, String inSampleText, String outOfSampleText) {
    }

    private WalkForwardPage() {
    }

    public static String render(String title, String subtitle, String metric, List<Fold> folds, long[] ts,
                                double[] equity, double[] buyHold, List<String[]> summary) {
        StringBuilder out = new StringBuilder(256 * 1024);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n").append(ReportStyle.CSS)
                .append(EXTRA_CSS).append("</style>\n</head>\n<body>\n<header>\n<h1>").append(esc(title))
                .append("</h1>\n<p class=\"subtitle\">").append(esc(subtitle)).append("</p>\n</header>\n");
        out.append("<section class=\"card\">\n<h2>Out-of-sample summary</h2>\n<table>\n<tbody>\n");
        for (String[] row : summary) {
            out.append("<tr><th>").append(esc(row[0])).append("</th><td class=\"num\">").append(esc(row[1]))
                    .append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n</section>\n");
        out.append("<section class=\"card\">\n<h2>Stitched out-of-sample equity vs buy-and-hold</h2>\n")
                .append(equity(ts, equity, buyHold)).append("</section>\n");
        out.append("<section class=\"card timeline\">\n<h2>Folds (train ").append(swatch(TRAIN)).append(", test ")
                .append(swatch(TEST)).append(")</h2>\n").append(timeline(folds)).append("</section>\n");
        out.append("<section class=\"card bars\">\n<h2>").append(esc(metric))
                .append(": in-sample (best of the train sweep) vs out-of-sample</h2>\n").append(bars(folds))
                .append("</section>\n");
        out.append("<section class=\"card\">\n<h2>Chosen parameters per fold</h2>\n<table class=\"folds\">\n")
                .append("<thead><tr><th>fold</th><th>train</th><th>test</th><th>parameters</th><th class=\"num\">")
                .append("in-sample ").append(esc(metric)).append("</th><th class=\"num\">out-of-sample ")
                .append(esc(metric)).append("</th></tr></thead>\n<tbody>\n");
        for (Fold f : folds) {
            out.append("<tr><td>").append(f.index()).append("</td><td>").append(esc(day(f.trainStart()) + " .. "
                    + day(f.trainEnd()))).append("</td><td>").append(esc(day(f.testStart()) + " .. " + day(f.testEnd())))
                    .append("</td><td>").append(esc(f.params())).append("</td><td class=\"num\">")
                    .append(esc(f.inSampleText())).append("</td><td class=\"num\">").append(esc(f.outOfSampleText()))
                    .append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n</section>\n");
        out.append("<footer>Times are UTC. Each fold's test run starts with the equity the previous fold ended with. ")
                .append("Hover the chart for values; scroll or drag across it to zoom the time axis, double-click to ")
                .append("reset.</footer>\n<script>\n").append(ReportScript.JS).append("</script>\n</body>\n</html>\n");
        return out.toString();
    }

    private static String swatch(String color) {
        return "<i style=\"display:inline-block;width:12px;height:12px;background:" + color + "\"></i>";
    }

    private static String day(long ms) {
        return java.time.Instant.ofEpochMilli(ms).toString().replace(":00Z", "Z").replace("T00:00Z", "");
    }

    private static String equity(long[] ts, double[] equity, double[] buyHold) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] s : List.of(equity, buyHold)) {
            for (double v : s) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        long x0 = ts.length == 0 ? 0 : ts[0];
        long x1 = ts.length == 0 ? 0 : ts[ts.length - 1];
        ChartCanvas c = new ChartCanvas("chart-equity", "Stitched equity", 360, x0, x1, AxisTicks.numbers(lo, hi, 6), "");
        c.axes("", AxisTicks.time(x0, x1, 10));
        c.line("buy and hold", ts, buyHold, Charts.BUY_HOLD, 1.4, "6 4");
        c.line("walk-forward", ts, equity, Charts.EQUITY, 2, "");
        return c.finish();
    }

    /** One row per fold: the train window as a bar, the test window right after it. */
    private static String timeline(List<Fold> folds) {
        long x0 = folds.stream().mapToLong(Fold::trainStart).min().orElse(0);
        long x1 = folds.stream().mapToLong(Fold::testEnd).max().orElse(1);
        int w = 1000;
        int rowH = 14;
        int h = folds.size() * rowH + 4;
        StringBuilder s = new StringBuilder("<svg viewBox=\"0 0 " + (w + 60) + " " + h + "\" role=\"img\">\n");
        for (Fold f : folds) {
            int y = 2 + f.index() * rowH;
            s.append("<text x=\"0\" y=\"").append(y + 10).append("\" font-size=\"10\">").append(f.index())
                    .append("</text>");
            rect(s, 40 + x(f.trainStart(), x0, x1, w), y, x(f.trainEnd(), x0, x1, w) - x(f.trainStart(), x0, x1, w),
                    rowH - 3, TRAIN);
            rect(s, 40 + x(f.testStart(), x0, x1, w), y, x(f.testEnd(), x0, x1, w) - x(f.testStart(), x0, x1, w),
                    rowH - 3, TEST);
            s.append('\n');
        }
        return s.append("</svg>\n").toString();
    }

    /** Per fold two bars around a zero line: in-sample (train colour) and out-of-sample (test colour). */
    private static String bars(List<Fold> folds) {
        double m = 1e-12;
        for (Fold f : folds) {
            m = Math.max(m, Math.max(finite(Math.abs(f.inSample())), finite(Math.abs(f.outOfSample()))));
        }
        int w = 1000;
        int h = 200;
        double slot = (double) w / Math.max(1, folds.size());
        StringBuilder s = new StringBuilder("<svg viewBox=\"0 0 " + (w + 60) + " " + (h + 20) + "\" role=\"img\">\n");
        s.append("<line x1=\"40\" x2=\"").append(w + 40).append("\" y1=\"").append(h / 2).append("\" y2=\"")
                .append(h / 2).append("\" stroke=\"#94a3b8\"/>\n");
        s.append("<text x=\"0\" y=\"10\" font-size=\"10\">").append(String.format(java.util.Locale.ROOT, "%.4g", m)).append("</text>");
        s.append("<text x=\"0\" y=\"").append(h).append("\" font-size=\"10\">").append(String.format(java.util.Locale.ROOT, "%.4g", -m))
                .append("</text>\n");
        for (Fold f : folds) {
            double left = 40 + f.index() * slot;
            double bw = Math.max(1, slot * 0.4);
            bar(s, left + slot * 0.1, bw, finite(f.inSample()) / m, h, TRAIN, "fold " + f.index() + " in-sample "
                    + f.inSampleText());
            bar(s, left + slot * 0.5, bw, finite(f.outOfSample()) / m, h, TEST, "fold " + f.index()
                    + " out-of-sample " + f.outOfSampleText());
            s.append("<text x=\"").append(c(left + slot * 0.4)).append("\" y=\"").append(h + 14)
                    .append("\" font-size=\"10\">").append(f.index()).append("</text>\n");
        }
        return s.append("</svg>\n").toString();
    }

    private static void bar(StringBuilder s, double x, double w, double frac, int h, String color, String tip) {
        double len = Math.abs(frac) * (h / 2.0 - 2);
        double y = frac >= 0 ? h / 2.0 - len : h / 2.0;
        s.append("<rect x=\"").append(c(x)).append("\" y=\"").append(c(y))
                .append("\" width=\"").append(c(w)).append("\" height=\"").append(c(len))
                .append("\" fill=\"").append(color).append("\"><title>").append(esc(tip)).append("</title></rect>");
    }

    private static void rect(StringBuilder s, double x, int y, double w, int h, String color) {
        s.append("<rect x=\"").append(c(x)).append("\" y=\"").append(y).append("\" width=\"")
                .append(c(Math.max(0.5, w))).append("\" height=\"").append(h).append("\" fill=\"")
                .append(color).append("\"/>");
    }

    private static double x(long t, long x0, long x1, int w) {
        return x1 <= x0 ? 0 : (double) (t - x0) / (x1 - x0) * w;
    }

    private static String c(double v) {
        StringBuilder b = new StringBuilder();
        HtmlText.coord(b, v);
        return b.toString();
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }
}
