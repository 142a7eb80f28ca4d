package cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gen.BinanceArchive;
import gen.KlineGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.ChildJvm;
import support.TestApp;
import support.TreeSnapshot;

/**
 * A store made read-only with chmod, used by real child JVMs (root's child runs without the capabilities that ignore
 * file permissions): read-only commands work; writers refuse with one line and their documented exit code; nothing
 * in the store changes.
 */
class ReadOnlyStoreIT {
    private static final YearMonth MONTH = YearMonth.of(2024, 3);

    @TempDir
    static Path root;
    private static Path data;
    private static Path newMonthZip;
    private static Map<String, String> before;

    @BeforeAll
    static void readOnlyStore() throws Exception {
        assumeTrue(ChildJvm.permissionsCanBeEnforced(root), "this machine cannot keep a child from writing");
        TestApp.ingestGeneratedMonths(root, 5, MONTH);
        data = root.resolve("data");
        Path csv = root.resolve("in/BTCUSDT-1m-" + MONTH.plusMonths(1) + ".csv");
        new KlineGenerator(5).writeMonth(MONTH.plusMonths(1), csv, List.of());
        newMonthZip = BinanceArchive.zipWithChecksum(csv, root.resolve("new"));
        Files.writeString(root.resolve("backtest.yaml"), String.join("\n", "start: 2024-03-10", "end: 2024-03-20",
                "interval: 15m", "strategy: {type: ema-cross}", "output_dir: " + root.resolve("runs"), ""));
        chmod(data, "r-xr-xr-x", "r--r--r--");
        before = TreeSnapshot.of(data);
    }

    @AfterAll
    static void writableAgain() throws IOException {
        if (data != null) {
            chmod(data, "rwxr-xr-x", "rw-r--r--");
        }
    }

    private static void chmod(Path dir, String dirs, String files) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? dirs : files));
            }
        }
    }

    /** {@code kline-pipeline ARGS} on the read-only store, with the standing features of the default settings. */
    private static ChildJvm.Run run(String... args) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("app.data.dir", data.toString());
        settings.put("app.inbox.dir", root.resolve("inbox").toString());
        ChildJvm.Run run = ChildJvm.start(root.resolve("work"), settings, true, List.of(args)).awaitExit();
        assertThat(TreeSnapshot.of(data)).as("store unchanged by %s", List.of(args)).isEqualTo(before);
        return run;
    }

    private static List<String> lines(ChildJvm.Run run) {
        List<String> out = new ArrayList<>(run.output().lines().filter(l -> !l.startsWith("WARNING:")).toList());
        return out;
    }

    @Test
    void verify_reads_a_read_only_store() throws Exception {
        ChildJvm.Run run = run("verify");
        assertThat(run.exitCode()).as(run::describe).isZero();
        assertThat(run.output()).contains("2024-03.parquet", "CLEAN").doesNotContain("Exception");
    }

    @Test
    void verify_repair_of_a_sound_read_only_store_has_nothing_to_write() throws Exception {
        ChildJvm.Run run = run("verify", "--repair");
        assertThat(run.exitCode()).as(run::describe).isZero();
        assertThat(run.output()).contains("nothing to repair", "CLEAN").doesNotContain("Exception");
    }

    @Test
    void features_sample_and_a_backtest_read_a_read_only_store() throws Exception {
        ChildJvm.Run sample = run("features", "sample", "--n", "3", "--seed", "1", "--start", "2024-03-10",
                "--end", "2024-03-20");
        assertThat(sample.exitCode()).as(sample::describe).isZero();
        assertThat(sample.output()).contains("0 mismatches").doesNotContain("Exception");

        ChildJvm.Run backtest = run("backtest", "--config", root.resolve("backtest.yaml").toString());
        assertThat(backtest.exitCode()).as(backtest::describe).isZero();
        assertThat(backtest.output()).doesNotContain("Exception");
    }

    @Test
    void ingest_refuses_with_one_line_and_exit_3() throws Exception {
        ChildJvm.Run run = run("ingest", newMonthZip.toString());
        assertThat(run.exitCode()).as(run::describe).isEqualTo(3);
        assertThat(lines(run)).as(run::describe).singleElement().asString()
                .contains("ingest", "not writable", data.resolve("spot/BTCUSDT").toString(), "permission denied",
                        "app.data.dir");
    }

    @Test
    void backfill_refuses_with_one_line_and_exit_3() throws Exception {
        ChildJvm.Run run = run("backfill", "--from", "2024-03", "--to", "2024-03", "--base-url", "http://127.0.0.1:9");
        assertThat(run.exitCode()).as(run::describe).isEqualTo(3);
        assertThat(lines(run)).as(run::describe).singleElement().asString()
                .contains("backfill", "not writable", "app.data.dir");
    }
}
