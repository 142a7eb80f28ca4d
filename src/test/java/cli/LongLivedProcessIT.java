package cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import backfill.VisionFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import support.Await;
import support.ChildJvm;
import support.FakeBinance;
import support.TestApp;
import verify.VerifyReport;
import verify.VerifyRequest;

/**
 * The long-lived process ({@code run}) as a service, in a real child JVM: it stops within docker stop's 10 s on SIGTERM
 * and SIGINT, with exit code 0, even in the middle of a download; offline, its backfill timer writes one warning and
 * one summary per run instead of a retry storm.
 */
class LongLivedProcessIT {
    private static final String NOW = "2025-02-03T10:00:00Z";

    @TempDir
    Path root;
    FakeBinance binance;

    @BeforeEach
    void start() {
        binance = new FakeBinance(root.resolve("binance"), 31);
    }

    @AfterEach
    void stop() {
        binance.close();
    }

    /** The child's settings: the store under {@code root}, its temp folder too (Camel spools streams there). */
    private Map<String, String> settings() throws IOException {
        Map<String, String> s = new HashMap<>();
        s.put("app.data.dir", root.resolve("data").toString());
        s.put("app.inbox.dir", root.resolve("inbox").toString());
        s.put("java.io.tmpdir", Files.createDirectories(root.resolve("tmp")).toString());
        s.put("app.clock.fixed", NOW);
        s.put("app.backfill.enabled", "false");
        return s;
    }

