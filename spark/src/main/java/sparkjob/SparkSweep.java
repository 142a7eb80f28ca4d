package sparkjob;

import backtest.config.BacktestConfig;
import backtest.config.ConfigException;
import backtest.sweep.GridSpec;
import backtest.sweep.SweepFiles;
import backtest.sweep.SweepMetric;
import backtest.sweep.SweepResult;
import backtest.sweep.SweepRunner;
import backtest.sweep.SweepVariants;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import storage.Hashes;

/**
 * A sweep over symbols x a grid on Spark. The driver checks everything first - the config, the grid
 * ({@link GridSpec#parse}, {@link SweepVariants#validate}: the key named), the ranking metric, the symbols, the output
 * folder - and lists which symbols hold month files in the window; only then does it start tasks. A task is a symbol
 * and a range of grid indexes ({@code chunkSize} combinations): it reads that symbol's bars once and runs the range
 * with the main project's {@link SweepRunner#runRange} on one core, so every row is exactly the in-process sweep's.
 * A symbol without data in the window, or whose data a check refuses (data.min_coverage), is reported in the summary
 * and the others go on.
 *
 * <p>Output under {@code out}: {@code rows/symbol=S/part-*.parquet} (one file per symbol, rows ranked best first by the
 * ranking metric - NaN, written as null, last; ties in grid order - with {@code rank}, {@code grid_index}, the grid
 * values and the {@link SweepMetric} figures), {@code summary.json} (deterministic: counts per symbol, the symbols
 * without data, the skipped combinations with reasons) and {@code timing.json}. A task that fails is re-run by Spark;
 * its rows are only kept from the attempt that succeeded.
 */
public final class SparkSweep {
    /** Test-only setting: every task throws once, on its first attempt, after computing its rows. */
    public static final String FAIL_FIRST_ATTEMPT = "spark.klinepipeline.test.failFirstAttempt";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SparkSweep() {
    }

    /**
     * @param base      the base config (its symbol is replaced by each listed one)
     * @param grid      {@code KEY=START:END:STEP} or {@code KEY=V1,V2,...} axes, as {@code backtest sweep --grid}
     * @param store     the data folder: a path, or a Hadoop filesystem URI ({@code s3a://bucket/data})
     * @param out       the output folder (path or URI); must not hold a result yet
     * @param chunkSize combinations per task
     */
    public record Request(BacktestConfig base, List<String> grid, List<String> symbols, String store, String out,
                          int chunkSize, String rankBy) {
    }

    /** The summary and timing written, and the task count. */
    public record Outcome(Map<String, Object> summary, Map<String, Object> timing) {
    }

    /** What the driver settled before any task: everything a task needs travels in it. */
    record Plan(GridSpec grid, SweepMetric by, List<String> keys, List<SweepResult.Skipped> skipped,
                List<String> withData, List<String> withoutData, List<SweepTask> tasks, TaskSpec spec) {
    }

    /** A task's inputs, shipped to the executors. */
    record TaskSpec(Map<String, String> yamlBySymbol, List<String> grid, List<String> keys, StoreAccess store,
                    boolean failFirstAttempt, int threadsPerTask) implements Serializable {
    }

    public static Outcome run(SparkSession spark, Request req) throws IOException {
        long t0 = System.nanoTime();
        Plan plan = plan(spark, req, "rows");
        long planned = System.nanoTime();
        List<ChunkOutput> outputs = List.of();
        if (!plan.tasks().isEmpty()) {
            // one job: the tasks answer their rows (primitive arrays, a few kB per chunk) to the driver, which ranks
            // and writes them - no cached RDD, no shuffle, no Spark SQL write job. The task inputs (config YAML, grid,
            // store; no Hadoop settings for a plain path) are a few kB in the closure, which Spark already ships once
            // per executor as the stage's broadcast task binary.
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            TaskSpec spec = plan.spec();
            outputs = jsc.parallelize(plan.tasks(), plan.tasks().size())
                    .mapPartitions((Iterator<SweepTask> it) -> runTasks(spec, it))
                    .collect();
        }
        long ran = System.nanoTime();
        writeRows(spark, req, plan, outputs);
        long written = System.nanoTime();
        Map<String, Object> summary = summary(req, plan, outputs);
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("tasks", plan.tasks().size());
        timing.put("chunk_size", req.chunkSize());
        timing.put("default_parallelism", spark.sparkContext().defaultParallelism());
        timing.put("plan_ms", (planned - t0) / 1e6);
        timing.put("sweep_ms", (ran - planned) / 1e6);
        timing.put("task_engine_ms", outputs.stream().map(o -> o.engineNanos() / 1e6).toList());
        timing.put("write_ms", (written - ran) / 1e6);
        timing.put("wall_ms", (written - t0) / 1e6);
        write(spark, child(req.out(), "timing.json"), timing);
        write(spark, child(req.out(), "summary.json"), summary); // last: its presence says the result is complete
        return new Outcome(summary, timing);
    }

