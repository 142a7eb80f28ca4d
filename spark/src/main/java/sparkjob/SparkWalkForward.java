package sparkjob;

import backtest.Metrics;
import backtest.config.BacktestConfig;
import backtest.config.ConfigException;
import backtest.sweep.GridSpec;
import backtest.sweep.SweepMetric;
import backtest.sweep.SweepParameter;
import backtest.sweep.SweepResult;
import backtest.sweep.SweepRunner;
import backtest.sweep.SweepVariants;
import backtest.walkforward.WalkForwardFolds;
import backtest.walkforward.WalkForwardRunner;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import storage.Hashes;

/**
 * A walk-forward over symbols on Spark, in two stages. Stage 1: one task per (symbol, fold) runs that fold's train
 * sweep ({@link WalkForwardRunner#train}, one core) and answers the chosen grid index - the train sweeps of a symbol
 * are independent, so they spread over the cluster. Stage 2: one task per symbol runs the test windows in fold order
 * ({@link WalkForwardRunner#test}: each fold starts with the equity the previous one ended with), then stitches the
 * out-of-sample curve and its metrics ({@link WalkForwardRunner#stitch}, {@link WalkForwardRunner#metrics}). Both are
 * the main project's code: a symbol's folds equal {@code backtest walk-forward}'s.
 *
 * <p>Output under {@code out}: {@code folds/symbol=S/part-*.parquet} (one row per fold, in fold order: windows, chosen
 * grid index and values, the train figure it won by, the test figures), {@code summary.json} (per symbol: status and
 * the stitched metrics; symbols without data) and {@code timing.json}. The checks before any task are the sweep's
 * ({@link SparkSweep#plan}) plus the folds ({@code --train}/{@code --test} must fit the window).
 */
public final class SparkWalkForward {

    private SparkWalkForward() {
    }

    public record Request(SparkSweep.Request sweep, WalkForwardFolds folds) {
    }

    /** Stage 1's answer for one (symbol, fold). */
    record Choice(String symbol, int fold, int index, int trainRun, double trainFigure, String problemKind,
                  String problem) implements Serializable {
    }

    /** Stage 2's answer for one symbol: its fold rows and stitched metrics, or the problem. */
    record SymbolResult(String symbol, List<Row> rows, Map<String, Object> metrics, String problemKind, String problem)
            implements Serializable {
    }

    record Spec(SparkSweep.TaskSpec sweep, String rankBy, long train, long test, long step, boolean anchored)
            implements Serializable {
        WalkForwardFolds folds() {
            return new WalkForwardFolds(Duration.ofMillis(train), Duration.ofMillis(test), Duration.ofMillis(step), anchored);
        }
    }

