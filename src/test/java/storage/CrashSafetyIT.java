package storage;

import static org.assertj.core.api.Assertions.assertThat;

import gen.BinanceArchive;
import gen.KlineGenerator;
import ingest.IngestOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import routes.PipelineRuntime;
import support.ChildJvm;

/**
 * Crash safety of the store, with real child JVMs running {@code kline-pipeline ingest}: a crash at any moment
 * leaves the old or the new state of a month (never a torn file), and start-up recovery removes every temp and
 * pending file. Every crash is a SIGKILL from this process: at a named commit step (the child pauses there,
 * {@code app.debug.crash-at=pause:<step>:<marker>}, writes the marker and waits, and is killed while it waits) and at
 * random moments. DuckDB reads the Parquet files back, independently of our own reader.
 */
class CrashSafetyIT {
    private static final String SYMBOL = "BTCUSDT";
    private static final long SEED = 20240315L;
    private static final int DAY_MINUTES = 1440;
    private static final int KILLED = 137; // 128 + SIGKILL
    private static final YearMonth MONTH = YearMonth.of(2024, 3);
    private static final LocalDate GAP_DAY = LocalDate.of(2024, 3, 15);
    private static final YearMonth YEAR_START = YearMonth.of(2023, 1);
    private static final int KILLS = 5;
    /** Raw CSV copies are written outside the store lock: their temp files must be cleaned up too. */
    private static final String KEEP_RAW_CSV = "app.ingest.keep-raw-csv";
    /** The marker file a child paused at a step writes (outside the store, so no snapshot sees it). */
    private static final String PAUSED = "paused";

    @TempDir
    static Path shared;
    private static Path monthZip;  // MONTH without GAP_DAY: the baseline store
    private static Path dayZip;    // GAP_DAY alone: adds its rows to the baseline month
    private static Path baselineData;
    private static Map<String, String> baselineFiles;
    private static Connection duck;

    @BeforeAll
    static void generateInputsAndIngestBaseline() throws Exception {
        duck = DriverManager.getConnection("jdbc:duckdb:");
        KlineGenerator generator = new KlineGenerator(SEED);
        Path csv = shared.resolve("csv");
        Instant gapStart = GAP_DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
        Path monthCsv = csv.resolve(SYMBOL + "-1m-" + MONTH + ".csv");
        generator.writeMonth(MONTH, monthCsv, List.of(new KlineGenerator.Gap(gapStart, DAY_MINUTES)));
        monthZip = BinanceArchive.zipWithChecksum(monthCsv, shared.resolve("in"));
        Path dayCsv = csv.resolve(SYMBOL + "-1m-" + GAP_DAY + ".csv");
        generator.writeDay(GAP_DAY, dayCsv, List.of());
        dayZip = BinanceArchive.zipWithChecksum(dayCsv, shared.resolve("in"));

        Path work = shared.resolve("baseline");
        ChildJvm.Run run = child(work, Map.of(), List.of(monthZip)).awaitExit();
        assertThat(run.exitCode()).as(run::describe).isZero();
        baselineData = work.resolve("data");
        baselineFiles = snapshot(baselineData);
        assertConsistent(baselineData);
        assertThat(monthEntry(baselineData).rows()).isEqualTo(monthMinutes(MONTH) - DAY_MINUTES);
    }

    @AfterAll
    static void closeDuckDb() throws SQLException {
        if (duck != null) {
            duck.close();
        }
    }

    @Test
    void child_jvm_runs_the_cli_with_the_test_classpath(@TempDir Path work) throws Exception {
        // surefire may start the fork from a manifest-only booter jar; java.class.path must still reach the app
        String cp = System.getProperty("java.class.path");
        ChildJvm.Run run = child(work, Map.of(), List.of(), "--version").awaitExit();
        assertThat(run.exitCode()).as(run::describe).isZero();
        assertThat(run.output()).as("classpath %s", cp).contains("kline-pipeline");
        System.out.printf("child classpath: %d entries%n", cp.split(java.io.File.pathSeparator).length);
    }

