package report;

import static report.HtmlText.coord;
import static report.HtmlText.esc;

import java.util.List;

/**
 * One inline SVG chart on a shared time axis: frame, grid, UTC date ticks, value ticks, lines, areas, legend.
 * All charts of a report share the width and margins, so their time axes line up one above the other.
 *
 * <p>What is drawn against time sits in a nested {@code <svg class="plot">} whose viewBox is the plot area: the
 * report's script ({@link ReportScript}) zooms by narrowing that viewBox, and reads the {@code data-*} attributes
 * (time and value range, unit) and each series' {@code data-name} to show values under the pointer.
 */
final class ChartCanvas {
    static final int WIDTH = 1200;
    static final int LEFT = 86;
    static final int RIGHT = 20;
    static final int TOP = 34;
    static final int BOTTOM = 28;
    /** Point budget per series: one min and one max per bucket, about one bucket per horizontal pixel. */
    static final int BUCKETS = 1000;

    /** A legend entry; {@code shape} is "line", "box", "up" or "down" (the trade marker triangles). */
    record LegendItem(String label, String color, String dash, String shape) {
        LegendItem(String label, String color, String dash) {
            this(label, color, dash, "line");
        }
    }

    private final int height;
    private final long x0;
    private final long x1;
    private final AxisTicks.Numbers y;
    private final StringBuilder out = new StringBuilder(64 * 1024);
    private boolean plotOpen;

