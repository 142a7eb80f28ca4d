package bench;

import backtest.config.BacktestConfig;
import backtest.sweep.GridSpec;
import backtest.sweep.SweepRunner;
import features.ParquetDataSource;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.sql.SparkSession;
import sparkjob.BenchStores;
import sparkjob.SparkSweep;
import storage.CrashPoints;
import storage.KlineStore;

/**
 * Where a Spark sweep's time goes (not a test; {@code bin/bench-spark --breakdown}): the 1 symbol x 1,000 sweep of
 * {@link SparkSweepBenchmark} in {@code local[2]}, {@code --reps} times after two untimed runs, with a
 * {@link SparkListener} recording every job, stage and task: per sweep the wall time of {@code SparkSweep.run} and its
 * phases ({@code timing.json}), the jobs and stages, the summed task figures (executor run and CPU time, task
 * deserialisation, result serialisation, scheduler delay = task duration - the rest, GC, shuffle bytes), the driver time
 * outside any job, and the engine's own time for the same chunks ({@code SweepRunner.runRange} on one thread each, as
 * many at once as Spark runs tasks, without Spark: the job's floor). Process CPU time beside wall time.
 */
public final class SparkSweepBreakdown {
    record Task(int stage, long launch, long finish, long duration, long deser, long run, long cpuNs, long resultSer,
                long gettingResult, long gc, long shuffleWrite, long shuffleRead, long resultSize) {
    }

    record Stage(int id, String name, int tasks, long submitted, long completed) {
    }

    record Job(int id, long start, long end, int stages) {
    }

    static final List<Task> TASKS = new ArrayList<>();
    static final List<Stage> STAGES = new ArrayList<>();
    static final Map<Integer, Job> JOBS = new TreeMap<>();