    @ParameterizedTest(name = "kill -9 {0}")
    @ValueSource(strings = {"before-pending", "after-pending", "after-month-rename", "after-offsets"})
    void a_kill_9_at_a_commit_step_leaves_the_old_or_the_new_month_after_restart(String point, @TempDir Path work)
            throws Exception {
        Path data = work.resolve("data");
        copyTree(baselineData, data);

        Map<String, String> settings = new TreeMap<>(pauseAt(point, work));
        settings.put(KEEP_RAW_CSV, "true");
        ChildJvm crash = child(work, settings, List.of(dayZip));
        ChildJvm.Run killed = killWhenPaused(crash, work);

        assertThat(killed.exitCode()).as(killed::describe).isEqualTo(KILLED);
        boolean pendingWritten = !point.equals("before-pending");
        boolean monthRenamed = point.startsWith("after-") && !point.equals("after-pending");
        boolean offsetsWritten = point.equals("after-offsets");
        Map<String, String> crashed = snapshot(data);
        assertThat(crashed.containsKey(relative(pendingFile(data), data))).as("killed with a pending commit")
                .isEqualTo(pendingWritten);
        assertThat(crashed.keySet().stream().anyMatch(f -> f.startsWith(monthKey() + AtomicFiles.TMP_MARKER)))
                .as("new month file still under its temp name").isEqualTo(!monthRenamed);
        assertThat(crashed.keySet()).as("raw CSV copy published before the merge")
                .anyMatch(f -> f.contains("raw_csv") && f.endsWith(".csv"))
                .noneMatch(f -> f.contains("raw_csv") && f.contains(AtomicFiles.TMP_MARKER));
        assertThat(crashed.get(monthKey()).equals(baselineFiles.get(monthKey())))
                .as("month file still the old one").isEqualTo(!monthRenamed);
        assertThat(crashed.get(offsetsKey()).equals(baselineFiles.get(offsetsKey())))
                .as("offsets.json still the old one").isEqualTo(!offsetsWritten);

        try (PipelineRuntime restarted = PipelineRuntime.startOneShot(settings(work))) {
            assertConsistent(data);
            if (monthRenamed) {
                assertNewState(data); // the month file was in place: recovery completes the commit
            } else {
                Map<String, String> store = new TreeMap<>(snapshot(data));
                store.keySet().removeIf(f -> f.contains("raw_csv")); // the copy of a file that will simply be ingested again
                assertThat(store).as("rolled back to the old state").isEqualTo(withoutRawCopies(baselineFiles));
            }
            IngestOutcome again = restarted.ingest(dayZip, false);
            assertThat(again.status()).as(again.summary()).isEqualTo(monthRenamed
                    ? IngestOutcome.Status.ALREADY_INGESTED : IngestOutcome.Status.INGESTED);
        }
        assertConsistent(data);
        assertNewState(data);
    }

    /** docs/cli.md: SIGTERM (or Ctrl-C) stops a one-shot command at once, but an ingest finishes its commit; exit 143. */
    @Test
    void sigterm_in_the_middle_of_a_commit_lets_the_commit_finish_and_exits_143(@TempDir Path work) throws Exception {
        Path data = work.resolve("data");
        copyTree(baselineData, data);
        ChildJvm child = child(work, pauseAt("after-pending", work), List.of(dayZip));
        Path marker = work.resolve(PAUSED);
        child.awaitFile(marker);
        assertThat(child.process().isAlive()).as("paused in its commit (%s)", child.log()).isTrue();

        child.process().destroy(); // SIGTERM
        Thread.sleep(1000); // the JVM's shutdown has begun; without waiting for the commit it would be gone by now
        assertThat(child.process().isAlive()).as("the stop waits for the commit in flight (%s)", child.log()).isTrue();
        Files.delete(marker); // the commit goes on
        ChildJvm.Run run = child.awaitExit();

        assertThat(run.exitCode()).as(run::describe).isEqualTo(143);
        assertConsistent(data); // no pending or temp file left: committed, no recovery needed
        assertNewState(data);
    }

