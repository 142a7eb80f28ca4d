package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
