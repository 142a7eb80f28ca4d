package cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gen.BinanceArchive;
import gen.KlineGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import storage.Hashes;
import storage.Offsets;
import storage.OffsetsCodec;
import support.Await;
import support.ChildJvm;
import support.DuckDb;
import support.TestApp;
import verify.VerifyReport;
import verify.VerifyRequest;

/**
 * The store's lock across processes, with two real JVMs writing the same month at once: a CLI {@code ingest} and the
 * long-lived process ({@code run}) ingesting from its inbox. Nothing is left to timing: the CLI pauses inside its
 * commit, holding the lock ({@code app.debug.crash-at=pause:before-pending:<marker>}), and the test waits until a
 * thread of the long-lived JVM is blocked in the kernel on that lock file ({@code fcntl(F_SETLKW)}, read from
 * {@code /proc}). While it waits, the month and offsets.json must stay as they were; once the CLI goes on, both
 * commits land, one after the other, and the store holds the union of the rows.
 *
 * <p>Checked to fail without the file lock (the {@code FileChannel.lock()} in {@code KlineStore.locked} removed, the
 * in-process lock kept): the long-lived JVM then never waits and commits its file while the CLI is in the middle
 * of its own commit.
 */
class StoreLockAcrossProcessesIT {
    private static final String MONTH = "2024-03";
    private static final int DAY = 1440;
    /** fcntl's syscall number on x86_64 and on the generic table (aarch64, riscv64). */
    private static final List<String> FCNTL = List.of("72", "25");
    /** F_SETLKW and F_OFD_SETLKW: the blocking lock commands. */
    private static final List<Long> SETLKW = List.of(7L, 38L);

    @TempDir
    Path root;

    @Test
    void a_cli_ingest_and_the_long_lived_process_writing_one_month_at_once_wait_for_each_other()
            throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/syscall")), "needs Linux /proc/<pid>/task/<tid>/syscall");
        Path staging = Files.createDirectories(root.resolve("staging"));
        KlineGenerator generator = new KlineGenerator(11);
        Path baseline = day(generator, staging, 1);
        Path cliDay = day(generator, staging, 2);
        Path inboxDay = day(generator, staging, 3);
        try (PipelineRuntime app = TestApp.oneShot(root)) {
            assertThat(app.ingest(baseline, false).ok()).isTrue();
        }
        Path store = root.resolve("data/spot/BTCUSDT");
        Path lockFile = store.resolve("metadata/.lock");
        Path inbox = root.resolve("inbox");

        ChildJvm longLived = ChildJvm.start(root.resolve("long-lived"), settings(), List.of("run"));
        ChildJvm cli = null;
        try {
            Await.until("the long-lived process started", Duration.ofSeconds(90),
                    () -> !longLived.process().isAlive() || output(longLived).contains("started in"));
            assertThat(longLived.process().isAlive()).as("long-lived process (%s)", longLived.log()).isTrue();

            Path marker = root.resolve("cli-paused");
            Map<String, String> cliSettings = settings();
            cliSettings.put("app.debug.crash-at", "pause:before-pending:" + marker);
            cli = ChildJvm.start(root.resolve("cli"), cliSettings, List.of("ingest", cliDay.toString()));
            cli.awaitFile(marker);
            assertThat(cli.process().isAlive()).as("the CLI paused holding the lock (%s)", cli.log()).isTrue();
            Map<String, String> whilePaused = snapshot(store);

            Files.move(checksum(inboxDay), inbox.resolve(checksum(inboxDay).getFileName()));
            Files.move(inboxDay, inbox.resolve(inboxDay.getFileName()));
            Path done = inbox.resolve(".done").resolve(inboxDay.getFileName());
            long pid = longLived.process().pid();
            Await.until("the long-lived process blocked on the store lock (or done without it)", Duration.ofSeconds(90),
                    () -> waitsForLock(pid, lockFile) || Files.exists(done) || !longLived.process().isAlive());

            assertThat(waitsForLock(pid, lockFile)).as("a thread of the long-lived JVM waits for the lock the CLI holds; "
                    + "inbox file done: %s; log %s", Files.exists(done), longLived.log()).isTrue();
            assertThat(snapshot(store)).as("month and offsets.json while the CLI holds the lock").isEqualTo(whilePaused);
            assertThat(done).doesNotExist();

            Files.delete(marker); // the CLI goes on with its commit
            ChildJvm.Run cliRun = cli.awaitExit();
            assertThat(cliRun.exitCode()).as(cliRun::describe).isZero();
            assertThat(cliRun.output()).contains("INGESTED " + cliDay.getFileName());
            Await.until("the inbox file ingested after the CLI's commit", Duration.ofSeconds(60),
                    () -> Files.exists(done) || !longLived.process().isAlive());
            assertThat(done).exists();
        } finally {
            longLived.process().destroy(); // SIGTERM
            if (cli != null) {
                cli.process().destroyForcibly();
            }
        }
        assertThat(longLived.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        ChildJvm.Run run = longLived.awaitExit();
        assertThat(run.exitCode()).as(run::describe).isZero();

        Offsets.MonthEntry month = OffsetsCodec.read(store.resolve("metadata/offsets.json")).months().get(MONTH);
        assertThat(month.files()).as("both commits, the CLI's first: the long-lived process waited for it")
                .extracting(Offsets.FileEntry::name).containsExactly(baseline.getFileName().toString(),
                        cliDay.getFileName().toString(), inboxDay.getFileName().toString());
        assertThat(month.files()).extracting(Offsets.FileEntry::added).containsExactly((long) DAY, (long) DAY, (long) DAY);
        assertThat(month.rows()).isEqualTo(3 * DAY);
        Path file = store.resolve("klines_1m/" + MONTH + ".parquet");
        assertThat(Hashes.sha256(file)).as("offsets.json records the month file").isEqualTo(month.parquetSha256());
        assertThat(DuckDb.query("SELECT count(*), count(DISTINCT open_time), count(DISTINCT day(open_time)) FROM "
                + DuckDb.parquet(file)).get(0)).as("rows, minutes, days read by DuckDB")
                .containsExactly(3L * DAY, 3L * DAY, 3L);
        try (PipelineRuntime app = TestApp.oneShot(root)) {
            VerifyReport report = app.verify(VerifyRequest.all());
            assertThat(report.clean()).as("verify: %s", report.problems()).isTrue();
        }
    }

