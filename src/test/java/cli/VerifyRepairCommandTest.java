package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import storage.Offsets;
import storage.OffsetsCodec;
import support.FakeBinance;
import support.Fixtures;

/**
 * {@code verify --repair} from the command line: months whose file is missing or does not match offsets.json are
 * rebuilt from their recorded sources - archives from Binance Vision (WireMock) or kept raw CSV copies - and the
 * command says what it did, with its exit code.
 */
class VerifyRepairCommandTest extends CliTestBase {
    private FakeBinance binance;

    @BeforeEach
    void binance() {
        binance = new FakeBinance(root.resolve("binance"), 8);
        System.setProperty("app.backfill.base-url", binance.baseUrl());
        System.setProperty("app.backfill.http.retries", "1");
        System.setProperty("app.backfill.http.backoff-ms", "10");
    }

    @AfterEach
    void stop() {
        binance.close();
        System.clearProperty("app.backfill.base-url");
        System.clearProperty("app.backfill.http.retries");
        System.clearProperty("app.backfill.http.backoff-ms");
        System.clearProperty("app.ingest.keep-raw-csv");
    }

    private Path monthFile(String month) {
        return root.resolve("data/spot/BTCUSDT/klines_1m/" + month + ".parquet");
    }

    private Offsets offsets() throws Exception {
        return OffsetsCodec.read(root.resolve("data/spot/BTCUSDT/metadata/offsets.json"));
    }

    @Test
    void downloads_the_recorded_archives_of_a_deleted_and_a_truncated_month_again() throws Exception {
        binance.publishMonth(YearMonth.of(2024, 10), List.of());
        binance.publishMonth(YearMonth.of(2024, 11), List.of());
        assertThat(run("backfill", "--from", "2024-10", "--to", "2024-11")).isZero();
        Files.delete(monthFile("2024-10"));
        byte[] whole = Files.readAllBytes(monthFile("2024-11"));
        Files.write(monthFile("2024-11"), Arrays.copyOf(whole, 1000));
        assertThat(run("verify")).isEqualTo(4);
        int zipGets = binance.zipGets();
        out.reset();

        assertThat(run("verify", "--repair")).as(out + "\n" + err).isZero();

        assertThat(out.toString()).contains("repair 2024-10: 2024-10.parquet is missing -> REPAIRED",
                "repair 2024-11: 2024-11.parquet does not match offsets.json", "BINANCE_VISION BTCUSDT-1m-2024-10.zip",
                "BINANCE_VISION BTCUSDT-1m-2024-11.zip", "CLEAN");
        assertThat(binance.zipGets()).isEqualTo(zipGets + 2);
        assertThat(root.resolve("data/spot/BTCUSDT/damaged")).isDirectoryContaining(p -> p.getFileName().toString()
                .startsWith("2024-11.parquet."));
        out.reset();
        assertThat(run("verify", "--repair")).isZero();
        assertThat(out.toString()).contains("nothing to repair", "CLEAN");
    }

    @Test
    void kept_raw_csv_copies_rebuild_a_month_without_any_download_and_record_the_same_sources() throws Exception {
        System.setProperty("app.ingest.keep-raw-csv", "true");
        assertThat(run("generate", "--month", "2024-06", "--out", root.resolve("g").toString())).isZero();
        assertThat(run("generate", "--day", "2024-07-01", "--out", root.resolve("g").toString())).isZero();
        Path day = root.resolve("g/BTCUSDT-1m-2024-07-01.zip");
        Path monthCsv = root.resolve("csv/BTCUSDT-1m-2024-06.csv");
        Files.createDirectories(monthCsv.getParent());
        try (var zip = new java.util.zip.ZipFile(root.resolve("g/BTCUSDT-1m-2024-06.zip").toFile())) {
            Files.copy(zip.getInputStream(zip.entries().nextElement()), monthCsv);
        }
        assertThat(run("ingest", monthCsv.toString(), day.toString())).isZero();
        Offsets before = offsets();
        Files.delete(monthFile("2024-06"));
        Files.delete(monthFile("2024-07"));
        out.reset();

        assertThat(run("verify", "--repair")).as(out + "\n" + err).isZero();

        assertThat(out.toString()).contains("RAW_CSV_COPY   BTCUSDT-1m-2024-06.csv", "RAW_CSV_COPY   BTCUSDT-1m-2024-07-01.zip",
                "CLEAN");
        assertThat(binance.server.getAllServeEvents()).as("no request to Binance").isEmpty();
        for (String m : List.of("2024-06", "2024-07")) {
            assertThat(offsets().months().get(m).files()).extracting(Offsets.FileEntry::name, Offsets.FileEntry::sha256,
                    Offsets.FileEntry::source).isEqualTo(before.months().get(m).files().stream().map(f ->
                    org.assertj.core.groups.Tuple.tuple(f.name(), f.sha256(), f.source())).toList());
            assertThat(offsets().months().get(m).parquetSha256()).isEqualTo(before.months().get(m).parquetSha256());
        }
    }

    @Test
    void a_month_with_no_source_at_hand_is_left_as_it_is_and_exits_4() throws Exception {
        Path csv = root.resolve("csv/BTCUSDT-1m-2023-01-21.csv");
        Files.createDirectories(csv.getParent());
        Files.writeString(csv, Fixtures.realCsv("1m"));
        assertThat(run("ingest", csv.toString())).isZero();
        byte[] offsets = Files.readAllBytes(root.resolve("data/spot/BTCUSDT/metadata/offsets.json"));
        Files.delete(monthFile("2023-01"));
        out.reset();

        assertThat(run("verify", "--repair")).isEqualTo(4);

        assertThat(out.toString()).contains("repair 2023-01: 2023-01.parquet is missing -> NOT_REPAIRED",
                "NOT_AT_HAND    BTCUSDT-1m-2023-01-21.csv - csv input without a kept raw CSV copy: ingest it again",
                "OFFSETS_WITHOUT_FILE 2023-01");
        assertThat(root.resolve("data/spot/BTCUSDT/metadata/offsets.json")).hasBinaryContent(offsets);
    }

    @Test
    void a_download_that_fails_exits_3_and_leaves_the_month_as_it_is() throws Exception {
        YearMonth m = YearMonth.of(2024, 10);
        binance.publishMonth(m, List.of());
        assertThat(run("backfill", "--from", "2024-10", "--to", "2024-10")).isZero();
        Files.delete(monthFile("2024-10"));
        System.setProperty("app.backfill.base-url", "http://127.0.0.1:9");
        out.reset();

        assertThat(run("verify", "--repair")).isEqualTo(3);

        assertThat(out.toString()).contains("-> NOT_REPAIRED", "FAILED         BTCUSDT-1m-2024-10.zip", "127.0.0.1:9");
        assertThat(offsets().months()).containsKey("2024-10");
    }
}
