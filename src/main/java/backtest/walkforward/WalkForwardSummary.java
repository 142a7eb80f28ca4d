package backtest.walkforward;

import backtest.sweep.SweepMetric;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What a walk-forward validation wrote ({@code folder}) and the figures the CLI prints. */
public record WalkForwardSummary(Path folder, SweepMetric rankBy, List<WalkForwardRunner.FoldResult> folds,
                                 Map<String, Object> metrics, long millis) {
    /** A table: one line per fold (windows, chosen parameters, in-sample and out-of-sample metric), then the totals. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(java.util.Locale.ROOT, "walk-forward %s: %d folds, ranked by %s, %d ms%n",
                folder.getFileName(), folds.size(), rankBy.code(), millis));
        sb.append(String.format(java.util.Locale.ROOT, "%4s  %-10s %-10s %-10s  %12s %12s %10s  %s%n", "fold",
                "train", "test", "test end", "in " + rankBy.code(), "out " + rankBy.code(), "out ret", "parameters"));
        for (WalkForwardRunner.FoldResult r : folds) {
            WalkForwardFolds.Fold f = r.fold();
            sb.append(String.format(java.util.Locale.ROOT, "%4d  %-10s %-10s %-10s  %12s %12s %9.2f%%  %s%n",
                    f.index(), day(f.trainStart()), day(f.testStart()), day(f.testEnd()),
                    num(r.chosen().metric(rankBy)), num(rankBy.of(r.test().metrics())),
                    100 * r.test().metrics().totalReturn(), WalkForwardFiles.params(r.chosen().params())));
        }
        sb.append(String.format(java.util.Locale.ROOT, "out-of-sample: return %.2f%% (buy and hold %.2f%%), sharpe %s,"
                        + " max drawdown %.2f%%, %s fills, %s of %d folds profitable%n",
                100 * (double) metrics.get("total_return"), 100 * (double) metrics.get("buy_hold_return"),
                num((double) metrics.get("sharpe")), 100 * (double) metrics.get("max_drawdown_pct"),
                metrics.get("fills"), metrics.get("profitable_folds"), folds.size()));
        return sb.toString();
    }

    private static String day(java.time.Instant t) {
        String s = t.toString();
        return s.endsWith("T00:00:00Z") ? s.substring(0, 10) : s;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(java.util.Locale.ROOT, "%.4f", v);
    }
}
