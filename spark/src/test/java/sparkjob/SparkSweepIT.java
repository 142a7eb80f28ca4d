package sparkjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.config.BacktestConfig;
import backtest.sweep.GridSpec;
import backtest.sweep.SweepMetric;
import backtest.sweep.SweepResult;
import backtest.sweep.SweepRunner;
import backtest.walkforward.WalkForwardFolds;
import backtest.walkforward.WalkForwardRunner;
import com.fasterxml.jackson.databind.ObjectMapper;
import features.ParquetDataSource;
import gen.KlineGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.KlineStore;

/**
 * The Spark sweep in local mode ({@code local[2,2]}: 2 cores, a task may fail once and is re-run) over a generated
 * store of four symbols: two with the whole window, one whose only month lies outside it, one with a 10-day gap
 * (refused by data.min_coverage), and one with no folder at all. Rows are compared with the in-process
 * {@link SweepRunner} on the same month files, figure by figure, exactly.
 */
class SparkSweepIT {
    @TempDir
    static Path root;
    static Path data;
    static SparkSession spark;
    static final AtomicInteger STARTED = new AtomicInteger();
    static final AtomicInteger FAILED = new AtomicInteger();

    static final String CONFIG = """
            start: 2024-01-03
            end: 2024-02-01
            interval: 15m
            fee_rate: 0.001
            indicators: {ema_fast: 12, ema_slow: 26, rsi: 14}
            strategy: {type: ema-cross, size_pct: 0.5}
            """;
    // 12 combinations; (30,20) is skipped twice: 10 run per symbol
    static final List<String> GRID = List.of("ema_fast=5,10,30", "ema_slow=20,60", "size_pct=0.5,1");
    static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT", "ADAUSDT", "XRPUSDT");