    /** A result row on the driver: grid index, and its values at {@code offset} in a task's {@code values}. */
    record Ranked(int index, double[] values, int offset, double by) {
    }

    /**
     * Ranks each symbol's rows and writes them, one Parquet file per symbol with rows, into a temporary folder beside
     * {@code rows} that is then renamed to it (with {@code _SUCCESS}, as Spark's writer leaves).
     */
    private static void writeRows(SparkSession spark, Request req, Plan plan, List<ChunkOutput> outputs)
            throws IOException {
        if (outputs.isEmpty()) {
            return;
        }
        int width = plan.keys().size() + SweepMetric.values().length;
        int byAt = plan.keys().size() + plan.by().ordinal();
        Map<String, List<Ranked>> bySymbol = new LinkedHashMap<>();
        for (String s : plan.withData()) {
            bySymbol.put(s, new ArrayList<>());
        }
        for (ChunkOutput o : outputs) {
            List<Ranked> l = bySymbol.get(o.task().symbol());
            for (int i = 0; i < o.index().length; i++) {
                l.add(new Ranked(o.index()[i], o.values(), i * width, o.values()[i * width + byAt]));
            }
        }
        org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
        String id = java.util.UUID.randomUUID().toString();
        String temp = child(req.out(), "_rows-" + java.util.UUID.randomUUID());
        OutputFolder out = OutputFolder.of(temp, conf);
        int part = 0;
        for (Map.Entry<String, List<Ranked>> e : bySymbol.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            List<Ranked> ranked = new ArrayList<>(e.getValue());
            ranked.sort(ranking(plan.by()));
            RowsParquet.write(conf, out.parquetFile("symbol=" + e.getKey(),
                    String.format(java.util.Locale.ROOT, "part-%05d-%s.c000.snappy.parquet", part++, id)),
                    plan.keys(), ranked);
        }
        out.createEmpty("_SUCCESS");
        out.renameTo(child(req.out(), "rows"));
    }

    /**
     * The in-process sweep's order ({@code SweepResult.ranking}): best first by the ranking figure, NaN (undefined)
     * last, ties in grid order.
     */
    static java.util.Comparator<Ranked> ranking(SweepMetric by) {
        java.util.Comparator<Ranked> value = java.util.Comparator.comparingDouble(Ranked::by);
        return java.util.Comparator.<Ranked, Boolean>comparing(r -> Double.isNaN(r.by()))
                .thenComparing(by.higherIsBetter() ? value.reversed() : value)
                .thenComparingInt(Ranked::index);
    }

    /** The checks before any task, and the tasks; {@code resultFolder}: the output's row folder ({@code rows}). */
    /** What the checks without Spark settle: the grid, the ranking metric, the combinations skipped. */
    record Checked(GridSpec grid, SweepMetric by, List<SweepResult.Skipped> skipped) {
    }

