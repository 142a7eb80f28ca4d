package backtest.walkforward;

import backtest.config.BacktestConfig;
import backtest.run.RunArtefacts;
import backtest.sweep.GridSpec;
import backtest.sweep.SweepFiles;
import backtest.sweep.SweepMetric;
import backtest.sweep.SweepParameter;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import report.WalkForwardPage;
import storage.Column;
import storage.Tables;

/**
 * A walk-forward folder's files: folds.csv and folds.parquet (one row per fold: index, train and test windows, the
 * chosen parameters as {@code key=value ...} and one column per grid key, then every {@link SweepMetric} in sample -
 * the chosen row of the train sweep - as {@code is_<metric>} and out of sample - the test run - as {@code oos_<metric>}),
 * equity.parquet (the stitched out-of-sample curve: ts, equity, buy_hold, close), metrics.json (the whole out-of-sample
 * run, {@link WalkForwardRunner#metrics}) and report.html. Numbers in the CSV as in a sweep's ranking.csv.
 */
public final class WalkForwardFiles {
    private WalkForwardFiles() {
    }

    /** Writes into {@code folder} (a temp folder) the files of walk-forward {@code id}. */
    public static void write(Path folder, String id, BacktestConfig base, GridSpec grid, WalkForwardFolds spec, SweepMetric by,
                      List<WalkForwardRunner.FoldResult> folds, WalkForwardRunner.Stitched s,
                      Map<String, Object> metrics) throws IOException {
        Files.createDirectories(folder);
        int n = folds.size();
        List<Column> cols = new ArrayList<>();
        cols.add(Column.longs("fold", longs(n, i -> folds.get(i).fold().index())));
        cols.add(Column.timestamps("train_start", longs(n, i -> folds.get(i).fold().trainStart().toEpochMilli())));
        cols.add(Column.timestamps("train_end", longs(n, i -> folds.get(i).fold().trainEnd().toEpochMilli())));
        cols.add(Column.timestamps("test_start", longs(n, i -> folds.get(i).fold().testStart().toEpochMilli())));
        cols.add(Column.timestamps("test_end", longs(n, i -> folds.get(i).fold().testEnd().toEpochMilli())));
        cols.add(Column.strings("params", folds.stream().map(r -> params(r.chosen().params())).toArray(String[]::new)));
        for (String k : grid.axes().keySet()) {
            double[] v = folds.stream().mapToDouble(r -> r.chosen().params().get(k)).toArray();
            cols.add(SweepParameter.whole(k) ? Column.longs(k, longs(n, i -> (long) v[i])) : Column.doubles(k, v));
        }
        cols.add(Column.longs("train_combinations", longs(n, i -> folds.get(i).trainCombinationsRun())));
        for (SweepMetric m : SweepMetric.values()) {
            cols.add(metric("is_" + m.code(), m, folds.stream().mapToDouble(r -> r.chosen().metric(m)).toArray()));
        }
        for (SweepMetric m : SweepMetric.values()) {
            cols.add(metric("oos_" + m.code(), m, folds.stream().mapToDouble(r -> m.of(r.test().metrics())).toArray()));
        }
        Files.writeString(folder.resolve("folds.csv"), csv(cols), StandardCharsets.UTF_8);
        Tables.writeParquet(folder.resolve("folds.parquet"), cols);
        Tables.writeParquet(folder.resolve("equity.parquet"), List.of(Column.timestamps("ts", s.ts()),
                Column.doubles("equity", s.equity()), Column.doubles("buy_hold", s.buyHold()),
                Column.doubles("close", s.close())));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rank_by", by.code());
        json.put("folds_spec", spec.describe());
        json.put("grid", grid.axes());
        json.put("out_of_sample", finite(metrics));
        Files.writeString(folder.resolve("metrics.json"), json(json), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("report.html"), page(id, base, spec, by, folds, s, metrics),
                StandardCharsets.UTF_8);
    }

    private static String page(String id, BacktestConfig base, WalkForwardFolds spec, SweepMetric by,
                               List<WalkForwardRunner.FoldResult> folds, WalkForwardRunner.Stitched s,
                               Map<String, Object> metrics) {
        List<WalkForwardPage.Fold> rows = new ArrayList<>();
        for (WalkForwardRunner.FoldResult r : folds) {
            WalkForwardFolds.Fold f = r.fold();
            double is = r.chosen().metric(by);
            double oos = by.of(r.test().metrics());
            rows.add(new WalkForwardPage.Fold(f.index(), f.trainStart().toEpochMilli(), f.trainEnd().toEpochMilli(),
                    f.testStart().toEpochMilli(), f.testEnd().toEpochMilli(), params(r.chosen().params()), is, oos,
                    SweepFiles.text(is), SweepFiles.text(oos)));
        }
        List<String[]> summary = new ArrayList<>();
        metrics.forEach((k, v) -> summary.add(new String[] {k, v instanceof Double d ? SweepFiles.text(d) : String.valueOf(v)}));
        return WalkForwardPage.render("Walk-forward " + id, base.symbol() + " " + base.interval().code()
                + " " + base.strategy().type().code() + ", " + spec.describe() + ", ranked by " + by.code(),
                by.code(), rows, s.ts(), s.equity(), s.buyHold(), summary);
    }

    /** {@code key=value} pairs in grid order, values as in the CSV. */
    static String params(Map<String, Double> p) {
        StringBuilder sb = new StringBuilder();
        p.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append('=').append(SweepFiles.text(v)));
        return sb.toString();
    }

    private static Column metric(String name, SweepMetric m, double[] v) {
        return m == SweepMetric.FILLS || m == SweepMetric.ROUND_TRIPS
                ? Column.longs(name, longs(v.length, i -> (long) v[i])) : Column.doubles(name, v);
    }

    private static Map<String, Object> finite(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v instanceof Double d && !Double.isFinite(d) ? null : v));
        return out;
    }

    private static String csv(List<Column> cols) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cols.size(); c++) {
            sb.append(c == 0 ? "" : ",").append(cols.get(c).name());
        }
        sb.append('\n');
        int n = cols.get(0).size();
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < cols.size(); c++) {
                sb.append(c == 0 ? "" : ",").append(cell(cols.get(c), i));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String cell(Column c, int i) {
        return switch (c.type()) {
            case LONG -> Long.toString(((long[]) c.values())[i]);
            case TIMESTAMP_MILLIS -> java.time.Instant.ofEpochMilli(((long[]) c.values())[i]).toString();
            case DOUBLE -> SweepFiles.text(((double[]) c.values())[i]);
            case STRING -> ((String[]) c.values())[i]; // params: key=value pairs, no comma or quote
            case BOOLEAN -> Boolean.toString(((boolean[]) c.values())[i]);
        };
    }

    private static long[] longs(int n, java.util.function.IntToLongFunction f) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = f.applyAsLong(i);
        }
        return out;
    }

    private static String json(Map<String, Object> m) {
        try {
            return RunArtefacts.JSON.writeValueAsString(m) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
