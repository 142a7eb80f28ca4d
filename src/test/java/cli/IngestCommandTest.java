package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import support.Fixtures;

/** The CLI commands in-process: exit codes and what they print (settings via -D system properties). */
class IngestCommandTest extends CliTestBase {
    @Test
    void ingest_prints_counts_and_exits_zero_then_reports_a_repeat() throws Exception {
        Path zip = Fixtures.zip(root.resolve("in"), Fixtures.REAL_DAY, Fixtures.realCsv("1m"));
        Fixtures.checksum(zip);
        assertThat(run("ingest", zip.toString())).isEqualTo(0);
        assertThat(out.toString()).contains("INGESTED BTCUSDT-1m-2023-01-21.zip", "month 2023-01", "rows read 1440",
                "added 1440", "duplicates 0");
        assertThat(root.resolve("data/spot/BTCUSDT/klines_1m/2023-01.parquet")).exists();
        assertThat(zip).as("CLI leaves the user's file where it was").exists();

        out.reset();
        assertThat(run("ingest", zip.toString())).isEqualTo(0);
        assertThat(out.toString()).contains("ALREADY_INGESTED", "nothing changed");
    }

    @Test
    void ingest_exits_3_and_names_the_reason_on_refusal() throws Exception {
        Path good = Fixtures.zip(root.resolve("in"), Fixtures.REAL_DAY, Fixtures.realCsv("1m"));
        Path bad = Fixtures.zip(root.resolve("bad"), Fixtures.REAL_DAY,
                Fixtures.withField(Fixtures.realCsv("1m"), 42, 1, "NaN"));
        assertThat(run("ingest", bad.toString(), good.toString())).isEqualTo(3);
        assertThat(err.toString()).contains("REJECTED BAD_NUMBER BTCUSDT-1m-2023-01-21.zip:42 field open");
        assertThat(out.toString()).contains("INGESTED");
    }

    @Test
    void a_refusal_prints_no_raw_bytes_to_the_terminal() throws Exception {
        Path utf16 = root.resolve("in/" + Fixtures.REAL_DAY + ".csv");
        Files.createDirectories(utf16.getParent());
        Files.write(utf16, Fixtures.realCsv("1m").getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
        Path nested = Fixtures.zipBytes(root.resolve("nested"), Fixtures.REAL_DAY,
                Files.readAllBytes(Fixtures.zip(root.resolve("inner"), Fixtures.REAL_DAY, Fixtures.realCsv("1m"))));
        assertThat(run("ingest", utf16.toString(), nested.toString())).isEqualTo(3);
        String printed = err.toString();
        assertThat(printed).contains("REJECTED BAD_ENCODING", "looks like UTF-16 (NUL bytes",
                "REJECTED NOT_CSV", "entry is itself a ZIP archive");
        assertThat(printed.chars().filter(c -> c < 0x20 && c != '\n' && c != '\r' || c == 0xfffd)).isEmpty();
    }

    @Test
    void replace_takes_a_corrected_re_upload() throws Exception {
        Path first = Fixtures.zip(root.resolve("a"), Fixtures.REAL_DAY, Fixtures.realCsv("1m"));
        Path fixed = Fixtures.zip(root.resolve("b"), Fixtures.REAL_DAY,
                Fixtures.withField(Fixtures.realCsv("1m"), 61, 5, "999.00000000"));
        assertThat(run("ingest", first.toString())).isZero();
        assertThat(run("ingest", fixed.toString())).isEqualTo(3);
        assertThat(err.toString()).contains("CONFLICT", "2023-01-21T01:00:00Z");
        out.reset();
        assertThat(run("ingest", "--replace", fixed.toString())).isZero();
        assertThat(out.toString()).contains("replaced 1", "duplicates 1439", "month rows 1440");
    }

    @Test
    void refusals_print_one_line() throws Exception {
        assertThat(refused(2, "ingest")).isEqualTo("kline-pipeline ingest: Missing required parameter: 'FILE' "
                + "(see kline-pipeline ingest --help)");
        assertThat(refused(2, "ingest", "--bogus", "x.zip")).contains("Unknown option: '--bogus'");
        Path missing = root.resolve("BTCUSDT-1m-2024-02.zip");
        assertThat(refused(3, "ingest", missing.toString())).startsWith("REJECTED IO_ERROR BTCUSDT-1m-2024-02.zip: file not found");
        Path junk = java.nio.file.Files.writeString(root.resolve("BTCUSDT-1m-2024-01.zip"), "not a zip");
        assertThat(refused(3, "ingest", junk.toString())).startsWith("REJECTED ZIP_CORRUPT BTCUSDT-1m-2024-01.zip");
        assertThat(refused(2, "frobnicate")).startsWith("kline-pipeline: Unmatched argument at index 0: 'frobnicate'")
                .endsWith("(see kline-pipeline --help)");
    }

    @Test
    void every_command_has_help() {
        for (String cmd : new String[] {"ingest", "generate", "run"}) {
            out.reset();
            assertThat(run(cmd, "--help")).isZero();
            assertThat(out.toString()).as(cmd).contains("Usage: kline-pipeline " + cmd);
        }
        out.reset();
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("ingest", "generate", "run");
    }

    @Test
    void generate_writes_reproducible_archives() throws Exception {
        assertThat(run("generate", "--month", "2025-01", "--seed", "9", "--out", root.resolve("g1").toString())).isZero();
        assertThat(run("generate", "--month", "2025-01", "--seed", "9", "--out", root.resolve("g2").toString())).isZero();
        Path a = root.resolve("g1/BTCUSDT-1m-2025-01.zip");
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(root.resolve("g2/BTCUSDT-1m-2025-01.zip")));
        assertThat(root.resolve("g1/BTCUSDT-1m-2025-01.zip.CHECKSUM")).exists();
        assertThat(run("ingest", a.toString())).isZero();
        assertThat(out.toString()).contains("rows read 44640", "(times in us)");
    }