    public static SparkSweep.Outcome run(SparkSession spark, Request req) throws IOException {
        long t0 = System.nanoTime();
        SparkSweep.Request sr = new SparkSweep.Request(req.sweep().base(), req.sweep().grid(), req.sweep().symbols(),
                req.sweep().store(), req.sweep().out(), Integer.MAX_VALUE, req.sweep().rankBy());
        List<WalkForwardFolds.Fold> folds = req.folds().folds(sr.base().start(), sr.base().end());
        SparkSweep.Plan plan = SparkSweep.plan(spark, sr, "folds");
        WalkForwardFolds fs = req.folds();
        Spec spec = new Spec(plan.spec(), plan.by().code(), fs.train().toMillis(), fs.test().toMillis(),
                fs.step().toMillis(), fs.anchored());
        List<String[]> trainTasks = new ArrayList<>();
        for (String s : plan.withData()) {
            for (WalkForwardFolds.Fold f : folds) {
                trainTasks.add(new String[] {s, Integer.toString(f.index())});
            }
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Choice> choices = trainTasks.isEmpty() ? List.of()
                : jsc.parallelize(trainTasks, trainTasks.size()).mapPartitions((Iterator<String[]> it) -> {
                    List<Choice> out = new ArrayList<>();
                    while (it.hasNext()) {
                        String[] t = it.next();
                        out.add(train(spec, t[0], Integer.parseInt(t[1])));
                    }
                    failOnce(spec);
                    return out.iterator();
                }).collect();
        long trained = System.nanoTime();
        Map<String, List<Choice>> bySymbol = new LinkedHashMap<>();
        for (Choice c : choices) {
            bySymbol.computeIfAbsent(c.symbol(), k -> new ArrayList<>()).add(c);
        }
        List<List<Choice>> perSymbol = new ArrayList<>();
        for (List<Choice> l : bySymbol.values()) {
            l.sort(java.util.Comparator.comparingInt(Choice::fold));
            perSymbol.add(l);
        }
        List<String> keys = plan.keys();
        StructType schema = schema(keys);
        List<SymbolResult> results = perSymbol.isEmpty() ? List.of()
                : jsc.parallelize(perSymbol, perSymbol.size()).map(l -> testRuns(spec, l)).collect();
        long tested = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        results.forEach(r -> rows.addAll(r.rows()));
        if (!rows.isEmpty()) {
            spark.createDataFrame(rows, schema).repartition(Math.max(1, results.size()),
                            org.apache.spark.sql.functions.col("symbol"))
                    .sortWithinPartitions("symbol", "fold").write().mode(SaveMode.ErrorIfExists).partitionBy("symbol")
                    .parquet(SparkSweep.child(sr.out(), "folds"));
        }
        long written = System.nanoTime();
        Map<String, Object> summary = summary(req, plan, folds.size(), results);
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("train_tasks", trainTasks.size());
        timing.put("test_tasks", perSymbol.size());
        timing.put("default_parallelism", spark.sparkContext().defaultParallelism());
        timing.put("train_ms", (trained - t0) / 1e6);
        timing.put("test_ms", (tested - trained) / 1e6);
        timing.put("write_ms", (written - tested) / 1e6);
        timing.put("wall_ms", (written - t0) / 1e6);
        SparkSweep.write(spark, SparkSweep.child(sr.out(), "timing.json"), timing);
        SparkSweep.write(spark, SparkSweep.child(sr.out(), "summary.json"), summary);
        return new SparkSweep.Outcome(summary, timing);
    }

    private static void failOnce(Spec spec) {
        TaskContext ctx = TaskContext.get();
        if (spec.sweep().failFirstAttempt() && ctx != null && ctx.attemptNumber() == 0) {
            throw new IllegalStateException("injected failure (" + SparkSweep.FAIL_FIRST_ATTEMPT + ") of attempt 0 of"
                    + " partition " + ctx.partitionId());
        }
    }

    static Choice train(Spec spec, String symbol, int foldIndex) throws IOException {
        BacktestConfig base = BacktestConfig.parse(spec.sweep().yamlBySymbol().get(symbol));
        GridSpec grid = GridSpec.parse(spec.sweep().grid());
        WalkForwardFolds.Fold f = spec.folds().folds(base.start(), base.end()).get(foldIndex);
        SweepMetric by = SweepMetric.parse(spec.rankBy());
        try (StoreAccess.Source source = spec.sweep().store().open(symbol, base.gapPolicy())) {
            SweepResult sweep = WalkForwardRunner.train(base, grid, f, source.data(), 1);
            SweepResult.Row best = sweep.ranking(by).get(0);
            return new Choice(symbol, foldIndex, best.index(), sweep.rows().size(), best.metric(by), null, null);
        } catch (SweepRunner.NoBarsException e) {
            return new Choice(symbol, foldIndex, -1, 0, Double.NaN, "no_data", "fold " + foldIndex + ": " + e.getMessage());
        } catch (ConfigException e) {
            return new Choice(symbol, foldIndex, -1, 0, Double.NaN, "refused", e.getMessage());
        } catch (IllegalArgumentException e) { // nothing ran in this train window
            return new Choice(symbol, foldIndex, -1, 0, Double.NaN, "refused", "fold " + foldIndex + ": " + e.getMessage());
        }
    }

    static SymbolResult testRuns(Spec spec, List<Choice> choices) throws IOException {
        String symbol = choices.get(0).symbol();
        Choice bad = choices.stream().filter(c -> c.problemKind() != null).findFirst().orElse(null);
        if (bad != null) {
            return new SymbolResult(symbol, List.of(), null, bad.problemKind(), bad.problem());
        }
        BacktestConfig base = BacktestConfig.parse(spec.sweep().yamlBySymbol().get(symbol));
        GridSpec grid = GridSpec.parse(spec.sweep().grid());
        List<Map<String, Double>> points = grid.points();
        List<WalkForwardFolds.Fold> folds = spec.folds().folds(base.start(), base.end());
        List<WalkForwardRunner.FoldResult> results = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        double cash = base.initialCash();
        try (StoreAccess.Source source = spec.sweep().store().open(symbol, base.gapPolicy())) {
            for (Choice c : choices) {
                WalkForwardFolds.Fold f = folds.get(c.fold());
                Map<String, Double> point = points.get(c.index());
                BacktestConfig chosen = SweepVariants.apply(base.withWindow(f.trainStart(), f.trainEnd(),
                        base.initialCash()), point);
                WalkForwardRunner.FoldResult r = WalkForwardRunner.test(f, new SweepResult.Row(c.index(), point, chosen,
                        null), c.trainRun(), source.data(), cash);
                results.add(r);
                rows.add(row(symbol, spec.sweep().keys(), c, r));
                cash = r.test().metrics().finalEquity();
            }
        } catch (ConfigException e) {
            return new SymbolResult(symbol, List.of(), null, "refused", e.getMessage());
        }
        Map<String, Object> metrics = new LinkedHashMap<>(WalkForwardRunner.metrics(base, results,
                WalkForwardRunner.stitch(base, results)));
        return new SymbolResult(symbol, rows, metrics, null, null);
    }

    static StructType schema(List<String> keys) {
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField("symbol", DataTypes.StringType, false));
        f.add(DataTypes.createStructField("fold", DataTypes.IntegerType, false));
        for (String w : List.of("train_start", "train_end", "test_start", "test_end")) {
            f.add(DataTypes.createStructField(w, DataTypes.StringType, false));
        }
        f.add(DataTypes.createStructField("grid_index", DataTypes.IntegerType, false));
        for (String k : keys) {
            f.add(DataTypes.createStructField(k, SweepParameter.whole(k) ? DataTypes.LongType : DataTypes.DoubleType, false));
        }
        f.add(DataTypes.createStructField("train_combinations", DataTypes.IntegerType, false));
        f.add(DataTypes.createStructField("train_figure", DataTypes.DoubleType, true));
        for (SweepMetric m : SweepMetric.values()) {
            f.add(DataTypes.createStructField("test_" + m.code(), m == SweepMetric.FILLS || m == SweepMetric.ROUND_TRIPS
                    ? DataTypes.LongType : DataTypes.DoubleType, true));
        }
        return DataTypes.createStructType(f);
    }

