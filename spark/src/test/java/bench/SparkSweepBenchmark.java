package bench;

import backtest.config.BacktestConfig;
import backtest.sweep.GridSpec;
import backtest.sweep.SweepResult;
import backtest.sweep.SweepRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import sparkjob.BenchStores;
import sparkjob.SparkSweep;
import storage.CrashPoints;
import storage.KlineStore;

/**
 * Spark benchmark (not a test; {@code bin/bench-spark}): the 1,000-combination sweep of the main project's
 * BacktestBenchmark (two generated 1m months, Jan + Feb 2024, ema-cross deciding every bar, ema/rsi/cmf;
 * ema_fast=2:41:1 x ema_slow=50:290:10) in Spark {@code local[2]} against the in-process {@link SweepRunner} on all
 * cores over the same month files, in the same JVM and run. Session start is timed apart; every figure is the best of
 * {@code --reps} after one untimed run (JIT warm), the in-process and Spark runs alternating. Then 3 symbols x 1,000 combinations in one Spark job, against the
 * in-process sweep run once per symbol, and the capacity model: combination-bars per core-second.
 *
 * <p>{@code --reps N} (default 3) {@code --chunk N} (combinations per task, default 500) {@code --master M} (default
 * local[2]).
 */
public final class SparkSweepBenchmark {
    static final String CONFIG = """
            start: 2024-01-01
            end: 2024-03-01
            interval: 1m
            initial_cash: 10000
            fee_rate: 0.001
            slippage_bps: 1
            indicators: {ema_fast: 12, ema_slow: 26, rsi: 14, cmf: 20}
            strategy: {type: ema-cross, decision_every: 1m, size_pct: 1.0}
            """;
    static final List<String> GRID = List.of("ema_fast=2:41:1", "ema_slow=50:290:10");
    static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");