    @Test
    void sigterm_during_a_backfill_download_stops_within_10_s_with_exit_0_and_a_consistent_store() throws Exception {
        binance.publishMonth(YearMonth.of(2024, 12), List.of());
        byte[] jan = binance.publishMonth(YearMonth.of(2025, 1), List.of());
        VisionFile janFile = VisionFile.month("BTCUSDT", YearMonth.of(2025, 1));
        // January trickles in over a minute: the download is in flight when SIGTERM comes
        binance.serveZip(janFile, FakeBinance.ok().withBody(jan).withChunkedDribbleDelay(300, 60_000));
        Map<String, String> s = settings();
        s.put("app.backfill.enabled", "true");
        s.put("app.backfill.initial-delay-ms", "100");
        s.put("app.backfill.months", "2");
        s.put("app.backfill.base-url", binance.baseUrl());
        ChildJvm child = ChildJvm.start(root.resolve("child"), s, List.of("run"));

        Await.until("December stored and January downloading", Duration.ofSeconds(90), () -> !child.process().isAlive()
                || Files.exists(root.resolve("data/spot/BTCUSDT/klines_1m/2024-12.parquet"))
                && binance.gets(binance.path(janFile)) > 0);
        Thread.sleep(1000); // well inside the download
        assertThat(child.process().isAlive()).as("the child still runs (see %s)", child.log()).isTrue();
        long signalled = System.nanoTime();
        child.process().destroy(); // SIGTERM
        boolean ended = child.process().waitFor(10, TimeUnit.SECONDS);
        long stopMs = (System.nanoTime() - signalled) / 1_000_000;
        ChildJvm.Run run = child.awaitExit();
        System.out.println("SIGTERM during a download: exit " + run.exitCode() + " after " + stopMs + " ms\n"
                + String.join("\n", lines(run.output(), "^(?!.*BaseMainSupport).*(SIGTERM|backfill|shut)")));

        assertThat(ended).as("stopped within 10 s of SIGTERM; " + run.describe()).isTrue();
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.output()).as(run.describe()).doesNotContain("Forcing", "ERROR")
                .contains("SIGTERM received", "backfill abandoned: the process is stopping", "not tried (stopping)");
        assertThat(leftovers(root.resolve("data/spot/BTCUSDT/downloads"))).as("download folders left").isEmpty();
        assertThat(tempFiles()).as("temporary files left").isEmpty();
        try (PipelineRuntime app = TestApp.oneShot(root)) {
            VerifyReport report = app.verify(VerifyRequest.all());
            assertThat(report.clean()).as(report.problems().toString()).isTrue();
        }
        assertThat(root.resolve("data/spot/BTCUSDT/klines_1m/2025-01.parquet")).doesNotExist();
    }

    @Test
    void sigint_stops_the_process_with_exit_0() throws Exception {
        ChildJvm child = ChildJvm.start(root.resolve("child"), settings(), List.of());
        Await.until("Camel started", Duration.ofSeconds(60), () -> !child.process().isAlive()
                || output(child).contains("started in"));
        long pid = child.process().pid();
        assumeTrue(!sigintIgnored(pid), "SIGINT is ignored in this process tree (a background job): nothing to test");
        long signalled = System.nanoTime();
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).isTrue();
        boolean ended = child.process().waitFor(10, TimeUnit.SECONDS);
        long stopMs = (System.nanoTime() - signalled) / 1_000_000;
        ChildJvm.Run run = child.awaitExit();
        System.out.println("SIGINT while idle: exit " + run.exitCode() + " after " + stopMs + " ms");

        assertThat(ended).as(run.describe()).isTrue();
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.output()).contains("SIGINT received").doesNotContain("Forcing", "ERROR");
    }

    @Test
    void offline_the_backfill_timer_writes_one_warning_and_one_summary_per_run() throws Exception {
        Map<String, String> s = settings();
        s.put("app.backfill.enabled", "true");
        s.put("app.backfill.initial-delay-ms", "100");
        s.put("app.backfill.months", "2");
        s.put("app.backfill.base-url", "https://data.binance.invalid"); // never resolves, like any name offline
        // the shipped retry settings (4 retries, 1 s backoff doubling): none of them may apply
        ChildJvm child = ChildJvm.start(root.resolve("child"), s, List.of("run"));
        Await.until("the first timer run's summary", Duration.ofSeconds(90), () -> !child.process().isAlive()
                || output(child).contains("backfill: "));
        Thread.sleep(2000); // anything the run still logs
        child.process().destroy();
        ChildJvm.Run run = child.awaitExit();
        String log = run.output();
        System.out.println("offline timer run, its lines:\n" + lines(log, "backfill|WARN|FAILED").stream()
                .reduce("", (a, b) -> a + b + "\n"));

        assertThat(run.exitCode()).as(run.describe()).isZero();
        List<String> warnings = lines(log, " WARN ");
        assertThat(warnings).as(run.describe()).singleElement().satisfies(w -> assertThat(w)
                .contains("backfill stopped: cannot reach data.binance.invalid (name not resolved",
                        "4 archive(s) not tried, the next run tries again"));
        assertThat(lines(log, "backfill: ")).as(run.describe()).singleElement().satisfies(l -> assertThat(l)
                .contains("backfill: 0 downloaded, 0 up to date, 0 refused, 0 failed, 4 not tried (host unreachable)"));
        assertThat(lines(log, "FAILED|delivery attempt|Exhausted|ERROR")).as(run.describe()).isEmpty();
    }

    private static List<String> lines(String log, String regex) {
        Pattern p = Pattern.compile(regex);
        return log.lines().filter(l -> p.matcher(l).find()).toList();
    }

    private static String output(ChildJvm child) {
        try {
            return Files.readString(child.log());
        } catch (IOException e) {
            return "";
        }
    }

    /** Whether SIGINT is ignored by {@code pid} (a background job of a shell without job control inherits that). */
    private static boolean sigintIgnored(long pid) throws IOException {
        Path status = Path.of("/proc/" + pid + "/status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (2 - 1))) != 0;
            }
        }
        return false;
    }

    private static List<Path> leftovers(Path downloads) throws IOException {
        if (!Files.isDirectory(downloads)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(downloads)) {
            return files.toList();
        }
    }

    /** Files with {@code .tmp} in their name under the store and the child's temp folder. */
    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> !p.startsWith(root.resolve("binance")))
                    .filter(p -> p.getFileName().toString().contains(".tmp")).toList();
        }
    }
}
