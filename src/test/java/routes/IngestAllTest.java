package routes;

import static org.assertj.core.api.Assertions.assertThat;

import ingest.IngestOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.Fixtures;
import support.TestApp;

/**
 * Several files in a row ({@code PipelineRuntime.ingestAll}, what {@code ingest a.zip b.zip ...} runs: the next file
 * opened and parsed while the one before commits) give, outcome for outcome and byte for byte in the store, what
 * ingesting them one after another gives - also when a file read ahead is recorded by the time its turn comes (the same
 * file twice), when its bytes were recorded under another period's name, and around refusals.
 */
class IngestAllTest {
    @TempDir
    Path root;

    @Test
    void several_files_in_a_row_give_the_outcomes_and_store_of_one_after_another() throws Exception {
        String day = Fixtures.realCsv("1m");
        Path in = root.resolve("in");
        Path day21 = Fixtures.zip(in, Fixtures.REAL_DAY, day);
        Fixtures.checksum(day21);
        Path day21Again = Files.copy(day21, Files.createDirectories(root.resolve("again")).resolve(day21.getFileName()));
        // the day's rows named for the next day: refused row by row (its ZIP bytes differ from day21's)
        Path wrongDay = Fixtures.zip(in, "BTCUSDT-1m-2023-01-22", day);
        // a corrected re-upload of the day without --replace: a conflict
        Path corrected = Fixtures.zip(root.resolve("fix"), Fixtures.REAL_DAY,
                Fixtures.withField(day, 5, 4, "22999.00000000"));
        // day21's very bytes under another day's name: refused for its period before it is read
        Path renamed = Files.copy(day21, in.resolve("BTCUSDT-1m-2023-01-23.zip"));
        // the day as a plain CSV: other bytes, every row a duplicate
        Path csv = Files.writeString(in.resolve(Fixtures.REAL_DAY + ".csv"), day);
        Path bad = Fixtures.zip(root.resolve("bad"), Fixtures.REAL_DAY, Fixtures.withField(day, 3, 2, "1e5"));
        List<Path> files = List.of(day21, day21Again, wrongDay, corrected, renamed, csv, bad, day21, csv);

        Path one = root.resolve("one");
        List<String> sequential = new ArrayList<>();
        try (PipelineRuntime app = TestApp.oneShot(one)) {
            for (Path f : files) {
                sequential.add(app.ingest(f, false).summary());
            }
        }
        Path all = root.resolve("all");
        List<String> inARow = new ArrayList<>();
        try (PipelineRuntime app = TestApp.oneShot(all)) {
            app.ingestAll(files, false, o -> inARow.add(o.summary()));
        }

        assertThat(inARow).isEqualTo(sequential);
        assertThat(sequential).extracting(s -> s.substring(0, s.indexOf(' '))).containsExactly("INGESTED",
                "ALREADY_INGESTED", "REJECTED", "REJECTED", "REJECTED", "INGESTED", "REJECTED", "ALREADY_INGESTED",
                "ALREADY_INGESTED");
        assertThat(sequential.get(4)).contains("OUT_OF_PERIOD");
        assertSameStore(one, all);
    }

    @Test
    void one_file_or_none_goes_the_single_file_way() throws Exception {
        Path zip = Fixtures.zip(root.resolve("in"), Fixtures.REAL_DAY, Fixtures.realCsv("1m"));
        List<IngestOutcome> outcomes = new ArrayList<>();
        try (PipelineRuntime app = TestApp.oneShot(root.resolve("s"))) {
            app.ingestAll(List.of(), false, outcomes::add);
            app.ingestAll(List.of(zip), false, outcomes::add);
        }
        assertThat(outcomes).extracting(IngestOutcome::status).containsExactly(IngestOutcome.Status.INGESTED);
    }

    /** The same month files, byte for byte, and the same offsets.json but for the ingest times. */
    private static void assertSameStore(Path a, Path b) throws Exception {
        Path sa = a.resolve("data/spot/BTCUSDT");
        Path sb = b.resolve("data/spot/BTCUSDT");
        List<Path> files;
        try (Stream<Path> s = Files.walk(sa.resolve("klines_1m"))) {
            files = s.filter(Files::isRegularFile).map(sa::relativize).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            assertThat(Files.readAllBytes(sb.resolve(f))).as(f.toString()).isEqualTo(Files.readAllBytes(sa.resolve(f)));
        }
        String times = "\"ingested_at\"\\s*:\\s*\"[^\"]*\"";
        assertThat(Files.readString(sb.resolve("metadata/offsets.json")).replaceAll(times, ""))
                .isEqualTo(Files.readString(sa.resolve("metadata/offsets.json")).replaceAll(times, ""));
    }
}