    ChartCanvas(String id, String title, int height, long x0, long x1, AxisTicks.Numbers y, String unit) {
        this.height = height;
        this.x0 = x0;
        this.x1 = x1;
        this.y = y;
        out.append("<svg class=\"chart\" id=\"").append(id).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" role=\"img\" aria-labelledby=\"").append(id).append("-title\"")
                .append(" data-t0=\"").append(x0).append("\" data-t1=\"").append(x1).append("\" data-lo=\"")
                .append(y.lo()).append("\" data-hi=\"").append(y.hi()).append("\" data-unit=\"").append(esc(unit))
                .append("\">\n")
                .append("<title id=\"").append(id).append("-title\">").append(esc(title)).append("</title>\n");
    }

    double x(long ts) {
        if (x1 <= x0) {
            return LEFT + plotWidth() / 2.0;
        }
        return LEFT + (ts - x0) * (double) plotWidth() / (x1 - x0);
    }

    double y(double v) {
        return TOP + (y.hi() - v) * plotHeight() / (y.hi() - y.lo());
    }

    double bottomValue() {
        return y.lo();
    }

    int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private int plotHeight() {
        return height - TOP - BOTTOM;
    }

    /** Horizontal grid with value labels on the left, vertical grid with UTC labels below, and the plot frame. */
    void axes(String unitSuffix, List<AxisTicks.TimeTick> timeTicks) {
        out.append("<g class=\"grid\">");
        for (double v : y.values()) {
            double py = y(v);
            out.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"");
            coord(out, py);
            out.append("\" y2=\"");
            coord(out, py);
            out.append("\"/>");
        }
        for (AxisTicks.TimeTick t : timeTicks) {
            double px = x(t.ts());
            out.append("<line class=\"v\" y1=\"").append(TOP).append("\" y2=\"").append(height - BOTTOM).append("\" x1=\"");
            coord(out, px);
            out.append("\" x2=\"");
            coord(out, px);
            out.append("\"/>");
        }
        out.append("</g>\n<g class=\"ylab\">");
        for (double v : y.values()) {
            out.append("<text x=\"").append(LEFT - 8).append("\" y=\"");
            coord(out, y(v) + 4);
            out.append("\">").append(HtmlText.num(v == 0 ? 0 : v, y.decimals())).append(esc(unitSuffix))
                    .append("</text>");
        }
        out.append("</g>\n<g class=\"xlab\">");
        for (AxisTicks.TimeTick t : timeTicks) {
            out.append("<text y=\"").append(height - BOTTOM + 17).append("\" x=\"");
            coord(out, x(t.ts()));
            out.append("\">").append(esc(t.label())).append("</text>");
        }
        out.append("<text class=\"utc\" x=\"").append(WIDTH - RIGHT).append("\" y=\"").append(height - 4)
                .append("\">UTC</text></g>\n");
        out.append("<rect class=\"frame\" x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
                .append(plotWidth()).append("\" height=\"").append(plotHeight()).append("\"/>\n");
        String box = "x=\"" + LEFT + "\" y=\"" + TOP + "\" width=\"" + plotWidth() + "\" height=\"" + plotHeight() + "\"";
        out.append("<svg class=\"plot\" ").append(box).append(" viewBox=\"").append(LEFT).append(' ').append(TOP)
                .append(' ').append(plotWidth()).append(' ').append(plotHeight())
                .append("\" preserveAspectRatio=\"none\">\n");
        plotOpen = true;
    }

    /** Ends the zoomable plot area: what follows (legend, notes) stays put. */
    private void closePlot() {
        if (plotOpen) {
            out.append("</svg>\n");
            plotOpen = false;
        }
    }

    /** A polyline through the downsampled points; NaN runs break the line. */
    void line(String name, long[] ts, double[] v, String color, double width, String dash) {
        out.append("<path class=\"series\" data-name=\"").append(esc(name)).append("\" stroke=\"").append(color).append("\" stroke-width=\"").append(width);
        if (!dash.isEmpty()) {
            out.append("\" stroke-dasharray=\"").append(dash);
        }
        out.append("\" d=\"");
        path(ts, v, Downsampler.minMax(v, BUCKETS), NanIndex.of(v));
        out.append("\"/>\n");
    }

    /** The area between {@code v} and the {@code base} value (drawdown below zero). */
    void area(String name, long[] ts, double[] v, double base, String color) {
        int[] idx = Downsampler.minMax(v, BUCKETS);
        if (idx.length == 0) {
            return;
        }
        out.append("<path class=\"area\" data-name=\"").append(esc(name)).append("\" fill=\"").append(color).append("\" stroke=\"").append(color).append("\" d=\"M");
        coord(out, x(ts[idx[0]]));
        out.append(',');
        coord(out, y(base));
        for (int i : idx) {
            out.append('L');
            coord(out, x(ts[i]));
            out.append(',');
            coord(out, y(v[i]));
        }
        out.append('L');
        coord(out, x(ts[idx[idx.length - 1]]));
        out.append(',');
        coord(out, y(base));
        out.append("Z\"/>\n");
    }

    private void path(long[] ts, double[] v, int[] idx, NanIndex nans) {
        for (int k = 0; k < idx.length; k++) {
            boolean breakBefore = k == 0 || nans.anyBetween(idx[k - 1], idx[k]);
            out.append(breakBefore ? 'M' : 'L');
            coord(out, x(ts[idx[k]]));
            out.append(',');
            coord(out, y(v[idx[k]]));
        }
    }

    /** A horizontal reference line at value {@code v} (zero line). */
    void level(double v) {
        out.append("<line class=\"zero\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                .append("\" y1=\"");
        coord(out, y(v));
        out.append("\" y2=\"");
        coord(out, y(v));
        out.append("\"/>\n");
    }

    /** Legend in the top margin, left-aligned with the plot. */
    void legend(List<LegendItem> items) {
        closePlot();
        out.append("<g class=\"legend\">");
        int at = LEFT;
        for (LegendItem item : items) {
            switch (item.shape()) {
                case "up" -> out.append("<path fill=\"").append(item.color()).append("\" d=\"M").append(at + 11)
                        .append(",9L").append(at + 4).append(",22L").append(at + 18).append(",22Z\"/>");
                case "down" -> out.append("<path fill=\"").append(item.color()).append("\" d=\"M").append(at + 11)
                        .append(",23L").append(at + 4).append(",10L").append(at + 18).append(",10Z\"/>");
                case "box" -> out.append("<rect x=\"").append(at + 2).append("\" y=\"9\" width=\"18\" height=\"14\" ")
                        .append("fill=\"").append(item.color()).append("\"/>");
                default -> {
                    out.append("<line x1=\"").append(at).append("\" x2=\"").append(at + 22)
                            .append("\" y1=\"16\" y2=\"16\" stroke=\"").append(item.color())
                            .append("\" stroke-width=\"3\"");
                    if (!item.dash().isEmpty()) {
                        out.append(" stroke-dasharray=\"").append(item.dash()).append('"');
                    }
                    out.append("/>");
                }
            }
            out.append("<text x=\"").append(at + 28).append("\" y=\"20\">").append(esc(item.label()))
                    .append("</text>");
            at += 44 + 8 * item.label().length();
        }
        out.append("</g>\n");
    }

    /** Centered note in an empty plot ("no trades"). */
    void note(String text) {
        closePlot();
        out.append("<text class=\"note\" x=\"").append(LEFT + plotWidth() / 2).append("\" y=\"")
                .append(TOP + plotHeight() / 2).append("\">").append(esc(text)).append("</text>\n");
    }

    StringBuilder body() {
        return out;
    }

    String finish() {
        closePlot();
        return out.append("</svg>\n").toString();
    }

    /** Prefix counts of NaN, to tell in O(1) whether a NaN lies between two drawn points. */
    private record NanIndex(int[] before) {
        static NanIndex of(double[] v) {
            int[] before = new int[v.length + 1];
            for (int i = 0; i < v.length; i++) {
                before[i + 1] = before[i] + (Double.isNaN(v[i]) ? 1 : 0);
            }
            return new NanIndex(before);
        }

        boolean anyBetween(int a, int b) {
            return before[b] - before[a + 1] > 0;
        }
    }
}