    public static void main(String[] args) throws Exception {
        int reps = 5;
        int chunk = 500;
        String master = "local[2]";
        int taskCpus = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--chunk" -> chunk = Integer.parseInt(args[++i]);
                case "--master" -> master = args[++i];
                case "--task-cpus" -> taskCpus = Integer.parseInt(args[++i]);
                case "--breakdown" -> { }
                default -> throw new IllegalArgumentException("usage: SparkSweepBreakdown [--reps N] [--chunk N] [--master M]");
            }
        }
        Path dir = Files.createTempDirectory("kline-spark-breakdown");
        Path data = dir.resolve("data");
        BenchStores.write(data, "BTCUSDT", 42, YearMonth.of(2024, 1), YearMonth.of(2024, 2));
        BacktestConfig base = BacktestConfig.parse(SparkSweepBenchmark.CONFIG);
        GridSpec grid = GridSpec.parse(SparkSweepBenchmark.GRID);
        SparkSession spark = SparkSession.builder().master(master).appName("SparkSweepBreakdown")
                .config("spark.ui.enabled", "false").config("spark.task.cpus", String.valueOf(taskCpus)).getOrCreate();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public synchronized void onJobStart(SparkListenerJobStart e) {
                JOBS.put(e.jobId(), new Job(e.jobId(), e.time(), -1, e.stageInfos().size()));
            }

            @Override
            public synchronized void onJobEnd(SparkListenerJobEnd e) {
                Job j = JOBS.get(e.jobId());
                JOBS.put(e.jobId(), new Job(e.jobId(), j.start(), e.time(), j.stages()));
            }

            @Override
            public synchronized void onStageCompleted(SparkListenerStageCompleted e) {
                StageInfo s = e.stageInfo();
                STAGES.add(new Stage(s.stageId(), s.name(), s.numTasks(), (Long) s.submissionTime().get(),
                        (Long) s.completionTime().get()));
            }

            @Override
            public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
                TaskInfo i = e.taskInfo();
                TaskMetrics m = e.taskMetrics();
                if (m == null) {
                    return;
                }
                long duration = i.finishTime() - i.launchTime();
                long delay = 0;
                TASKS.add(new Task(e.stageId(), i.launchTime(), i.finishTime(), duration, m.executorDeserializeTime(),
                        m.executorRunTime(), m.executorCpuTime(), m.resultSerializationTime(), i.gettingResultTime() == 0
                        ? 0 : i.finishTime() - i.gettingResultTime(), m.jvmGCTime(),
                        m.shuffleWriteMetrics().bytesWritten(), m.shuffleReadMetrics().totalBytesRead(), m.resultSize()));
            }
        });
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int[] n = {0};
        final int c = chunk;
        Runnable one = () -> {
            try {
                SparkSweep.run(spark, new SparkSweep.Request(base, SparkSweepBenchmark.GRID, List.of("BTCUSDT"),
                        data.toString(), dir.resolve("out-" + n[0]++).toString(), c, "sharpe"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        one.run();
        one.run();
        KlineStore btc = new KlineStore(data, "BTCUSDT", Clock.systemUTC(), CrashPoints.NONE);
        System.out.printf(Locale.ROOT, "load average %.1f; %s, chunk %d%n", os.getSystemLoadAverage(), master, chunk);
        for (int r = 0; r < reps; r++) {
            // the engine alone on the same chunks, as the tasks run them (one thread each), as many at once as Spark
            // runs tasks: Spark's job without Spark
            int par = spark.sparkContext().defaultParallelism();
            List<long[]> chunkNanos = java.util.Collections.synchronizedList(new ArrayList<>());
            System.gc();
            long g0e = gcMillis();
            long a0e = allocated();
            long c0e = os.getProcessCpuTime();
            long t0e = System.nanoTime();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(par)) {
                List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
                for (int from = 0; from < grid.points().size(); from += chunk) {
                    int f = from;
                    int to = from + chunk;
                    fs.add(pool.submit(() -> {
                        long t = System.nanoTime();
                        SweepRunner.runRange(base, grid, new ParquetDataSource(btc, base.gapPolicy(), false), f, to, 1);
                        chunkNanos.add(new long[] {f, System.nanoTime() - t});
                        return null;
                    }));
                }
                for (var f : fs) {
                    f.get();
                }
            }
            long engine = System.nanoTime() - t0e;
            long engineCpu = os.getProcessCpuTime() - c0e;
            long engineGc = gcMillis() - g0e;
            long engineAlloc = allocated() - a0e;
            List<String> perChunk = chunkNanos.stream().sorted(Comparator.comparingLong(x -> x[0]))
                    .map(x -> String.format(Locale.ROOT, "%.0f", x[1] / 1e6)).toList();
            System.gc();
            int tasks0;
            int stages0;
            int jobs0;
            synchronized (SparkSweepBreakdown.class) {
                tasks0 = TASKS.size();
                stages0 = STAGES.size();
                jobs0 = JOBS.isEmpty() ? 0 : ((TreeMap<Integer, Job>) JOBS).lastKey() + 1;
            }
            long g0 = gcMillis();
            long a0 = allocated();
            long c0 = os.getProcessCpuTime();
            long w0 = System.currentTimeMillis();
            long t0 = System.nanoTime();
            one.run();
            long wall = System.nanoTime() - t0;
            long w1 = System.currentTimeMillis();
            long cpu = os.getProcessCpuTime() - c0;
            long gc = gcMillis() - g0;
            long alloc = allocated() - a0;
            spark.sparkContext().listenerBus().waitUntilEmpty();
            @SuppressWarnings("unchecked")
            Map<String, Object> timing = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                    dir.resolve("out-" + (n[0] - 1)).resolve("timing.json").toFile(), Map.class);
            List<Task> tasks = TASKS.subList(tasks0, TASKS.size());
            List<Stage> stages = STAGES.subList(stages0, STAGES.size());
            List<Job> jobs = JOBS.values().stream().filter(j -> j.id() >= jobs0).toList();
            long inJobs = union(jobs.stream().map(j -> new long[] {Math.max(j.start(), w0), Math.min(j.end(), w1)}).toList());
            System.out.printf(Locale.ROOT, "%nsweep %d: wall %.0f ms, process CPU %.0f ms, GC %d ms, allocated %d MB; timing.json plan %.0f / sweep %.0f"
                    + " / write %.0f ms (+ json after), engine inside the tasks %s ms%n  the engine alone on the same"
                    + " chunks, %d at once (1 thread each, no Spark): chunks %s ms, wall %.0f ms, process CPU %.0f ms, GC %d ms,"
                    + " allocated %d MB%n",
                    r + 1, wall / 1e6, cpu / 1e6, gc, alloc >> 20, num(timing.get("plan_ms")), num(timing.get("sweep_ms")),
                    num(timing.get("write_ms")), timing.get("task_engine_ms"), par, perChunk, engine / 1e6,
                    engineCpu / 1e6, engineGc, engineAlloc >> 20);
            System.out.printf(Locale.ROOT, "  %d jobs (%s ms), driver outside any job %d ms%n", jobs.size(),
                    String.join(", ", jobs.stream().map(j -> String.valueOf(j.end() - j.start())).toList()),
                    (w1 - w0) - inJobs);
            stages.stream().sorted(Comparator.comparingInt(Stage::id)).forEach(s -> {
                List<Task> ts = tasks.stream().filter(t -> t.stage() == s.id()).toList();
                System.out.printf(Locale.ROOT, "  stage %-3d %-42s %2d tasks  %5d ms | tasks: duration %s, run %s, CPU %s,"
                                + " deser %s, result ser %s, getting result %s, sched delay %s, GC %s; shuffle w/r %d/%d B,"
                                + " result %d B%n",
                        s.id(), s.name().length() > 42 ? s.name().substring(0, 42) : s.name(), s.tasks(),
                        s.completed() - s.submitted(),
                        list(ts, Task::duration), list(ts, Task::run), list(ts, t -> t.cpuNs() / 1_000_000),
                        list(ts, Task::deser), list(ts, Task::resultSer), list(ts, Task::gettingResult),
                        list(ts, t -> t.duration() - t.deser() - t.run() - t.resultSer() - t.gettingResult()),
                        list(ts, Task::gc), ts.stream().mapToLong(Task::shuffleWrite).sum(),
                        ts.stream().mapToLong(Task::shuffleRead).sum(), ts.stream().mapToLong(Task::resultSize).sum());
            });
        }
        spark.stop();
        System.out.printf(Locale.ROOT, "load average at the end %.1f%n", os.getSystemLoadAverage());
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Bytes allocated on the heap by all threads since the JVM started (HotSpot's approximation). */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    /** Time the JVM's collectors have spent so far (ms). */
    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
    }

    private static double num(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    private static String list(List<Task> ts, java.util.function.ToLongFunction<Task> f) {
        return ts.size() == 1 ? String.valueOf(f.applyAsLong(ts.get(0)))
                : ts.stream().map(t -> String.valueOf(f.applyAsLong(t))).toList().toString().replace(" ", "");
    }

    /** Total length of the union of [from, to] intervals (ms). */
    private static long union(List<long[]> spans) {
        List<long[]> s = new ArrayList<>(spans.stream().filter(x -> x[1] > x[0]).toList());
        s.sort(Comparator.comparingLong(x -> x[0]));
        long total = 0;
        long curFrom = -1;
        long curTo = -1;
        for (long[] x : s) {
            if (x[0] > curTo) {
                total += curTo - curFrom;
                curFrom = x[0];
                curTo = x[1];
            } else {
                curTo = Math.max(curTo, x[1]);
            }
        }
        return total + (curTo - curFrom);
    }
}