    @Test
    void a_kill_9_while_refreshing_features_is_made_good_at_the_next_start(@TempDir Path work) throws Exception {
        Map<String, String> features = Map.of("app.features.refresh", "1m:ema,rsi,cmf");
        Path standing = work.resolve("data/spot/BTCUSDT/features/1m-ema-rsi-cmf");
        Map<String, String> crashAt = new TreeMap<>(features);
        crashAt.putAll(pauseAt("after-feature-temp", work));

        ChildJvm.Run crash = killWhenPaused(child(work, crashAt, List.of(monthZip)), work);

        assertThat(crash.exitCode()).as(crash::describe).isEqualTo(KILLED);
        assertThat(snapshot(standing).keySet()).as("the month is stored, its features only as a temp file")
                .singleElement().asString().contains(AtomicFiles.TMP_MARKER);
        Map<String, String> restart = new TreeMap<>(settings(work));
        restart.putAll(features);
        try (PipelineRuntime restarted = PipelineRuntime.startOneShot(restart)) {
            assertConsistent(work.resolve("data"));
            assertThat(snapshot(standing).keySet()).containsExactly(MONTH + ".parquet");
            assertThat(duckLong("SELECT count(*) FROM " + parquet(standing.resolve(MONTH + ".parquet"))))
                    .as("every minute of the month, the missing day forward-filled").isEqualTo(monthMinutes(MONTH));
        }
    }

    @Test
    void kill_9_at_random_moments_leaves_complete_months_and_a_rerun_finishes_the_year(@TempDir Path work)
            throws Exception {
        List<Path> year = generateYear(work.resolve("in"));

        // reference run: how long a full ingest takes, and when the first month is committed
        Path reference = work.resolve("reference");
        ChildJvm child = child(reference, Map.of(KEEP_RAW_CSV, "true"), year);
        long firstCommitMs = child.awaitFile(offsetsFile(reference.resolve("data")));
        ChildJvm.Run full = child.awaitExit();
        assertThat(full.exitCode()).as(full::describe).isZero();
        assertFullYear(reference.resolve("data"));
        System.out.printf("full child run %d ms, first commit at %d ms%n", full.elapsedMs(), firstCommitMs);

        Random random = new Random(SEED);
        long from = firstCommitMs / 2; // from parsing the first month to the last commits
        long to = full.elapsedMs() * 95 / 100;
        int interrupted = 0;
        for (int i = 0; i < KILLS; i++) {
            long delayMs = from + (long) ((i + random.nextDouble()) / KILLS * (to - from)); // one kill per slice
            Path attempt = work.resolve("kill-" + i);
            Path data = attempt.resolve("data");
            ChildJvm.Run killed = child(attempt, Map.of(KEEP_RAW_CSV, "true"), year).killAfter(delayMs);
            int committedBefore = offsets(data).months().size();
            List<String> leftovers = snapshot(data).keySet().stream().filter(CrashSafetyIT::isLeftover).toList();

            try (PipelineRuntime ignored = PipelineRuntime.startOneShot(settings(attempt))) {
                assertConsistent(data);
            }
            int months = offsets(data).months().size();
            System.out.printf("kill %d after %d ms: exit %d, %d months committed, leftovers %s, %d months after recovery%n",
                    i, delayMs, killed.exitCode(), committedBefore, leftovers, months);
            assertThat(killed.exitCode()).as(killed::describe).isIn(KILLED, 0);
            if (killed.exitCode() == KILLED && months < year.size()) {
                interrupted++;
            }

            ChildJvm.Run rerun = child(attempt, Map.of(KEEP_RAW_CSV, "true"), year).awaitExit();
            assertThat(rerun.exitCode()).as(rerun::describe).isZero();
            assertFullYear(data);
        }
        assertThat(interrupted).as("kills that landed before the ingest ended (window %d..%d ms)", from, to)
                .isPositive();
    }

    // ---- kill at a step -----------------------------------------------------------------------------------

    /** The setting that makes the child pause at {@code point}. */
    private static Map<String, String> pauseAt(String point, Path work) {
        return Map.of("app.debug.crash-at", "pause:" + point + ":" + work.resolve(PAUSED));
    }