    /** Both JVMs' settings: the same store and inbox, a fast inbox poll, no backfill, no API port. */
    private Map<String, String> settings() throws IOException {
        Map<String, String> s = new HashMap<>(TestApp.settings(root));
        s.put("app.api.enabled", "false");
        s.put("java.io.tmpdir", Files.createDirectories(root.resolve("tmp")).toString());
        return s;
    }

    private static Path day(KlineGenerator generator, Path dir, int day) throws IOException {
        Path csv = dir.resolve("BTCUSDT-1m-" + MONTH + "-" + String.format("%02d", day) + ".csv");
        generator.writeDay(LocalDate.parse(MONTH + "-" + String.format("%02d", day)), csv, List.of());
        Path zip = BinanceArchive.zipWithChecksum(csv, dir);
        Files.delete(csv);
        return zip;
    }

    private static Path checksum(Path zip) {
        return zip.resolveSibling(zip.getFileName() + ".CHECKSUM");
    }

    /**
     * Whether a thread of process {@code pid} is blocked in {@code fcntl(fd, F_SETLKW, ...)} on {@code lockFile}: the
     * kernel's own word that the process waits for the lock (its {@code /proc/PID/task/TID/syscall} line is the
     * syscall number and its arguments while it sleeps in one).
     */
    private static boolean waitsForLock(long pid, Path lockFile) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path task : threads.toList()) {
                String[] call = readOrEmpty(task.resolve("syscall")).trim().split(" ");
                if (call.length > 2 && FCNTL.contains(call[0]) && SETLKW.contains(Long.decode(call[2]))) {
                    Path fd = Path.of("/proc", Long.toString(pid), "fd", Long.toString(Long.decode(call[1])));
                    if (Files.readSymbolicLink(fd).equals(lockFile.toRealPath())) {
                        return true;
                    }
                }
            }
        } catch (IOException e) {
            return false; // the process or the thread just ended
        }
        return false;
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static String output(ChildJvm child) {
        return readOrEmpty(child.log());
    }

    /** Relative path -> SHA-256 of the month files and offsets.json (temp files and the lock file left out). */
    private static Map<String, String> snapshot(Path store) throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (Path f : List.of(store.resolve("metadata/offsets.json"), store.resolve("klines_1m/" + MONTH + ".parquet"),
                store.resolve("metadata/offsets.json.pending"))) {
            files.put(store.relativize(f).toString(), Files.exists(f) ? Hashes.sha256(f) : "absent");
        }
        return files;
    }
}
