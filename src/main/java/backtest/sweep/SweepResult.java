package backtest.sweep;

import backtest.BacktestEngine;
import backtest.Metrics;
import backtest.config.BacktestConfig;
import backtest.run.DataCoverage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What a sweep produced: one row per combination that ran (grid order), the combinations skipped and why, the data
 * read (from {@code historyFrom}, the earliest warm-up any combination needed; {@code bars} in the run's range), the
 * worker count, and the time spent loading bars and in all (the only parts that vary between two sweeps of the same
 * grid on the same data; the deterministic files leave them out).
 */
public record SweepResult(BacktestConfig base, GridSpec grid, List<Row> rows, List<Skipped> skipped,
                          Instant historyFrom, int bars, DataCoverage coverage, int threads, long loadNanos, long wallNanos) {

    public SweepResult {
        rows = List.copyOf(rows);
        skipped = List.copyOf(skipped);
    }

    /**
     * A combination that ran: its position in {@link GridSpec#points()}, its grid values, the full config it ran with
     * (re-run it with {@link BacktestEngine} for a full report: the same figures) and the run's metrics.
     */
    public record Row(int index, Map<String, Double> params, BacktestConfig config, Metrics metrics) {
        public Row {
            params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        }

        public double metric(SweepMetric m) {
            return m.of(metrics);
        }
    }

    /** A combination that could not run (its values contradict each other) and why. */
    public record Skipped(int index, Map<String, Double> params, String reason) {
        public Skipped {
            params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        }
    }

    /** Combinations in the grid: run + skipped. */
    public int combinations() {
        return rows.size() + skipped.size();
    }

    /** The rows ranked by Sharpe, highest first. */
    public List<Row> ranking() {
        return ranking(SweepMetric.SHARPE);
    }

    /**
     * The rows best first by {@code by} (highest first, or lowest for {@link SweepMetric#higherIsBetter() drawdown
     * and fees}); NaN (undefined: no trades, no volatility) last; ties in grid order.
     */
    public List<Row> ranking(SweepMetric by) {
        Comparator<Row> value = Comparator.comparingDouble(r -> r.metric(by));
        Comparator<Row> order = Comparator.<Row, Boolean>comparing(r -> Double.isNaN(r.metric(by)))
                .thenComparing(by.higherIsBetter() ? value.reversed() : value)
                .thenComparingInt(Row::index);
        return rows.stream().sorted(order).toList();
    }

    /** The best {@code n} rows by {@code by}: the candidates to re-run as full runs. */
    public List<Row> top(int n, SweepMetric by) {
        List<Row> r = ranking(by);
        return r.subList(0, Math.min(n, r.size()));
    }

    /** {@link #writeRanking(Path, SweepMetric)} by Sharpe. */
    public void writeRanking(Path folder) throws IOException {
        writeRanking(folder, SweepMetric.SHARPE);
    }

    /**
     * Writes into {@code folder} (created if missing): {@code ranking.csv} and {@code ranking.parquet} (rank, grid
     * index, the grid values, {@link SweepMetric} figures; best first), {@code sweep.json} (base config and its
     * SHA-256, grid, counts, skipped combinations with reasons, data range) - all three the same bytes for the same
     * sweep on the same data, whatever the worker count - and {@code sweep-timing.json} (threads, load and wall time).
     */
    public void writeRanking(Path folder, SweepMetric by) throws IOException {
        SweepFiles.write(this, folder, by);
    }
}
