package bench;

import gen.BinanceArchive;
import gen.KlineGenerator;
import ingest.IngestOutcome;
import ingest.KlineRowParser;
import ingest.LineBatch;
import ingest.LineBatchReader;
import ingest.SafeZip;
import ingest.SourceName;
import ingest.ZipLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import routes.PipelineRuntime;
import storage.CrashPoints;
import storage.Hashes;
import storage.KlineColumns;
import storage.KlineParquet;
import storage.KlineStore;
import storage.MergeRequest;

/**
 * Ingest benchmark (not a test): generates one month (2024-06) and twelve months (2024-01..12) of Binance-format
 * archives, ingests them through the real route {@code direct:ingest-file} into an empty store per run, and in the
 * same run times DuckDB's {@code COPY (read_csv) TO parquet} on the same CSV bytes. Prints rows/s, the ratio
 * ours/DuckDB against the target (>= 1.2), peak heap, and a per-stage breakdown of our path.
 *
 * <p>Run with {@code bin/bench-ingest [--reps N] [--seed S] [--keep]}.
 */
public final class IngestBenchmark {
    static final double TARGET_RATIO = 1.2;
    static final String SYMBOL = "BTCUSDT";
    static final String DUCK_COLUMNS = "{'open_time': 'BIGINT', 'open': 'DOUBLE', 'high': 'DOUBLE', 'low': 'DOUBLE',"
            + " 'close': 'DOUBLE', 'volume': 'DOUBLE', 'close_time': 'BIGINT', 'quote_asset_volume': 'DOUBLE',"
            + " 'trades': 'BIGINT', 'taker_buy_base_volume': 'DOUBLE', 'taker_buy_quote_volume': 'DOUBLE',"
            + " 'ignore': 'INTEGER'}";

    /** One input month: its archive (zip + CHECKSUM), the same CSV unzipped, and its row count. */
    record Month(YearMonth month, Path zip, Path csv, long rows) {
    }

    /** A scenario: a name and the months ingested one after another. */
    record Scenario(String name, List<Month> months) {
        long rows() {
            return months.stream().mapToLong(Month::rows).sum();
        }
    }

    /** Seconds per repetition and the largest peak heap seen. */
    record Timing(double[] seconds, long peakHeapBytes, double[] cpuSeconds) {
        /** Process CPU seconds (all threads, DuckDB's native ones too) of the repetition with the best wall time. */
        double cpuOfBest() {
            int best = 0;
            for (int i = 1; i < seconds.length; i++) {
                if (seconds[i] < seconds[best]) {
                    best = i;
                }
            }
            return cpuSeconds[best];
        }

        double best() {
            return Arrays.stream(seconds).min().orElseThrow();
        }

        double median() {
            double[] s = seconds.clone();
            Arrays.sort(s);
            return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }
    }

    @FunctionalInterface
    interface Run {
        void run(int rep) throws Exception;
    }

    private final Path work;
    private final int reps;
    private final long seed;
    /** Repetitions of the whole-process figure (bin/run ingest vs DuckDB in a fresh JVM); 0: not measured. */
    int processReps = 3;
    /** Only the whole-process figure (no in-process runs, no stage breakdown). */
    boolean processOnly;
    /**
     * Untimed passes over the 12 months on each side before the timed runs. Ours needs ~30 monthly files before C2 has
     * settled (one month's time by repetition in one JVM, session 18: 929, 101, 97, 79, ..., 69, 64, 59 ms): with one
     * pass the 1-month runs, measured first, still raced the JIT. DuckDB gets as many passes.
     */
    int warmupPasses = 3;

