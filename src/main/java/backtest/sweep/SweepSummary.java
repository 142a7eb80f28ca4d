package backtest.sweep;

import backtest.Metrics;
import backtest.run.RunSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** A finished sweep: where the ranking went, the top rows, and the full runs made of the best. */
public record SweepSummary(Path folder, int combinations, int ran, int skipped, SweepMetric rankedBy,
                           List<SweepResult.Row> top, List<RunSummary> reruns, long wallMillis) {

    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d combinations: %d run, %d skipped, %.2f s; ranked by %s%n", combinations,
                ran, skipped, wallMillis / 1e3, rankedBy.code()));
        sb.append(String.format(Locale.ROOT, "  %-4s %-40s %12s %12s %10s %8s%n", "rank", "parameters", "return", "max dd",
                "sharpe", "fills"));
        int rank = 1;
        for (SweepResult.Row r : top) {
            Metrics m = r.metrics();
            sb.append(String.format(Locale.ROOT, "  %-4d %-40s %11.2f%% %11.2f%% %10.2f %8d%n", rank++, params(r),
                    m.totalReturn() * 100, -Math.abs(m.maxDrawdownPct()) * 100, m.sharpe(), m.fills()));
        }
        sb.append("  ranking: ").append(folder.resolve("ranking.csv")).append(" (and ranking.parquet, sweep.json)\n");
        for (RunSummary run : reruns) {
            sb.append("  full run: ").append(run.folder().resolve("report.html")).append('\n');
        }
        return sb.toString();
    }

    private static String params(SweepResult.Row r) {
        StringBuilder sb = new StringBuilder();
        r.params().forEach((k, v) -> sb.append(sb.length() > 0 ? " " : "").append(k).append('=')
                .append(v == Math.rint(v) ? Long.toString(v.longValue()) : v.toString()));
        return sb.toString();
    }
}