    /** Waits until the child pauses at its step (it writes the marker with its pid), then SIGKILLs it there. */
    private static ChildJvm.Run killWhenPaused(ChildJvm child, Path work) throws Exception {
        Path marker = work.resolve(PAUSED);
        child.awaitFile(marker);
        assertThat(child.process().isAlive()).as("child paused at its step, not ended (see %s)", child.log()).isTrue();
        assertThat(Files.readString(marker)).as("the paused process wrote its pid")
                .isEqualTo(Long.toString(child.process().pid()));
        return child.kill();
    }

    // ---- inputs -------------------------------------------------------------------------------------------

    private static List<Path> generateYear(Path dir) throws IOException {
        KlineGenerator generator = new KlineGenerator(SEED);
        List<Path> zips = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            YearMonth m = YEAR_START.plusMonths(i);
            Path csv = dir.resolve("csv").resolve(SYMBOL + "-1m-" + m + ".csv");
            generator.writeMonth(m, csv, List.of());
            zips.add(BinanceArchive.zipWithChecksum(csv, dir));
            Files.delete(csv);
        }
        return zips;
    }

    private static Map<String, String> settings(Path work) {
        return Map.of("app.data.dir", work.resolve("data").toString(), "app.inbox.dir", work.resolve("inbox").toString(),
                "app.features.refresh", "");
    }

    private static long monthMinutes(YearMonth m) {
        return (long) m.lengthOfMonth() * DAY_MINUTES;
    }

    // ---- store state --------------------------------------------------------------------------------------

    private static Path storeRoot(Path data) {
        return data.resolve("spot").resolve(SYMBOL);
    }

    private static Path offsetsFile(Path data) {
        return storeRoot(data).resolve("metadata").resolve("offsets.json");
    }

    private static Path pendingFile(Path data) {
        return storeRoot(data).resolve("metadata").resolve("offsets.json.pending");
    }

    private static Path monthFile(Path data, String month) {
        return storeRoot(data).resolve("klines_1m").resolve(month + ".parquet");
    }

    private static String monthKey() {
        return relative(monthFile(baselineData, MONTH.toString()), baselineData);
    }

    private static String offsetsKey() {
        return relative(offsetsFile(baselineData), baselineData);
    }

    private static String relative(Path file, Path data) {
        return data.relativize(file).toString();
    }

    private static boolean isLeftover(String relativePath) {
        return relativePath.contains(AtomicFiles.TMP_MARKER) || relativePath.endsWith("offsets.json.pending");
    }

    private static Offsets offsets(Path data) throws IOException {
        return Files.exists(offsetsFile(data)) ? OffsetsCodec.read(offsetsFile(data)) : Offsets.empty(SYMBOL);
    }

    private static Offsets.MonthEntry monthEntry(Path data) throws IOException {
        return offsets(data).months().get(MONTH.toString());
    }

    /** Relative path -> SHA-256 of every file under {@code dir} (empty when it does not exist). */
    private static Map<String, String> withoutRawCopies(Map<String, String> files) {
        Map<String, String> out = new TreeMap<>(files);
        out.keySet().removeIf(f -> f.contains("raw_csv"));
        return out;
    }

    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                files.put(relative(f, dir), Hashes.sha256(f));
            }
        }
        return files;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    // ---- assertions ---------------------------------------------------------------------------------------

    /**
     * No temp or pending file; exactly the months offsets.json lists are on disk, each with the recorded SHA-256,
     * and DuckDB reads each with the recorded row count, distinct minutes and first/last open time.
     */
    private static void assertConsistent(Path data) throws Exception {
        assertThat(snapshot(data).keySet()).as("temp or pending files").noneMatch(CrashSafetyIT::isLeftover);
        Offsets offsets = offsets(data);
        List<String> onDisk = snapshot(storeRoot(data).resolve("klines_1m")).keySet().stream()
                .filter(f -> f.endsWith(".parquet")).toList();
        assertThat(onDisk).as("month files vs offsets.json")
                .containsExactlyInAnyOrderElementsOf(offsets.months().values().stream().map(Offsets.MonthEntry::file).toList());
        long total = 0;
        for (Map.Entry<String, Offsets.MonthEntry> e : offsets.months().entrySet()) {
            Offsets.MonthEntry m = e.getValue();
            Path file = monthFile(data, e.getKey());
            assertThat(Hashes.sha256(file)).as("sha256 of %s", file).isEqualTo(m.parquetSha256());
            long[] stats = duckStats(file);
            assertThat(stats).as("DuckDB rows, distinct minutes, first, last of %s", file)
                    .containsExactly(m.rows(), m.rows(), m.firstOpenTime().toEpochMilli(), m.lastOpenTime().toEpochMilli());
            assertThat(YearMonth.from(m.firstOpenTime().atZone(ZoneOffset.UTC)).toString()).isEqualTo(e.getKey());
            assertThat(YearMonth.from(m.lastOpenTime().atZone(ZoneOffset.UTC)).toString()).isEqualTo(e.getKey());
            total += m.rows();
        }
        assertThat(offsets.rows()).as("total rows in offsets.json").isEqualTo(total);
    }

    /** The baseline month plus the gap day: every minute, both files listed, the old rows unchanged. */
    private static void assertNewState(Path data) throws Exception {
        Offsets.MonthEntry m = monthEntry(data);
        assertThat(m.rows()).isEqualTo(monthMinutes(MONTH));
        assertThat(m.missingMinutes()).isZero();
        assertThat(m.files()).extracting(Offsets.FileEntry::name)
                .containsExactly(monthZip.getFileName().toString(), dayZip.getFileName().toString());
        assertThat(m.files().get(1).added()).isEqualTo(DAY_MINUTES);
        Path oldFile = monthFile(baselineData, MONTH.toString());
        Path newFile = monthFile(data, MONTH.toString());
        assertThat(duckLong("SELECT count(*) FROM (SELECT * FROM " + parquet(oldFile) + " EXCEPT SELECT * FROM "
                + parquet(newFile) + ")")).as("old rows missing from the new month file").isZero();
    }

    private static void assertFullYear(Path data) throws Exception {
        assertConsistent(data);
        Offsets offsets = offsets(data);
        assertThat(offsets.months()).hasSize(12);
        for (int i = 0; i < 12; i++) {
            YearMonth ym = YEAR_START.plusMonths(i);
            Offsets.MonthEntry m = offsets.months().get(ym.toString());
            assertThat(m.rows()).as("rows of %s", ym).isEqualTo(monthMinutes(ym));
            assertThat(m.files()).extracting(Offsets.FileEntry::name).containsExactly(SYMBOL + "-1m-" + ym + ".zip");
        }
    }

    // ---- DuckDB ------------------------------------------------------------------------------------------

    private static String parquet(Path file) {
        return "read_parquet('" + file.toAbsolutePath().toString().replace("'", "''") + "')";
    }

    private static long[] duckStats(Path file) throws SQLException {
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(*), count(DISTINCT open_time), epoch_ms(min(open_time)), epoch_ms(max(open_time)) FROM "
                        + parquet(file))) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
        }
    }

    private static long duckLong(String sql) throws SQLException {
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---- child JVM ----------------------------------------------------------------------------------------

    /** {@code kline-pipeline ingest FILES} (or other arguments) in a child JVM with data and inbox under {@code work}. */
    private static ChildJvm child(Path work, Map<String, String> settings, List<Path> files, String... args)
            throws IOException {
        Map<String, String> all = new TreeMap<>(settings);
        all.put("app.data.dir", work.resolve("data").toString());
        all.put("app.inbox.dir", work.resolve("inbox").toString());
        all.putIfAbsent("app.features.refresh", "");
        List<String> command = new ArrayList<>(List.of(args));
        if (command.isEmpty()) {
            command.add("ingest");
            files.forEach(f -> command.add(f.toString()));
        }
        return ChildJvm.start(work, all, command);
    }
}
