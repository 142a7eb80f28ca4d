package cli;

import static org.assertj.core.api.Assertions.assertThat;

import gen.BinanceArchive;
import gen.KlineGenerator;
import ingest.IngestOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import support.ChildJvm;
import support.DuckDb;
import support.TestApp;

/**
 * {@code features sample} exits 5 and prints MISMATCH when a value of its frame differs from the recomputation. The
 * disagreement is made from outside, honestly: the sample runs in a child JVM that pauses between computing its frame
 * and recomputing the sampled values ({@code app.debug.crash-at=pause:after-sample-frame:<marker>}); meanwhile this
 * process replaces the day's stored rows ({@code ingest --replace}). The frame then holds the old prices, the
 * recomputation reads the new ones straight from the store.
 */
class FeaturesSampleMismatchIT {
    private static final LocalDate DAY = LocalDate.of(2024, 5, 10);
    /** {@code ts column frame recomputed MISMATCH}, as the command prints each check. */
    private static final Pattern LINE = Pattern.compile(
            "(?m)^(\\S+Z) +(open|high|low|close) +(\\S+) +(\\S+) +MISMATCH$");

    @TempDir
    Path root;

    @Test
    void a_frame_that_differs_from_the_stored_rows_is_printed_as_mismatch_with_exit_5() throws Exception {
        Path old = day(new KlineGenerator(4), root.resolve("old"));
        Path changed = day(new KlineGenerator(5), root.resolve("changed")); // the same minutes, other prices
        try (PipelineRuntime app = TestApp.oneShot(root)) {
            assertThat(app.ingest(old, false).ok()).isTrue();
        }
        Path month = TestApp.monthFile(root, "2024-05");
        Path before = Files.copy(month, root.resolve("before.parquet"));

        Path marker = root.resolve("paused");
        Map<String, String> settings = new HashMap<>(TestApp.settings(root));
        settings.put("app.api.enabled", "false");
        settings.put("app.debug.crash-at", "pause:after-sample-frame:" + marker);
        ChildJvm sample = ChildJvm.start(root.resolve("child"), settings, List.of("features", "sample", "--start",
                "2024-05-10T00:00:00Z", "--end", "2024-05-11T00:00:00Z", "--interval", "1m", "--indicators", "ema",
                "--n", "3", "--seed", "7"));
        sample.awaitFile(marker);
        assertThat(sample.process().isAlive()).as("paused after its frame (%s)", sample.log()).isTrue();
        try (PipelineRuntime app = TestApp.oneShot(root)) {
            IngestOutcome replaced = app.ingest(changed, true);
            assertThat(replaced.replaced()).as(replaced.summary()).isEqualTo(1440);
        }
        Files.delete(marker);
        ChildJvm.Run run = sample.awaitExit();

        assertThat(run.exitCode()).as(run::describe).isEqualTo(5);
        String output = run.output();
        assertThat(output).as(run::describe).containsPattern("3 rows, \\d+ values checked, [1-9]\\d* mismatches \\(seed 7\\)");
        Matcher m = LINE.matcher(output);
        assertThat(m.find()).as("a MISMATCH line for a price: " + output).isTrue();
        String column = m.group(2);
        String at = "TIMESTAMPTZ '" + m.group(1) + "'";
        assertThat(Double.parseDouble(m.group(3))).as("frame: the %s stored when the frame was computed", column)
                .isEqualTo(value(before, column, at));
        assertThat(Double.parseDouble(m.group(4))).as("recomputed: the %s stored now", column)
                .isEqualTo(value(month, column, at)).isNotEqualTo(Double.parseDouble(m.group(3)));
    }

    private static double value(Path parquet, String column, String at) {
        return ((Number) DuckDb.single("SELECT " + column + " FROM " + DuckDb.parquet(parquet) + " WHERE open_time = "
                + at)).doubleValue();
    }

    private static Path day(KlineGenerator generator, Path dir) throws Exception {
        Path csv = dir.resolve("BTCUSDT-1m-" + DAY + ".csv");
        generator.writeDay(DAY, csv, List.of());
        return BinanceArchive.zipWithChecksum(csv, dir);
    }
}