    public static void main(String[] args) throws Exception {
        int reps = 3;
        int chunk = 500;
        String master = "local[2]";
        int taskCpus = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--chunk" -> chunk = Integer.parseInt(args[++i]);
                case "--master" -> master = args[++i];
                case "--task-cpus" -> taskCpus = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException(
                        "usage: SparkSweepBenchmark [--reps N] [--chunk N] [--master M] [--task-cpus N]");
            }
        }
        Path dir = Files.createTempDirectory("kline-spark-bench");
        Path data = dir.resolve("data");
        long seed = 42;
        for (String s : SYMBOLS) {
            BenchStores.write(data, s, seed++, YearMonth.of(2024, 1), YearMonth.of(2024, 2));
        }
        BacktestConfig base = BacktestConfig.parse(CONFIG);
        GridSpec grid = GridSpec.parse(GRID);
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "machine: %d cores, load average %.1f at start (other builds share it)%n", cores,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        KlineStore btc = new KlineStore(data, "BTCUSDT", Clock.systemUTC(), CrashPoints.NONE);
        SweepResult[] last = new SweepResult[1];
        long t0 = System.nanoTime();
        SparkSession spark = SparkSession.builder().master(master).appName("SparkSweepBenchmark")
                .config("spark.ui.enabled", "false").config("spark.task.cpus", String.valueOf(taskCpus)).getOrCreate();
        double session = (System.nanoTime() - t0) / 1e9;
        int sparkCores = spark.sparkContext().defaultParallelism();
        int[] run = {0};
        final int c = chunk;
        Work inProcessOne = () -> last[0] = SweepRunner.run(base, grid, btc, cores);
        Work sparkOne = () -> SparkSweep.run(spark, new SparkSweep.Request(base, GRID, List.of("BTCUSDT"),
                data.toString(), dir.resolve("out-" + run[0]++).toString(), c, "sharpe"));
        long f0 = System.nanoTime();
        sparkOne.run();
        double first = (System.nanoTime() - f0) / 1e9;
        // the two sides alternate, so a change in the machine's load touches both alike
        double[][] one = interleaved(reps, inProcessOne, sparkOne);
        int bars = last[0].bars();
        int ran = last[0].rows().size();
        System.out.printf(Locale.ROOT, "%n1 symbol x 1,000 combinations (%d run), %,d bars each; in-process on %d workers,"
                + " Spark %s (%d cores), chunk %d combinations per task, spark.task.cpus %d; runs alternate%n", ran, bars,
                cores, master, sparkCores, chunk, taskCpus);
        System.out.printf(Locale.ROOT, "  Spark session start %.2f s and the first Spark sweep (cold JIT) %.2f s: not in the"
                + " figures below%n", session, first);
        line("in-process", one[0], ran, bars, cores);
        line("Spark", one[1], ran, bars, sparkCores);
        System.out.printf(Locale.ROOT, "  Spark / in-process wall time %.2fx (best), %.2fx (median); target <= 1.5x: %s%n",
                one[1][0] / one[0][0], one[1][reps / 2] / one[0][reps / 2], one[1][0] / one[0][0] <= 1.5 ? "PASS" : "FAIL");

        Work inProcessThree = () -> {
            for (String s : SYMBOLS) {
                SweepRunner.run(base, grid, new KlineStore(data, s, Clock.systemUTC(), CrashPoints.NONE), cores);
            }
        };
        Work sparkThree = () -> SparkSweep.run(spark, new SparkSweep.Request(base, GRID, SYMBOLS, data.toString(),
                dir.resolve("out-" + run[0]++).toString(), c, "sharpe"));
        double[][] three = interleaved(reps, inProcessThree, sparkThree);
        System.out.printf(Locale.ROOT, "%n3 symbols x 1,000 combinations (%,d runs; in-process: one sweep per symbol):%n",
                3 * ran);
        line("in-process", three[0], 3 * ran, bars, cores);
        line("Spark", three[1], 3 * ran, bars, sparkCores);
        System.out.printf(Locale.ROOT, "  Spark / in-process wall time %.2fx (best), %.2fx (median)%n",
                three[1][0] / three[0][0], three[1][reps / 2] / three[0][reps / 2]);
        spark.stop();
        System.out.printf(Locale.ROOT, "load average at the end: %.1f%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        double rate = 3.0 * ran * bars / (three[1][0] * sparkCores);
        double fullBars = 4.6e6;
        double work = 300 * 10_000 * fullBars;
        System.out.printf(Locale.ROOT, "%ncapacity (Spark 3 symbols, best): %.3g combination-bars per core-second%n", rate);
        System.out.printf(Locale.ROOT, "projection, 300 symbols x 10,000 combinations x %.1fM 1m bars = %.3g combination-bars:"
                + " %.0f core-hours;", fullBars / 1e6, work, work / rate / 3600);
        for (int n : new int[] {64, 256, 1024}) {
            System.out.printf(Locale.ROOT, " %d cores %.1f h;", n, work / rate / 3600 / n);
        }
        System.out.println();
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    interface Work {
        void run() throws Exception;
    }

    private static void line(String who, double[] s, int runs, int bars, int cores) {
        System.out.printf(Locale.ROOT, "  %-12s best %6.2f s (median %6.2f s)  %,6.0f runs/s  %.3g combination-bars per core-second%n",
                who, s[0], s[s.length / 2], runs / s[0], (double) runs * bars / (s[0] * cores));
    }

    /**
     * Sorted wall times (s) of a and b, run alternately reps times after one untimed run of each; prints each run's
     * wall and process CPU time (all threads of the JVM: the sweep's, Spark's, the JIT's and the GC's).
     */
    static double[][] interleaved(int reps, Work a, Work b) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        a.run();
        b.run();
        double[][] s = new double[2][reps];
        double[][] cpu = new double[2][reps];
        double[][] gc = new double[2][reps];
        for (int r = 0; r < reps; r++) {
            for (int k = 0; k < 2; k++) {
                System.gc();
                long g0 = gcMillis();
                long c0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                (k == 0 ? a : b).run();
                s[k][r] = (System.nanoTime() - t0) / 1e9;
                cpu[k][r] = (os.getProcessCpuTime() - c0) / 1e9;
                gc[k][r] = (gcMillis() - g0) / 1e3;
            }
        }
        System.out.printf(Locale.ROOT, "  runs in order (wall s / process CPU s / GC s): in-process %s; Spark %s (load average"
                + " now %.1f)%n", pairs(s[0], cpu[0], gc[0]), pairs(s[1], cpu[1], gc[1]), os.getSystemLoadAverage());
        Arrays.sort(s[0]);
        Arrays.sort(s[1]);
        return s;
    }

    private static String pairs(double[] wall, double[] cpu, double[] gc) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < wall.length; i++) {
            out.add(String.format(Locale.ROOT, "%.2f/%.2f/%.2f", wall[i], cpu[i], gc[i]));
        }
        return String.join(" ", out);
    }

    /** Time the JVM's collectors have spent so far (ms). */
    private static long gcMillis() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
    }

    /** Sorted wall times (s) of reps runs after one untimed run. */
    static double[] times(int reps, Work work) throws Exception {
        work.run();
        double[] s = new double[reps];
        for (int r = 0; r < reps; r++) {
            System.gc();
            long t0 = System.nanoTime();
            work.run();
            s[r] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(s);
        return s;
    }

}
