package sparkjob;

import backtest.config.BacktestConfig;
import backtest.config.ConfigException;
import backtest.walkforward.WalkForwardFolds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Spark application's entry point ({@code spark-submit --class sparkjob.SparkSweepApp kline-pipeline-spark.jar
 * sweep ...}; {@code bin/spark-sweep} locally). Exit codes: 0 done, 2 refused (bad option, config or grid: one line
 * naming the key, before any task starts), 1 failed (I/O, a Spark job that failed).
 */
@Command(name = "spark-sweep", mixinStandardHelpOptions = true, subcommands = {SparkSweepApp.Sweep.class, SparkSweepApp.WalkForward.class},
        description = "Sweeps and walk-forwards over symbols x a grid on Apache Spark (docs/spark.md).")
public final class SparkSweepApp implements Callable<Integer> {

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.err);
        return 2;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        CommandLine cl = new CommandLine(new SparkSweepApp());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof ConfigException) {
                System.err.println("spark-sweep: refused: " + e.getMessage());
                return 2;
            }
            System.err.println("spark-sweep: failed: " + e);
            return 1;
        });
        cl.setParameterExceptionHandler((e, a) -> {
            System.err.println("spark-sweep: refused: " + e.getMessage());
            return 2;
        });
        return cl.execute(args);
    }

    /** Options every job takes: where data and results are, and the Spark master when run outside spark-submit. */
    static class Common {
        @Option(names = "--config", required = true, description = "backtest config (YAML) of the sweep")
        Path config;

        @Option(names = "--symbols", required = true, split = ",", description = "symbols, comma-separated")
        List<String> symbols = new ArrayList<>();

        @Option(names = "--store", required = true,
                description = "the data folder (spot/<SYMBOL>/klines_1m/...): a path or a Hadoop URI (s3a://bucket/data)")
        String store;

        @Option(names = "--out", required = true, description = "output folder (path or Hadoop URI), new")
        String out;

        @Option(names = "--master", description = "Spark master (e.g. local[*]); default: what spark-submit sets")
        String master;

        @Option(names = "--task-cpus", description = "cores (threads) per task, i.e. spark.task.cpus: a task's "
                + "combinations share their indicator columns across these threads; default: Spark's setting (1)")
        Integer taskCpus;
    }

    @Command(name = "sweep", mixinStandardHelpOptions = true,
            description = "Every combination of the grid on every symbol; rows as Parquet partitioned by symbol.")
    static final class Sweep implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--grid", required = true, description = "KEY=START:END:STEP or KEY=V1,V2,... (repeat)")
        List<String> grid = new ArrayList<>();

        @Option(names = "--chunk", defaultValue = "125", description = "combinations per task (default ${DEFAULT-VALUE})")
        int chunk;

        @Option(names = "--rank-by", defaultValue = "sharpe", description = "ranking metric (default ${DEFAULT-VALUE})")
        String rankBy;

        @Override
        public Integer call() throws Exception {
            BacktestConfig base = BacktestConfig.load(common.config);
            SparkSweep.Request req = new SparkSweep.Request(base, grid, common.symbols, common.store, common.out, chunk,
                    rankBy);
            SparkSweep.check(req); // refused before a Spark session starts
            long t0 = System.nanoTime();
            SparkSession spark = session(common);
            double sessionMs = (System.nanoTime() - t0) / 1e6;
            try {
                SparkSweep.Outcome o = SparkSweep.run(spark, req);
                System.out.printf(java.util.Locale.ROOT, "spark sweep: %d symbols, %s combinations each, %s tasks: %s rows;"
                                + " without data: %s; session start %.0f ms (apart), sweep %.0f ms%n",
                        common.symbols.size(), o.summary().get("combinations"), o.summary().get("tasks"),
                        o.summary().get("rows"), o.summary().get("symbols_without_data"), sessionMs,
                        ((Number) o.timing().get("wall_ms")).doubleValue());
                System.out.println("  rows: " + common.out + "/rows (partitioned by symbol), summary: " + common.out
                        + "/summary.json");
            } finally {
                spark.stop();
            }
            return 0;
        }
    }

    @Command(name = "walk-forward", mixinStandardHelpOptions = true,
            description = "Per symbol and fold: sweep the train window, run the best on the test window; folds as Parquet.")
    static final class WalkForward implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--grid", required = true, description = "KEY=START:END:STEP or KEY=V1,V2,... (repeat)")
        List<String> grid = new ArrayList<>();

        @Option(names = "--train", required = true, description = "train window length (30d, 12h, 2w, 90m)")
        String train;

        @Option(names = "--test", required = true, description = "test window length")
        String test;

        @Option(names = "--step", description = "how far each fold moves (default: the test length)")
        String step;

        @Option(names = "--anchored", description = "every train window starts at the config's start")
        boolean anchored;

        @Option(names = "--rank-by", defaultValue = "sharpe", description = "metric that picks each fold's combination")
        String rankBy;

        @Override
        public Integer call() throws Exception {
            java.time.Duration testLength = WalkForwardFolds.parse("--test", test);
            WalkForwardFolds folds = new WalkForwardFolds(WalkForwardFolds.parse("--train", train), testLength,
                    step == null ? testLength : WalkForwardFolds.parse("--step", step), anchored);
            BacktestConfig base = BacktestConfig.load(common.config);
            SparkWalkForward.Request req = new SparkWalkForward.Request(new SparkSweep.Request(base, grid,
                    common.symbols, common.store, common.out, 1, rankBy), folds);
            SparkSweep.check(req.sweep());
            folds.folds(base.start(), base.end()); // the folds must fit the window
            long t0 = System.nanoTime();
            SparkSession spark = session(common);
            double sessionMs = (System.nanoTime() - t0) / 1e6;
            try {
                SparkSweep.Outcome o = SparkWalkForward.run(spark, req);
                System.out.printf(java.util.Locale.ROOT, "spark walk-forward: %d symbols, %s folds each; without data: %s;"
                                + " session start %.0f ms (apart), walk-forward %.0f ms%n", common.symbols.size(),
                        o.summary().get("folds"), o.summary().get("symbols_without_data"), sessionMs,
                        ((Number) o.timing().get("wall_ms")).doubleValue());
                System.out.println("  folds: " + common.out + "/folds (partitioned by symbol), summary: " + common.out
                        + "/summary.json");
            } finally {
                spark.stop();
            }
            return 0;
        }
    }

    static SparkSession session(Common common) {
        SparkSession.Builder b = SparkSession.builder().appName("kline-pipeline-sweep");
        if (common.taskCpus != null) {
            if (common.taskCpus < 1) {
                throw new IllegalArgumentException("--task-cpus: must be >= 1, got " + common.taskCpus);
            }
            b.config("spark.task.cpus", String.valueOf(common.taskCpus));
        }
        String master = common.master;
        if (master != null) {
            b.master(master).config("spark.ui.enabled", "false");
        }
        return b.getOrCreate();
    }
}