    @Test
    void the_same_bytes_under_another_period_name_are_refused_not_taken_for_a_repeat() throws Exception {
        Path zip = Fixtures.zip(root.resolve("in"), Fixtures.REAL_DAY, Fixtures.realCsv("1m"));
        assertThat(run("ingest", zip.toString())).isZero();
        Path renamed = Files.copy(zip, root.resolve("in/BTCUSDT-1m-2024-05.zip")); // cp under another month's name
        out.reset();

        assertThat(run("ingest", renamed.toString())).isEqualTo(3);

        assertThat(out.toString()).doesNotContain("ALREADY_INGESTED");
        assertThat(err.toString()).contains("REJECTED OUT_OF_PERIOD BTCUSDT-1m-2024-05.zip",
                "ingested before as BTCUSDT-1m-2023-01-21.zip", "2023-01-21", "2024-05");
        assertThat(root.resolve("data/spot/BTCUSDT/klines_1m/2024-05.parquet")).doesNotExist();
    }

    private Path monthFile(String month) {
        return root.resolve("data/spot/BTCUSDT/klines_1m/" + month + ".parquet");
    }

    @Test
    void a_deleted_month_file_is_rebuilt_by_ingesting_its_archive_again() throws Exception {
        assertThat(run("generate", "--month", "2024-11", "--out", root.resolve("g").toString())).isZero();
        Path zip = root.resolve("g/BTCUSDT-1m-2024-11.zip");
        assertThat(run("ingest", zip.toString())).isZero();
        Files.delete(monthFile("2024-11"));
        out.reset();

        assertThat(run("ingest", "--replace", zip.toString())).as(err.toString()).isZero();

        assertThat(out.toString()).contains("INGESTED BTCUSDT-1m-2024-11.zip", "added 43200",
                "REBUILT month 2024-11 from this file: 2024-11.parquet is missing").doesNotContain("ALREADY_INGESTED");
        assertThat(err.toString()).doesNotContain("rebuilt without");
        assertThat(run("verify")).as(out.toString()).isZero();
    }

    @Test
    void one_day_of_a_month_whose_file_is_gone_rebuilds_it_and_names_the_other_days_still_needed() throws Exception {
        List<String> days = new ArrayList<>();
        for (int d = 1; d <= 3; d++) {
            assertThat(run("generate", "--day", "2024-11-0" + d, "--out", root.resolve("g").toString())).isZero();
            days.add(root.resolve("g/BTCUSDT-1m-2024-11-0" + d + ".zip").toString());
        }
        assertThat(run(Stream.concat(Stream.of("ingest"), days.stream()).toArray(String[]::new))).isZero();
        Files.delete(monthFile("2024-11"));
        out.reset();

        assertThat(run("ingest", days.get(0))).as(err.toString()).isZero();

        assertThat(out.toString()).contains("REBUILT month 2024-11", "BTCUSDT-1m-2024-11-02.zip",
                "BTCUSDT-1m-2024-11-03.zip", "month rows 1440");
        assertThat(err.toString()).contains("month 2024-11 was rebuilt without BTCUSDT-1m-2024-11-02.zip, "
                + "BTCUSDT-1m-2024-11-03.zip", "verify --repair");

        // the others at hand in the same command: nothing left to say
        err.reset();
        Files.delete(monthFile("2024-11"));
        assertThat(run("ingest", days.get(0), days.get(1), days.get(2))).isZero();
        assertThat(err.toString()).doesNotContain("rebuilt without");
        out.reset();
        assertThat(run("verify")).as(out.toString()).isZero();
    }

    @Test
    void a_truncated_month_is_rebuilt_not_refused_and_the_damaged_file_kept() throws Exception {
        assertThat(run("generate", "--month", "2024-11", "--out", root.resolve("g").toString())).isZero();
        assertThat(run("generate", "--month", "2024-11", "--seed", "7", "--out", root.resolve("g7").toString())).isZero();
        assertThat(run("ingest", root.resolve("g/BTCUSDT-1m-2024-11.zip").toString())).isZero();
        byte[] whole = Files.readAllBytes(monthFile("2024-11"));
        Files.write(monthFile("2024-11"), Arrays.copyOf(whole, whole.length / 3));
        out.reset();

        // a corrected upload (other bytes) of the month, whose stored file is now half a file
        assertThat(run("ingest", "--replace", root.resolve("g7/BTCUSDT-1m-2024-11.zip").toString()))
                .as(err.toString()).isZero();

        assertThat(out.toString()).contains("REBUILT month 2024-11", "does not match offsets.json", "kept as")
                .doesNotContain("not a Parquet file");
        try (Stream<Path> kept = Files.list(root.resolve("data/spot/BTCUSDT/damaged"))) {
            assertThat(kept).singleElement().satisfies(p -> assertThat(p).hasBinaryContent(Arrays.copyOf(whole,
                    whole.length / 3)));
        }
        assertThat(run("verify")).as(out.toString()).isZero();
    }
}