    static Row row(String symbol, List<String> keys, Choice c, WalkForwardRunner.FoldResult r) {
        List<Object> v = new ArrayList<>();
        WalkForwardFolds.Fold f = r.fold();
        v.addAll(List.of(symbol, f.index(), f.trainStart().toString(), f.trainEnd().toString(), f.testStart().toString(),
                f.testEnd().toString(), c.index()));
        for (String k : keys) {
            double x = r.chosen().params().get(k);
            v.add(SweepParameter.whole(k) ? (Object) (long) x : (Object) x);
        }
        v.add(c.trainRun());
        v.add(Double.isNaN(c.trainFigure()) ? null : c.trainFigure());
        Metrics m = r.test().metrics();
        for (SweepMetric s : SweepMetric.values()) {
            double x = s.of(m);
            v.add(s == SweepMetric.FILLS || s == SweepMetric.ROUND_TRIPS ? (Object) (long) x
                    : Double.isNaN(x) ? null : (Object) x);
        }
        return RowFactory.create(v.toArray());
    }

    private static Map<String, Object> summary(Request req, SparkSweep.Plan plan, int folds, List<SymbolResult> results) {
        SparkSweep.Request sr = req.sweep();
        String yaml = sr.base().toYaml();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ranked_by", plan.by().code());
        m.put("base_config_sha256", Hashes.sha256(yaml.getBytes(StandardCharsets.UTF_8)));
        m.put("base_config", yaml);
        m.put("grid", plan.grid().axes());
        m.put("combinations", plan.grid().points().size());
        m.put("folds_spec", req.folds().describe());
        m.put("folds", folds);
        List<Map<String, Object>> symbols = new ArrayList<>();
        List<String> noData = new ArrayList<>();
        for (String s : sr.symbols()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("symbol", s);
            SymbolResult r = results.stream().filter(x -> x.symbol().equals(s)).findFirst().orElse(null);
            if (r == null) {
                e.put("status", "no_data");
                e.put("reason", "no month file in " + sr.base().start() + " .. " + sr.base().end());
                noData.add(s);
            } else if (r.problemKind() != null) {
                e.put("status", r.problemKind());
                e.put("reason", r.problem());
                if (r.problemKind().equals("no_data")) {
                    noData.add(s);
                }
            } else {
                e.put("status", "ok");
                e.put("metrics", r.metrics());
            }
            symbols.add(e);
        }
        m.put("symbols", symbols);
        m.put("symbols_without_data", noData);
        return m;
    }
}