    @BeforeAll
    static void storeAndSession() throws Exception {
        data = root.resolve("data");
        Stores.write(data, "BTCUSDT", 1, List.of(), YearMonth.of(2024, 1));
        Stores.write(data, "ETHUSDT", 2, List.of(), YearMonth.of(2024, 1));
        Stores.write(data, "SOLUSDT", 3, List.of(), YearMonth.of(2024, 3));
        Stores.write(data, "ADAUSDT", 4, List.of(new KlineGenerator.Gap(Instant.parse("2024-01-10T00:00:00Z"),
                10 * 1440)), YearMonth.of(2024, 1));
        spark = SparkSession.builder().master("local[2,2]").appName("SparkSweepIT")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskStart(SparkListenerTaskStart e) {
                STARTED.incrementAndGet();
            }

            @Override
            public void onTaskEnd(SparkListenerTaskEnd e) {
                if (e.taskInfo().failed()) {
                    FAILED.incrementAndGet();
                }
            }
        });
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @BeforeEach
    void counters() {
        spark.conf().unset(SparkSweep.FAIL_FIRST_ATTEMPT);
    }

    /** Waits until the listener has seen every event so far. */
    static void settle() {
        try {
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    static SparkSweep.Request request(String store, String out, List<String> grid, List<String> symbols) {
        return new SparkSweep.Request(BacktestConfig.parse(CONFIG), grid, symbols, store, out, 4, "sharpe");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(Path file) throws Exception {
        return new ObjectMapper().readValue(file.toFile(), Map.class);
    }

    static List<Row> rows(Path out) {
        return spark.read().parquet(out.resolve("rows").toString()).orderBy("symbol", "rank").collectAsList();
    }

    @Test
    void rows_equal_the_in_process_sweep_and_symbols_without_data_are_reported() throws Exception {
        Path out = root.resolve("out-plain");
        SparkSweep.Outcome o = SparkSweep.run(spark, request(data.toString(), out.toString(), GRID, SYMBOLS));
        List<Row> rows = rows(out);
        assertThat(rows).hasSize(20);
        GridSpec grid = GridSpec.parse(GRID);
        for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
            BacktestConfig base = BacktestConfig.parse(CONFIG.replace("start:", "symbol: " + symbol + "\nstart:"));
            SweepResult inProcess = SweepRunner.run(base, grid,
                    new KlineStore(data, symbol, java.time.Clock.systemUTC(), storage.CrashPoints.NONE), 2);
            List<SweepResult.Row> ranked = inProcess.ranking(SweepMetric.SHARPE);
            List<Row> mine = rows.stream().filter(r -> r.getAs("symbol").equals(symbol)).toList();
            assertThat(mine).hasSize(ranked.size()).hasSize(10);
            for (int i = 0; i < mine.size(); i++) {
                Row r = mine.get(i);
                SweepResult.Row expected = ranked.get(i);
                assertThat((long) r.getAs("rank")).isEqualTo(i + 1);
                assertThat((int) r.getAs("grid_index")).as("%s rank %d", symbol, i + 1).isEqualTo(expected.index());
                assertThat((long) r.getAs("ema_fast")).isEqualTo(expected.params().get("ema_fast").longValue());
                assertThat((double) r.getAs("size_pct")).isEqualTo(expected.params().get("size_pct"));
                for (SweepMetric m : SweepMetric.values()) {
                    double want = m.of(expected.metrics());
                    Object got = r.getAs(m.code());
                    if (Double.isNaN(want)) {
                        assertThat(got).as("%s %s", symbol, m).isNull();
                    } else {
                        assertThat(((Number) got).doubleValue()).as("%s row %d %s", symbol, expected.index(), m)
                                .isEqualTo(want);
                    }
                }
            }
            assertThat(mine.stream().mapToLong(r -> r.getAs("fills")).sum()).isGreaterThan(20);
            try (var files = Files.list(out.resolve("rows").resolve("symbol=" + symbol))) {
                assertThat(files.filter(p -> p.toString().endsWith(".parquet")).count()).as("one file per symbol")
                        .isEqualTo(1);
            }
        }
        Map<String, Object> summary = json(out.resolve("summary.json"));
        assertThat(summary).as("the file is the summary answered").isEqualTo(new ObjectMapper().readValue(
                new ObjectMapper().writeValueAsString(o.summary()), Map.class));
        assertThat(summary.get("symbols_without_data")).isEqualTo(List.of("SOLUSDT", "XRPUSDT"));
        assertThat(summary.get("rows")).isEqualTo(20);
        assertThat(summary.get("tasks")).as("3 chunks of 4 for each of the 3 symbols with month files").isEqualTo(9);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> symbols = (List<Map<String, Object>>) summary.get("symbols");
        assertThat(symbols).extracting(s -> s.get("symbol") + " " + s.get("status"))
                .containsExactly("BTCUSDT ok", "ETHUSDT ok", "SOLUSDT no_data", "ADAUSDT refused", "XRPUSDT no_data");
        assertThat(symbols.get(0)).containsEntry("ran", 10).containsEntry("skipped", 2).containsEntry("combinations", 12);
        assertThat((String) symbols.get(3).get("reason")).startsWith("data.min_coverage:");
        assertThat((List<?>) summary.get("skipped_combinations")).hasSize(2);
        assertThat(out.resolve("timing.json")).exists();
    }

    @Test
    void an_output_given_as_a_uri_goes_through_the_hadoop_file_system_with_the_same_rows() throws Exception {
        Path plain = root.resolve("out-plain-path");
        Path viaUri = root.resolve("out-uri");
        SparkSweep.run(spark, request(data.toString(), plain.toString(), GRID, List.of("BTCUSDT")));
        SparkSweep.run(spark, request(data.toString(), viaUri.toUri().toString(), GRID, List.of("BTCUSDT")));
        assertThat(rows(viaUri)).hasSize(10).isEqualTo(rows(plain));
        assertThat(json(viaUri.resolve("summary.json")).get("rows")).isEqualTo(json(plain.resolve("summary.json")).get("rows"));
        try (var all = Files.walk(viaUri)) {
            assertThat(all.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".crc")))
                    .as("written by Hadoop's file system (its .crc side files)").isNotEmpty();
        }
    }

    @Test
    void the_output_folder_holds_the_rows_the_summary_and_the_timing_only() throws Exception {
        Path out = root.resolve("out-layout");
        SparkSweep.run(spark, request(data.toString(), out.toString(), GRID, List.of("BTCUSDT", "SOLUSDT")));
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")))
                    .as("no temporary folder left").containsExactlyInAnyOrder("rows", "summary.json", "timing.json");
        }
        try (var files = Files.list(out.resolve("rows"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")))
                    .as("a folder per symbol with rows, and Spark's _SUCCESS").containsExactlyInAnyOrder("_SUCCESS",
                            "symbol=BTCUSDT");
        }
        assertThat(json(out.resolve("timing.json")).get("task_engine_ms")).asList().hasSize(3);
        try (var all = Files.walk(out)) {
            assertThat(all.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".crc")))
                    .as("a plain-path output is written without Hadoop's file system (no .crc side files)").isEmpty();
        }
    }

    @Test
    void a_task_failing_once_is_retried_and_the_output_is_identical_with_no_duplicates() throws Exception {
        Path plain = root.resolve("out-once");
        SparkSweep.run(spark, request(data.toString(), plain.toString(), GRID, List.of("BTCUSDT", "ETHUSDT")));
        settle();
        int failedBefore = FAILED.get();
        spark.conf().set(SparkSweep.FAIL_FIRST_ATTEMPT, "true");
        Path retried = root.resolve("out-retried");
        // the store through the Hadoop FileSystem (file:// URI): month files copied per task, then read
        SparkSweep.Outcome o = SparkSweep.run(spark, request(data.toUri().toString(), retried.toString(), GRID,
                List.of("BTCUSDT", "ETHUSDT")));
        settle();
        assertThat(FAILED.get() - failedBefore).as("every sweep task failed once").isEqualTo(6);
        List<Row> once = rows(plain);
        List<Row> again = rows(retried);
        assertThat(again).hasSize(20).isEqualTo(once);
        assertThat(again.stream().map(r -> r.getAs("symbol") + "/" + r.getAs("grid_index")).distinct()).hasSize(20);
        assertThat(json(retried.resolve("summary.json"))).isEqualTo(json(plain.resolve("summary.json")));
        assertThat(o.summary().get("rows")).isEqualTo(20L);
    }

    @Test
    void walk_forward_folds_and_stitched_metrics_equal_the_in_process_walk_forward() throws Exception {
        WalkForwardFolds spec = new WalkForwardFolds(Duration.ofDays(10), Duration.ofDays(5), Duration.ofDays(5), false);
        List<String> grid = List.of("ema_fast=5,10", "ema_slow=20,60");
        Path out = root.resolve("out-wf");
        SparkSweep.Outcome o = SparkWalkForward.run(spark, new SparkWalkForward.Request(
                request(data.toString(), out.toString(), grid, List.of("BTCUSDT", "XRPUSDT")), spec));
        BacktestConfig base = BacktestConfig.parse(CONFIG);
        List<WalkForwardRunner.FoldResult> inProcess = WalkForwardRunner.run(base, GridSpec.parse(grid), spec,
                SweepMetric.SHARPE, new ParquetDataSource(new KlineStore(data, "BTCUSDT", java.time.Clock.systemUTC(),
                        storage.CrashPoints.NONE), base.gapPolicy(), false), 2);
        List<Row> folds = spark.read().parquet(out.resolve("folds").toString()).orderBy("symbol", "fold").collectAsList();
        assertThat(folds).hasSize(3).hasSize(inProcess.size());
        for (int i = 0; i < folds.size(); i++) {
            Row r = folds.get(i);
            WalkForwardRunner.FoldResult want = inProcess.get(i);
            assertThat((int) r.getAs("grid_index")).as("fold %d", i).isEqualTo(want.chosen().index());
            assertThat((String) r.getAs("test_start")).isEqualTo(want.fold().testStart().toString());
            for (SweepMetric m : SweepMetric.values()) {
                double x = m.of(want.test().metrics());
                Object got = r.getAs("test_" + m.code());
                assertThat(Double.valueOf(got == null ? Double.NaN : ((Number) got).doubleValue())).as("fold %d %s", i, m)
                        .isEqualTo(Double.valueOf(x)); // NaN (undefined) written as null
            }
        }
        assertThat(folds.stream().mapToLong(r -> r.getAs("test_fills")).sum()).as("the test runs trade").isPositive();
        Map<String, Object> summary = json(out.resolve("summary.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> btc = ((List<Map<String, Object>>) summary.get("symbols")).get(0);
        ObjectMapper mapper = new ObjectMapper();
        assertThat(btc.get("metrics")).isEqualTo(mapper.readValue(mapper.writeValueAsString(WalkForwardRunner.metrics(
                base, inProcess, WalkForwardRunner.stitch(base, inProcess))), Map.class));
        assertThat(summary.get("symbols_without_data")).isEqualTo(List.of("XRPUSDT"));
        assertThat(o.timing().get("train_tasks")).isEqualTo(3);
    }

    @Test
    void a_bad_grid_or_option_is_refused_before_any_task_starts() {
        settle();
        int before = STARTED.get();
        Path out = root.resolve("out-refused");
        assertThatThrownBy(() -> SparkSweep.run(spark, request(data.toString(), out.toString(),
                List.of("ema_fats=5,10"), SYMBOLS))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--grid ema_fats: unknown key").hasMessageContaining("did you mean ema_fast?");
        assertThatThrownBy(() -> SparkSweep.run(spark, request(data.toString(), out.toString(),
                List.of("ema_fast=5:1:1"), SYMBOLS))).hasMessageContaining("--grid ema_fast: need STEP > 0");
        assertThatThrownBy(() -> SparkSweep.run(spark, request(data.toString(), out.toString(),
                List.of("ema_fast=40,50", "ema_slow=20,30"), SYMBOLS))).hasMessageContaining("none of the 4 combinations");
        assertThatThrownBy(() -> SparkSweep.run(spark, new SparkSweep.Request(BacktestConfig.parse(CONFIG), GRID, SYMBOLS,
                data.toString(), out.toString(), 4, "sharp"))).hasMessageStartingWith("--rank-by: unknown ranking metric");
        assertThatThrownBy(() -> SparkSweep.run(spark, request(data.toString(), out.toString(), GRID,
                List.of("BTCUSDT", "btc")))).hasMessageStartingWith("--symbols: 'btc'");
        assertThatThrownBy(() -> SparkWalkForward.run(spark, new SparkWalkForward.Request(request(data.toString(),
                out.toString(), GRID, SYMBOLS), new WalkForwardFolds(Duration.ofDays(30), Duration.ofDays(7),
                Duration.ofDays(7), false)))).hasMessageStartingWith("--train 30d + --test 7d do not fit");
        settle();
        assertThat(STARTED.get()).as("no task started").isEqualTo(before);
        assertThat(out).doesNotExist();
    }

    @Test
    void the_app_refuses_a_bad_config_naming_the_key_with_exit_2() throws Exception {
        Path cfg = root.resolve("bad.yaml");
        Files.writeString(cfg, CONFIG.replace("interval: 15m", "interval: 7m"));
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        int code;
        try {
            code = SparkSweepApp.execute("sweep", "--config", cfg.toString(), "--grid", "ema_fast=5,10", "--symbols",
                    "BTCUSDT", "--store", data.toString(), "--out", root.resolve("out-app").toString());
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).startsWith("spark-sweep: refused: ")
                .contains("interval: unknown interval '7m'").hasLineCount(1);
        Files.writeString(cfg, CONFIG);
        err.reset();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            code = SparkSweepApp.execute("walk-forward", "--config", cfg.toString(), "--grid", "ema_fats=5,10",
                    "--train", "10d", "--test", "5d", "--symbols", "BTCUSDT", "--store", data.toString(), "--out",
                    root.resolve("out-app").toString(), "--master", "local[1]");
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("spark-sweep: refused: --grid ema_fats: unknown key (did you mean ema_fast?)\n");
        assertThat(root.resolve("out-app")).doesNotExist();
    }

}