    /**
     * The checks that need no Spark session (so the app refuses before starting one): symbols, chunk size, ranking
     * metric, the grid as a whole against the config, and a grid where no combination can run.
     */
    public static Checked check(Request req) {
        if (req.symbols().isEmpty()) {
            throw new IllegalArgumentException("--symbols: give at least one symbol");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String s : req.symbols()) {
            if (!s.matches("[A-Z0-9]{2,20}")) {
                throw new IllegalArgumentException("--symbols: '" + s + "' is not an upper-case exchange symbol like BTCUSDT");
            }
            if (!seen.add(s)) {
                throw new IllegalArgumentException("--symbols: " + s + " given twice");
            }
        }
        if (req.chunkSize() < 1) {
            throw new IllegalArgumentException("--chunk: must be >= 1, got " + req.chunkSize());
        }
        SweepMetric by;
        try {
            by = SweepMetric.parse(req.rankBy());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--rank-by: " + e.getMessage());
        }
        BacktestConfig base = req.base();
        GridSpec grid = GridSpec.parse(req.grid());
        SweepVariants.validate(base, grid);
        List<Map<String, Double>> points = grid.points();
        List<SweepResult.Skipped> skipped = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            try {
                SweepVariants.apply(base, points.get(i));
            } catch (IllegalArgumentException e) {
                skipped.add(new SweepResult.Skipped(i, points.get(i), e.getMessage()));
            }
        }
        if (skipped.size() == points.size()) {
            throw new IllegalArgumentException("--grid: none of the " + points.size()
                    + " combinations can run; the first: " + skipped.get(0).reason());
        }
        return new Checked(grid, by, skipped);
    }

    static Plan plan(SparkSession spark, Request req, String resultFolder) throws IOException {
        Checked checked = check(req);
        GridSpec grid = checked.grid();
        SweepMetric by = checked.by();
        List<SweepResult.Skipped> skipped = checked.skipped();
        BacktestConfig base = req.base();
        List<Map<String, Double>> points = grid.points();
        org.apache.hadoop.conf.Configuration outConf = spark.sparkContext().hadoopConfiguration();
        if (OutputFolder.exists(child(req.out(), resultFolder), outConf)
                || OutputFolder.exists(child(req.out(), "summary.json"), outConf)) {
            throw new IllegalArgumentException("--out: " + req.out() + " already holds a result; give a new folder");
        }
        Map<String, String> hadoop = new HashMap<>();
        spark.sparkContext().hadoopConfiguration().forEach(e -> hadoop.put(e.getKey(), e.getValue()));
        StoreAccess store = new StoreAccess(req.store(), hadoop);
        YearMonth first = YearMonth.from(base.start().atZone(ZoneOffset.UTC));
        YearMonth last = YearMonth.from(base.end().minusMillis(1).atZone(ZoneOffset.UTC));
        List<String> withData = new ArrayList<>();
        List<String> withoutData = new ArrayList<>();
        Map<String, String> yaml = new LinkedHashMap<>();
        for (String s : req.symbols()) {
            boolean any = store.months(s).stream().anyMatch(m -> !m.isBefore(first) && !m.isAfter(last));
            (any ? withData : withoutData).add(s);
            yaml.put(s, withSymbol(base.toYaml(), s));
        }
        List<String> keys = List.copyOf(grid.axes().keySet());
        List<SweepTask> tasks = new ArrayList<>();
        for (String s : withData) {
            for (int from = 0; from < points.size(); from += req.chunkSize()) {
                tasks.add(new SweepTask(s, from, (int) Math.min((long) from + req.chunkSize(), points.size())));
            }
        }
        boolean fail = Boolean.parseBoolean(spark.conf().get(FAIL_FIRST_ATTEMPT, "false"));
        // a task runs its chunk on as many threads as Spark reserves cores for it (spark.task.cpus, default 1): the
        // combinations of one task share their indicator columns, as in the in-process sweep
        int threads = Integer.parseInt(spark.sparkContext().getConf().get("spark.task.cpus", "1"));
        return new Plan(grid, by, keys, skipped, withData, withoutData, tasks,
                new TaskSpec(yaml, List.copyOf(req.grid()), keys, store, fail, Math.max(1, threads)));
    }

    /** The canonical YAML of a config ({@link BacktestConfig#toYaml}) with another symbol. */
    static String withSymbol(String yaml, String symbol) {
        String out = yaml.replaceFirst("(?m)^symbol: .*$", "symbol: " + symbol);
        if (out.equals(yaml) && !yaml.contains("symbol: " + symbol)) {
            throw new IllegalStateException("no symbol line in the config YAML");
        }
        return out;
    }

    /** Runs a partition's tasks (one each): executor side. */
    static Iterator<ChunkOutput> runTasks(TaskSpec spec, Iterator<SweepTask> tasks) throws IOException {
        List<ChunkOutput> out = new ArrayList<>();
        while (tasks.hasNext()) {
            out.add(runTask(spec, tasks.next()));
        }
        TaskContext ctx = TaskContext.get();
        if (spec.failFirstAttempt() && ctx != null && ctx.attemptNumber() == 0) {
            throw new IllegalStateException("injected failure (" + FAIL_FIRST_ATTEMPT + ") of attempt 0 of partition "
                    + ctx.partitionId() + ", after computing " + out.size() + " chunk(s)");
        }
        return out.iterator();
    }

    static ChunkOutput runTask(TaskSpec spec, SweepTask task) throws IOException {
        long t0 = System.nanoTime();
        BacktestConfig cfg = BacktestConfig.parse(spec.yamlBySymbol().get(task.symbol()));
        GridSpec grid = GridSpec.parse(spec.grid());
        try (StoreAccess.Source source = spec.store().open(task.symbol(), cfg.gapPolicy())) {
            SweepResult r = SweepRunner.runRange(cfg, grid, source.data(), task.from(), task.to(),
                    spec.threadsPerTask());
            List<String> keys = spec.keys();
            SweepMetric[] metrics = SweepMetric.values();
            int width = keys.size() + metrics.length;
            int[] index = new int[r.rows().size()];
            double[] values = new double[index.length * width];
            int at = 0;
            for (int i = 0; i < index.length; i++) {
                SweepResult.Row row = r.rows().get(i);
                index[i] = row.index();
                for (String k : keys) {
                    values[at++] = row.params().get(k);
                }
                for (SweepMetric m : metrics) {
                    values[at++] = m.of(row.metrics());
                }
            }
            return new ChunkOutput(task, index, values, r.skipped().size(), null, null, r.bars(),
                    r.rows().isEmpty() ? null : r.historyFrom().toString(), System.nanoTime() - t0);
        } catch (SweepRunner.NoBarsException e) {
            return new ChunkOutput(task, new int[0], new double[0], 0, "no_data", e.getMessage(), 0, null,
                    System.nanoTime() - t0);
        } catch (ConfigException e) { // a data check of the config (data.min_coverage): this symbol alone
            return new ChunkOutput(task, new int[0], new double[0], 0, "refused", e.getMessage(), 0, null,
                    System.nanoTime() - t0);
        }
    }

    /** Figures written as integers: fills and round trips. */
    static boolean whole(SweepMetric m) {
        return m == SweepMetric.FILLS || m == SweepMetric.ROUND_TRIPS;
    }

    private static Map<String, Object> summary(Request req, Plan plan, List<ChunkOutput> outputs) {
        String yaml = req.base().toYaml();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ranked_by", plan.by().code());
        m.put("order", plan.by().higherIsBetter() ? "highest first" : "lowest first");
        m.put("base_config_sha256", Hashes.sha256(yaml.getBytes(StandardCharsets.UTF_8)));
        m.put("base_config", yaml);
        m.put("grid", plan.grid().axes());
        m.put("combinations", plan.grid().points().size());
        m.put("chunk_size", req.chunkSize());
        m.put("tasks", plan.tasks().size());
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("interval", req.base().interval().code());
        window.put("start", req.base().start().toString());
        window.put("end", req.base().end().toString());
        m.put("window", window);
        List<Map<String, Object>> symbols = new ArrayList<>();
        List<String> noData = new ArrayList<>(plan.withoutData());
        long total = 0;
        for (String s : req.symbols()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("symbol", s);
            List<ChunkOutput> mine = outputs.stream().filter(o -> o.task().symbol().equals(s)).toList();
            if (plan.withoutData().contains(s)) {
                e.put("status", "no_data");
                e.put("reason", "no month file in " + window.get("start") + " .. " + window.get("end"));
            } else if (mine.stream().anyMatch(o -> o.problemKind() != null)) {
                ChunkOutput bad = mine.stream().filter(o -> o.problemKind() != null).findFirst().orElseThrow();
                e.put("status", bad.problemKind());
                e.put("reason", bad.problem());
                if (bad.problemKind().equals("no_data")) {
                    noData.add(s);
                }
            } else {
                int ran = mine.stream().mapToInt(ChunkOutput::ran).sum();
                total += ran;
                e.put("status", "ok");
                e.put("combinations", plan.grid().points().size());
                e.put("ran", ran);
                e.put("skipped", mine.stream().mapToInt(ChunkOutput::skipped).sum());
                e.put("bars", mine.stream().mapToInt(ChunkOutput::bars).max().orElse(0));
                e.put("history_from", mine.stream().map(ChunkOutput::historyFrom).filter(java.util.Objects::nonNull)
                        .sorted().findFirst().orElse(null));
            }
            symbols.add(e);
        }
        m.put("rows", total);
        m.put("symbols", symbols);
        m.put("symbols_without_data", noData.stream().sorted((a, b) -> req.symbols().indexOf(a) - req.symbols().indexOf(b)).toList());
        m.put("skipped_combinations", SweepFiles.skippedRows(plan.skipped()));
        return m;
    }

    /** {@code name} inside {@code folder} (a path or a Hadoop URI). */
    static String child(String folder, String name) {
        return folder.endsWith("/") ? folder + name : folder + "/" + name;
    }

    /** {@code content} as indented JSON to {@code file} through Hadoop's file system (a path or any URI). */
    static void write(SparkSession spark, String file, Map<String, Object> content) throws IOException {
        OutputFolder.writeFile(file, (JSON.writeValueAsString(content) + "\n").getBytes(StandardCharsets.UTF_8),
                spark.sparkContext().hadoopConfiguration());
    }
}
