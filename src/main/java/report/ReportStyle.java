package report;

/** The report's stylesheet, inlined into every page (system fonts only: nothing is fetched). */
final class ReportStyle {
    static final String CSS = """
            :root { color-scheme: light; }
            body { margin: 0 auto; max-width: 1240px; padding: 20px; background: #f1f5f9; color: #0f172a;
                   font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
            header h1 { margin: 4px 0 2px; font-size: 24px; }
            .subtitle { margin: 0 0 14px; color: #475569; }
            .card { background: #fff; border: 1px solid #e2e8f0; border-radius: 8px; padding: 12px 16px 8px;
                    margin-bottom: 14px; box-shadow: 0 1px 2px rgba(15, 23, 42, .05); }
            h2 { margin: 0 0 6px; font-size: 15px; color: #334155; }
            svg.chart { display: block; width: 100%; height: auto; }
            svg.chart text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #475569; }
            .grid line { stroke: #e2e8f0; stroke-width: 1; }
            .ylab text { text-anchor: end; }
            .xlab text { text-anchor: middle; }
            .xlab text.utc { text-anchor: end; font-size: 11px; fill: #94a3b8; }
            .frame { fill: none; stroke: #cbd5e1; }
            .zero { stroke: #475569; stroke-width: 1; }
            .series { fill: none; stroke-linejoin: round; stroke-linecap: round; }
            .area { fill-opacity: .22; stroke-width: 1.2; }
            .legend text { font-size: 13px; fill: #1e293b; }
            .held rect { fill: #dcfce7; fill-opacity: .7; }
            .marker { stroke: #fff; stroke-width: 1; }
            .note { text-anchor: middle; font-size: 14px; }
            table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
            th, td { padding: 4px 10px; border-bottom: 1px solid #f1f5f9; text-align: left; white-space: nowrap; }
            thead th { position: sticky; top: 0; background: #f8fafc; color: #334155; border-bottom: 1px solid #cbd5e1; }
            table.metrics { width: auto; }
            table.metrics th { font-weight: 500; color: #334155; }
            table.metrics td.num { font-weight: 600; }
            .num { text-align: right; }
            .hint { color: #64748b; white-space: normal; }
            .pos { color: #15803d; }
            .neg { color: #b91c1c; }
            tbody tr:hover { background: #f8fafc; }
            footer { color: #64748b; font-size: 12px; margin: 8px 0 20px; }
            svg.plot { overflow: visible; }
            svg.chart.zoomed svg.plot { overflow: hidden; }
            svg.plot path, svg.plot line, svg.plot rect { vector-effect: non-scaling-stroke; }
            svg.chart.zoomed .grid line.v, svg.chart.zoomed .xlab text:not(.utc) { display: none; }
            .zoom-ticks line { stroke: #e2e8f0; }
            .zoom-ticks text { text-anchor: middle; }
            .crosshair { stroke: #64748b; stroke-dasharray: 3 3; pointer-events: none; }
            .zoom-band { fill: #2563eb; fill-opacity: .12; stroke: #2563eb; }
            svg.chart { cursor: crosshair; }
            .chart-tip { position: fixed; display: none; pointer-events: none; z-index: 10; padding: 4px 8px;
                         background: rgba(15, 23, 42, .92); color: #fff; border-radius: 5px; font-size: 12px;
                         white-space: nowrap; }
            .chart-tip b { font-weight: 600; }
            """;

    private ReportStyle() {
    }
}