    IngestBenchmark(Path work, int reps, long seed) {
        this.work = work;
        this.reps = reps;
        this.seed = seed;
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("kline.log.camel") == null) {
            System.setProperty("kline.log.camel", "WARN"); // Camel's start-up log would bury the table
        }
        int reps = 3;
        long seed = 42;
        boolean keep = false;
        int processReps = 3;
        boolean processOnly = false;
        int warmup = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--process-reps" -> processReps = Integer.parseInt(args[++i]);
                case "--process-only" -> processOnly = true;
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--keep" -> keep = true;
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: IngestBenchmark [--reps N] [--seed S] [--keep] [--process-reps N] "
                            + "[--process-only] [--warmup PASSES]");
                    System.exit(2);
                }
            }
        }
        Path work = Files.createTempDirectory("kline-bench-");
        try {
            IngestBenchmark bench = new IngestBenchmark(work, reps, seed);
            bench.processReps = processReps;
            bench.processOnly = processOnly;
            bench.warmupPasses = warmup;
            bench.run();
        } finally {
            if (keep) {
                System.out.println("kept " + work);
            } else {
                deleteTree(work);
            }
        }
    }

    void run() throws Exception {
        printEnvironment();
        List<Month> year = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            year.add(generate(YearMonth.of(2024, m)));
        }
        Scenario one = new Scenario("1 month", List.of(year.get(5)));
        Scenario twelve = new Scenario("12 months", year);
        System.out.printf("generated %d months, %,d rows, %.1f MB CSV, %.1f MB ZIP (seed %d)%n%n", year.size(),
                twelve.rows(), mb(year.stream().mapToLong(m -> size(m.csv())).sum()),
                mb(year.stream().mapToLong(m -> size(m.zip())).sum()), seed);

        if (processOnly) {
            wholeProcess(one, twelve);
            return;
        }
        System.out.printf("warm-up, %d passes (ours: 12 months into a throwaway store; DuckDB: 12 COPYs) ...%n",
                warmupPasses);
        for (int w = 0; w < warmupPasses; w++) {
            ingestRun(twelve, "warmup-" + w);
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            for (int w = 0; w < warmupPasses; w++) {
                duckRun(duck, twelve, "warmup-" + w);
            }
            String threads = scalar(duck, "SELECT current_setting('threads')");

            // ours and DuckDB alternate repetition by repetition, so a busy moment on a shared machine hits both
            Timing[] t1 = measure(rep -> ingestRun(one, "one-" + rep), rep -> duckRun(duck, one, "one-" + rep));
            // 12 months: as `ingest *.zip` runs them (PipelineRuntime.ingestAll: the next file read while the one
            // before commits), and one runtime.ingest call per file, as before (the inbox and backfill take files so)
            Timing[] t12 = measure(rep -> ingestRun(twelve, "twelve-" + rep, true),
                    rep -> duckRun(duck, twelve, "twelve-" + rep),
                    rep -> ingestRun(twelve, "twelve-single-" + rep, false));
            Timing ours1 = t1[0];
            Timing duck1 = t1[1];
            Timing ours12 = t12[0];
            Timing duck12 = t12[1];
            Timing ours12single = t12[2];
            execute(duck, "SET threads = 1");
            Timing duck1t = measure(rep -> duckRun(duck, one, "one-t1-" + rep))[0];
            Timing duck12t = measure(rep -> duckRun(duck, twelve, "twelve-t1-" + rep))[0];

            System.out.printf("%nours: ZIP -> SHA-256/CHECKSUM -> safe unzip -> parse/validate -> Parquet (snappy) + "
                    + "offsets.json, empty store per run; 1 month and '12 months, one call per file': "
                    + "direct:ingest-file per file; '12 months': the 12 files in one PipelineRuntime.ingestAll call "
                    + "(what `ingest *.zip` runs: the next file opened and parsed while the one before commits)%n");
            System.out.printf("DuckDB: COPY (SELECT * FROM read_csv(<csv>, header=false, columns={12 typed})) TO "
                    + "<month>.parquet (FORMAT parquet, COMPRESSION snappy), one COPY per monthly CSV, threads=%s%n",
                    threads);
            System.out.printf("%d repetitions each; best (median) wall time; rows/s from the best%n%n", reps);
            printTable(List.of(row(one, ours1, duck1), row(twelve, ours12, duck12),
                    new Row("12 months, one call per file", twelve.rows(), ours12single, duck12)));
            System.out.printf("%nDuckDB with SET threads=1, for reference (our ingest of one file inflates on one core while it parses on the other):%n");
            System.out.printf("  1 month   best %.3f s, %,.0f rows/s, ours/DuckDB(1 thread) %.2f%n", duck1t.best(),
                    one.rows() / duck1t.best(), duck1t.best() / ours1.best());
            System.out.printf("  12 months best %.3f s, %,.0f rows/s, ours/DuckDB(1 thread) %.2f%n", duck12t.best(),
                    twelve.rows() / duck12t.best(), duck12t.best() / ours12.best());
        }
        System.out.printf("%nload average after the timed runs: %s%n", loadAverage());
        System.out.printf("%nwhere our time goes (direct calls, no Camel, best of %d; store merge = dedup + parquet write"
                + " + fsync + sha256 + crash-safe offsets.json commit into an empty store):%n", reps);
        stages(one);
        stages(twelve);
        if (processReps > 0) {
            wholeProcess(one, twelve);
        }
    }

    // --- whole process --------------------------------------------------------------------------------

    /**
     * What the user waits for: {@code bin/run ingest FILE...} as a whole process (bash, the JVM with bin/run's AOT
     * cache, Camel, the ingest, the standing feature files, exit) into an empty folder, against DuckDB JDBC in a fresh
     * JVM running the same COPYs ({@link DuckCopyProcess}); alternating, wall and process CPU (user + sys, from
     * {@code /usr/bin/time}). Needs the packaged jar (bin/run builds it when the sources are newer).
     */
    private void wholeProcess(Scenario... scenarios) throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        Path binRun = repo.resolve("bin/run");
        Path time = Path.of("/usr/bin/time");
        if (!Files.isExecutable(binRun) || !Files.isExecutable(time)) {
            System.out.printf("%nwhole process: skipped (needs bin/run and /usr/bin/time)%n");
            return;
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = String.join(java.io.File.pathSeparator, Arrays.stream(System.getProperty("java.class.path")
                .split(java.io.File.pathSeparator)).map(e -> Path.of(e).toAbsolutePath().toString()).toList());
        // the first call builds the jar if needed and starts bin/run's AOT cache training: wait for the cache
        Path warm = Files.createDirectories(work.resolve("process").resolve("warm"));
        timed(warm, List.of("bash", binRun.toString(), "ingest", scenarios[0].months().get(0).zip().toString()));
        Path target = repo.resolve("target");
        for (int i = 0; i < 600 && hasTrainingLock(target); i++) {
            Thread.sleep(1000);
        }
        System.out.printf("%nwhole process, %d repetitions each, alternating (load average %s): bin/run ingest FILE... "
                + "(with its AOT cache: JVM, Camel, ingest, standing feature files, exit) vs DuckDB JDBC in a fresh "
                + "JVM (%s bench.DuckCopyProcess: JVM, DuckDB's library, the same COPYs, exit); wall best (median) s, "
                + "process CPU user+sys of the best s%n", processReps, loadAverage(), javaBin);
        for (Scenario s : scenarios) {
            double[] ours = new double[processReps];
            double[] oursCpu = new double[processReps];
            double[] duck = new double[processReps];
            double[] duckCpu = new double[processReps];
            for (int rep = 0; rep < processReps; rep++) {
                Path dir = Files.createDirectories(work.resolve("process").resolve(s.name().replace(' ', '-') + "-" + rep));
                List<String> cmd = new ArrayList<>(List.of("bash", binRun.toString(), "ingest"));
                s.months().forEach(m -> cmd.add(m.zip().toString()));
                double[] o = timed(dir, cmd);
                List<String> dcmd = new ArrayList<>(List.of(javaBin, "--enable-native-access=ALL-UNNAMED", "-cp", classpath,
                        DuckCopyProcess.class.getName(), dir.resolve("duck").toString()));
                s.months().forEach(m -> dcmd.add(m.csv().toString()));
                double[] d = timed(dir, dcmd);
                ours[rep] = o[0];
                oursCpu[rep] = o[1];
                duck[rep] = d[0];
                duckCpu[rep] = d[1];
                deleteTree(dir);
            }
            Timing to = new Timing(ours, 0, oursCpu);
            Timing td = new Timing(duck, 0, duckCpu);
            System.out.printf("  %-10s ours %.3f (%.3f) s, CPU %.2f s | DuckDB %.3f (%.3f) s, CPU %.2f s | ours/DuckDB "
                    + "rows/s %.2f%n", s.name(), to.best(), to.median(), to.cpuOfBest(), td.best(), td.median(),
                    td.cpuOfBest(), td.best() / to.best());
        }
        System.out.printf("load average after: %s%n", loadAverage());
    }

    private static boolean hasTrainingLock(Path target) throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".aot.lock"));
        }
    }

    /** Runs {@code cmd} in {@code dir} under /usr/bin/time; {wall s, user+sys s}. Fails on a non-zero exit. */
    private static double[] timed(Path dir, List<String> cmd) throws Exception {
        Path times = dir.resolve("time.txt");
        Path log = dir.resolve("out.log");
        List<String> full = new ArrayList<>(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%e %U %S"));
        full.addAll(cmd);
        ProcessBuilder pb = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("APP_") || k.equals("JAVA_OPTS"));
        Process p = pb.start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed (" + p.exitValue() + "): " + cmd.get(cmd.size() > 5 ? 4 : 0) + " ...\n"
                    + Files.readString(log));
        }
        String[] f = Files.readString(times).trim().split("\\s+");
        return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]) + Double.parseDouble(f[2])};
    }

    // --- inputs ---------------------------------------------------------------------------------------

    private Month generate(YearMonth month) throws IOException {
        Path gen = work.resolve("gen");
        Path csv = gen.resolve(SYMBOL + "-1m-" + month + ".csv");
        long rows = new KlineGenerator(seed).write(month.atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
                month.plusMonths(1).atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), csv, List.of());
        Path zip = BinanceArchive.zipWithChecksum(csv, work.resolve("archives"));
        Files.delete(csv);
        // DuckDB reads the very bytes our ingest inflates: unzip the archive to disk
        Path unzipped = work.resolve("csv").resolve(csv.getFileName());
        Files.createDirectories(unzipped.getParent());
        try (SafeZip z = SafeZip.open(zip, SourceName.parse(zip.getFileName().toString()), limits())) {
            Files.copy(z.csv(), unzipped);
        }
        return new Month(month, zip, unzipped, rows);
    }

    private static ZipLimits limits() {
        return new ZipLimits(256L << 20, 50);
    }

    // --- the two contenders ---------------------------------------------------------------------------

    /** Ingests every month of the scenario through the routes into a fresh, empty store. */
    private void ingestRun(Scenario s, String tag) throws Exception {
        ingestRun(s, tag, false);
    }

    /** As above; {@code inARow}: all files in one {@code PipelineRuntime.ingestAll} call (the ingest command's way). */
    private void ingestRun(Scenario s, String tag, boolean inARow) throws Exception {
        Path data = Files.createDirectories(work.resolve("data").resolve(tag));
        Path inbox = Files.createDirectories(work.resolve("inbox").resolve(tag));
        try (PipelineRuntime runtime = PipelineRuntime.startOneShot(Map.of(
                "app.data.dir", data.toString(), "app.inbox.dir", inbox.toString(),
                "app.features.refresh", ""))) { // ingest alone: no standing feature files
            Phase.begin();
            if (inARow) {
                List<IngestOutcome> outcomes = new ArrayList<>();
                runtime.ingestAll(s.months().stream().map(Month::zip).toList(), false, outcomes::add);
                Phase.end();
                for (int i = 0; i < outcomes.size(); i++) {
                    check(outcomes.get(i), s.months().get(i));
                }
            } else {
                for (Month m : s.months()) {
                    check(runtime.ingest(m.zip(), false), m);
                }
                Phase.end();
            }
        }
        deleteTree(data);
    }

    private static void check(IngestOutcome outcome, Month m) {
        if (outcome.status() != IngestOutcome.Status.INGESTED || outcome.monthRows() != m.rows()) {
            throw new IllegalStateException("unexpected outcome: " + outcome.summary());
        }
    }

    private void duckRun(Connection duck, Scenario s, String tag) throws Exception {
        Path out = Files.createDirectories(work.resolve("duck").resolve(tag));
        Phase.begin();
        for (Month m : s.months()) {
            execute(duck, "COPY (SELECT * FROM read_csv('" + m.csv() + "', header=false, columns=" + DUCK_COLUMNS
                    + ")) TO '" + out.resolve(m.month() + ".parquet") + "' (FORMAT parquet, COMPRESSION snappy)");
        }
        Phase.end();
        deleteTree(out);
    }

    /** Runs {@code reps} repetitions of each contender, alternating; the time and heap of each come from {@link Phase}. */
    private Timing[] measure(Run... runs) throws Exception {
        double[][] seconds = new double[runs.length][reps];
        long[] peak = new long[runs.length];
        double[][] cpu = new double[runs.length][reps];
        for (int rep = 0; rep < reps; rep++) {
            for (int r = 0; r < runs.length; r++) {
                runs[r].run(rep);
                seconds[r][rep] = Phase.seconds;
                peak[r] = Math.max(peak[r], Phase.peakHeap);
                cpu[r][rep] = Phase.cpuSeconds;
            }
        }
        Timing[] out = new Timing[runs.length];
        for (int r = 0; r < runs.length; r++) {
            out[r] = new Timing(seconds[r], peak[r], cpu[r]);
        }
        return out;
    }

    /** Wall time and heap-pool peak of the measured part of one run (GC first, pool peaks reset). */
    static final class Phase {
        static long started;
        static double seconds;
        static long peakHeap;
        static long cpuStarted;
        static double cpuSeconds;

        private static long processCpuNanos() {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : 0;
        }

        static void begin() {
            System.gc();
            heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
            cpuStarted = processCpuNanos();
            started = System.nanoTime();
        }

        static void end() {
            seconds = (System.nanoTime() - started) / 1e9;
            cpuSeconds = (processCpuNanos() - cpuStarted) / 1e9;
            peakHeap = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        }

        private static List<MemoryPoolMXBean> heapPools() {
            return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
        }
    }

    // --- stage breakdown ------------------------------------------------------------------------------

    private void stages(Scenario s) throws Exception {
        double sha = Double.MAX_VALUE;
        double inflate = Double.MAX_VALUE;
        double parse = Double.MAX_VALUE;
        double write = Double.MAX_VALUE;
        double merge = Double.MAX_VALUE;
        for (int rep = 0; rep < reps; rep++) {
            long t0 = System.nanoTime();
            for (Month m : s.months()) {
                Hashes.sha256(m.zip());
            }
            long t1 = System.nanoTime();
            List<byte[]> csvs = new ArrayList<>();
            for (Month m : s.months()) {
                try (SafeZip z = SafeZip.open(m.zip(), SourceName.parse(m.zip().getFileName().toString()), limits())) {
                    csvs.add(z.csv().readAllBytes());
                }
            }
            long t2 = System.nanoTime();
            List<KlineColumns> parsed = new ArrayList<>();
            for (int i = 0; i < csvs.size(); i++) {
                parsed.add(parse(s.months().get(i), new ByteArrayInputStream(csvs.get(i))));
            }
            long t3 = System.nanoTime();
            Path dir = Files.createDirectories(work.resolve("stages"));
            for (int i = 0; i < parsed.size(); i++) {
                KlineParquet.write(dir.resolve(s.months().get(i).month() + ".parquet"), parsed.get(i));
            }
            long t4 = System.nanoTime();
            deleteTree(dir);
            KlineStore store = new KlineStore(work.resolve("stages-store"), SYMBOL, Clock.systemUTC(),
                    CrashPoints.NONE);
            for (int i = 0; i < parsed.size(); i++) {
                Month m = s.months().get(i);
                SourceName name = SourceName.parse(m.zip().getFileName().toString());
                store.merge(new MergeRequest(name.fileName(), "bench-" + i, "archive", m.month(),
                        name.periodStart().toEpochMilli(), name.periodEnd().toEpochMilli(), parsed.get(i), false));
            }
            long t5 = System.nanoTime();
            deleteTree(work.resolve("stages-store"));
            sha = Math.min(sha, (t1 - t0) / 1e9);
            inflate = Math.min(inflate, (t2 - t1) / 1e9);
            parse = Math.min(parse, (t3 - t2) / 1e9);
            write = Math.min(write, (t4 - t3) / 1e9);
            merge = Math.min(merge, (t5 - t4) / 1e9);
        }
        long rows = s.rows();
        System.out.printf("  %-9s sha256 %.3f s | unzip %.3f s | parse+validate %.3f s (%,.0f rows/s) | "
                + "parquet write %.3f s (%,.0f rows/s) | store merge %.3f s%n", s.name(), sha, inflate, parse, rows / parse,
                write, rows / write, merge);
    }

    private static KlineColumns parse(Month m, InputStream csv) {
        String name = m.zip().getFileName().toString();
        SourceName source = SourceName.parse(name);
        KlineRowParser parser = new KlineRowParser(name, source.periodStart().toEpochMilli(),
                source.periodEnd().toEpochMilli());
        KlineColumns out = new KlineColumns(45_000);
        LineBatchReader batches = new LineBatchReader(csv, 20_000, 1024, name);
        while (batches.hasNext()) {
            LineBatch b = batches.next();
            parser.parse(b, out);
        }
        return out;
    }

    // --- output ---------------------------------------------------------------------------------------

    record Row(String scenario, long rows, Timing ours, Timing duck) {
        double oursRate() {
            return rows / ours.best();
        }

        double duckRate() {
            return rows / duck.best();
        }

        double ratio() {
            return oursRate() / duckRate();
        }
    }

    private static Row row(Scenario s, Timing ours, Timing duck) {
        return new Row(s.name(), s.rows(), ours, duck);
    }

    private static void printTable(List<Row> rows) {
        String head = "| scenario                     |    rows | ours best (median) s | ours rows/s | DuckDB best (median) s | DuckDB rows/s "
                + "| ours/DuckDB | peak heap MB | target >= 1.2 |";
        System.out.println(head);
        System.out.println(head.replaceAll("[^|]", "-"));
        for (Row r : rows) {
            System.out.printf("| %-28s | %,7d | %8.3f (%7.3f)     | %,11.0f | %10.3f (%7.3f)     | %,13.0f | %11.2f | %12.0f | %-13s |%n",
                    r.scenario(), r.rows(), r.ours().best(), r.ours().median(), r.oursRate(), r.duck().best(),
                    r.duck().median(), r.duckRate(), r.ratio(), mb(r.ours().peakHeapBytes()),
                    r.ratio() >= TARGET_RATIO ? "PASS" : "FAIL");
        }
        for (Row r : rows) {
            System.out.printf("%-28s process CPU s in the best run: ours %.3f, DuckDB %.3f (CPU ours/DuckDB %.2f)%n",
                    r.scenario(), r.ours().cpuOfBest(), r.duck().cpuOfBest(), r.ours().cpuOfBest() / r.duck().cpuOfBest());
        }
        System.out.println("peak heap: sum of the JVM heap pools' peak usage during our ingest phase (pools reset after a "
                + "GC before each run; an upper bound, pools peak at different moments); max over repetitions");
    }

    private static void printEnvironment() {
        Runtime rt = Runtime.getRuntime();
        List<String> heapFlags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xm") || a.startsWith("-XX:")).toList();
        String xmx = heapFlags.isEmpty() ? "(no -Xmx: default)" : String.join(" ", heapFlags);
        System.out.printf("date %s | JVM %s %s (%s) | %d cores | %s, max heap %.0f MB | GC %s%n", LocalDate.now(),
                System.getProperty("java.vm.vendor"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name"), rt.availableProcessors(), xmx, mb(rt.maxMemory()),
                String.join("+", ManagementFactory.getGarbageCollectorMXBeans().stream().map(g -> g.getName()).toList()));
        System.out.printf("OS %s %s %s | load average %s%n", System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"), loadAverage());
    }

    /** The 1, 5 and 15 minute load averages (Linux), to tell a quiet machine from a shared busy one. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    // --- helpers --------------------------------------------------------------------------------------

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
