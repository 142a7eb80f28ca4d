package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import storage.Hashes;
import support.DuckDb;

/** {@code export klines} through the real route and files: DuckDB reads the CSV back equal to the Parquet. */
class ExportCommandTest extends CliTestBase {
    private Path exports;

    @BeforeEach
    void exportsDir() {
        exports = root.resolve("exports");
        System.setProperty("app.exports.dir", exports.toString());
    }

    @AfterEach
    void clearExportsDir() {
        System.clearProperty("app.exports.dir");
    }

    private void month(String month, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("generate", "--month", month, "--seed", "4", "--out",
                root.resolve("g").toString()));
        args.addAll(List.of(extra));
        assertThat(run(args.toArray(String[]::new))).isZero();
        assertThat(run("ingest", root.resolve("g/BTCUSDT-1m-" + month + ".zip").toString())).as(err.toString()).isZero();
        out.reset();
    }

    private static String csv(Path file) {
        return "read_csv('" + file.toAbsolutePath().toString().replace("'", "''") + "', header=true)";
    }

    @Test
    void klines_1m_read_back_by_duckdb_with_the_stored_types_and_values() throws Exception {
        month("2024-05");
        assertThat(run("export", "klines", "--from", "2024-05", "--to", "2024-05")).as(err.toString()).isZero();
        Path file = exports.resolve("klines_1m_2024-05.csv");
        assertThat(out.toString()).contains("wrote " + file, "44640 rows, 0 missing minutes");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("open_time,open,high,low,close,volume,close_time,quote_asset_volume,trades,"
                + "taker_base,taker_quote");
        assertThat(lines.get(1)).startsWith("2024-05-01T00:00:00Z,").contains(",2024-05-01T00:00:59.999Z,")
                .doesNotContain("E");
        assertThat(Files.readString(exports.resolve("klines_1m_2024-05.csv.sha256")))
                .isEqualTo(Hashes.sha256(file) + "  klines_1m_2024-05.csv\n");

        List<List<Object>> types = DuckDb.query("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM " + csv(file) + ")");
        assertThat(types.stream().map(r -> r.get(0) + " " + r.get(1)).toList()).containsExactly(
                "open_time TIMESTAMP WITH TIME ZONE", "open DOUBLE", "high DOUBLE", "low DOUBLE", "close DOUBLE",
                "volume DOUBLE", "close_time TIMESTAMP WITH TIME ZONE", "quote_asset_volume DOUBLE", "trades BIGINT",
                "taker_base DOUBLE", "taker_quote DOUBLE");
        Path parquet = root.resolve("data/spot/BTCUSDT/klines_1m/2024-05.parquet");
        Object equal = DuckDB_equalRows(file, parquet);
        assertThat(equal).isEqualTo(44640L);
    }

    /** Rows of the CSV equal, column for column, to the Parquet row of the same open_time. */
    private static Object DuckDB_equalRows(Path csvFile, Path parquet) {
        return DuckDb.single("SELECT count(*) FROM " + csv(csvFile) + " c JOIN " + DuckDb.parquet(parquet)
                + " p ON epoch_ms(c.open_time) = epoch_ms(p.open_time) WHERE c.open = p.open AND c.high = p.high"
                + " AND c.low = p.low AND c.close = p.close AND c.volume = p.volume"
                + " AND epoch_ms(c.close_time) = epoch_ms(p.close_time) AND c.quote_asset_volume = p.quote_asset_volume"
                + " AND c.trades = p.trades AND c.taker_base = p.taker_base AND c.taker_quote = p.taker_quote");
    }

    @Test
    void a_second_export_of_unchanged_data_is_byte_identical_and_says_unchanged() throws Exception {
        month("2024-05");
        assertThat(run("export", "klines", "--from", "2024-05")).isZero();
        Path file = exports.resolve("klines_1m_2024-05.csv");
        Path manifest = exports.resolve("manifest.json");
        byte[] first = Files.readAllBytes(file);
        byte[] firstManifest = Files.readAllBytes(manifest);
        long modified = Files.getLastModifiedTime(file).toMillis();
        out.reset();
        assertThat(run("export", "klines", "--from", "2024-05")).isZero();
        assertThat(out.toString()).contains("unchanged " + file, "unchanged " + manifest).doesNotContain("wrote");
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
        Files.delete(file); // written afresh: the same bytes
        out.reset();
        assertThat(run("export", "klines", "--from", "2024-05")).isZero();
        assertThat(out.toString()).contains("wrote " + file);
        assertThat(Files.readAllBytes(file)).isEqualTo(first);
        assertThat(Files.readAllBytes(manifest)).isEqualTo(firstManifest);
        String json = Files.readString(manifest);
        String monthSha = Hashes.sha256(root.resolve("data/spot/BTCUSDT/klines_1m/2024-05.parquet"));
        assertThat(json).contains("\"file\" : \"klines_1m_2024-05.csv\"", "\"kind\" : \"klines\"", "\"rows\" : 44640",
                "\"missing_minutes\" : 0", "\"sha256\" : \"" + Hashes.sha256(file) + "\"",
                "\"2024-05\" : \"" + monthSha + "\"", "\"program_version\" : \"dev\"", "\"from\" : \"2024-05-01T00:00:00Z\"");
    }

    @Test
    void ffill_adds_a_filled_column_and_fills_only_the_missing_minutes() throws Exception {
        month("2024-05", "--gap", "2024-05-10T12:00:00Z/30");
        assertThat(run("export", "klines", "--from", "2024-05")).isZero();
        assertThat(out.toString()).contains("44610 rows, 30 missing minutes");
        Path file = exports.resolve("klines_1m_2024-05.csv");
        assertThat(DuckDb.single("SELECT count(*) FROM " + csv(file) + " WHERE open_time >= '2024-05-10 12:00:00Z'"
                + " AND open_time < '2024-05-10 12:30:00Z'")).isEqualTo(0L);
        out.reset();
        assertThat(run("export", "klines", "--from", "2024-05", "--gap-policy", "ffill")).isZero();
        assertThat(out.toString()).contains("44640 rows, 30 missing minutes");
        assertThat(Files.readAllLines(file).get(0)).endsWith(",taker_quote,filled");
        assertThat(DuckDb.query("SELECT count(*), min(open_time) = '2024-05-10 12:00:00Z', max(open_time) = '2024-05-10 12:29:00Z',"
                + " sum(volume), sum(trades)::BIGINT, count(DISTINCT close) FROM " + csv(file) + " WHERE filled = 1").get(0))
                .containsExactly(30L, true, true, 0.0, 0L, 1L);
    }

    @Test
    void an_aggregated_interval_equals_the_bars_of_features_compute() throws Exception {
        month("2024-05", "--gap", "2024-05-10T12:00:00Z/30");
        assertThat(run("export", "klines", "--from", "2024-05", "--interval", "15m")).as(err.toString()).isZero();
        Path file = exports.resolve("klines_15m_2024-05.csv");
        Path frame = root.resolve("f.parquet");
        assertThat(run("features", "compute", "--start", "2024-05", "--end", "2024-06", "--interval", "15m",
                "--gap-policy", "none", "--out", frame.toString())).as(err.toString()).isZero();
        long bars = (Long) DuckDb.single("SELECT count(*) FROM " + DuckDb.parquet(frame));
        assertThat(bars).isEqualTo(2976L - 2); // the two 15m buckets of the gap are incomplete: left out by both
        assertThat(DuckDb.single("SELECT count(*) FROM " + csv(file) + " c JOIN " + DuckDb.parquet(frame)
                + " f ON epoch_ms(c.open_time) = epoch_ms(f.ts) WHERE c.open = f.open AND c.high = f.high AND c.low = f.low"
                + " AND c.close = f.close AND c.volume = f.volume"
                + " AND epoch_ms(c.close_time) = epoch_ms(f.ts) + 899999")).isEqualTo(bars);
        assertThat(DuckDb.single("SELECT count(*) FROM " + csv(file))).isEqualTo(bars);
    }

    @Test
    void a_range_without_stored_data_is_refused_in_one_line_and_leaves_no_file() throws Exception {
        month("2024-05");
        assertThat(refused(2, "export", "klines", "--from", "2020-01", "--to", "2020-03"))
                .isEqualTo("kline-pipeline export klines: no stored klines in 2020-01..2020-03 (the store holds "
                        + "2024-05..2024-05): nothing exported");
        assertThat(visibleFiles()).isEmpty();
        assertThat(refused(2, "export", "klines", "--from", "2024-05", "--interval", "1w"))
                .contains("--interval 1w is not exported: a week crosses month files");
        assertThat(refused(2, "export", "features", "--start", "2020-01", "--end", "2020-02"))
                .startsWith("kline-pipeline export features: no bars stored between 2020-01-01T00:00:00Z");
        assertThat(refused(2, "export", "run", "ema-cross-0123456789ab"))
                .startsWith("kline-pipeline export run: no finished run ema-cross-0123456789ab under");
        assertThat(visibleFiles()).isEmpty();
        assertThat(exports).doesNotExist();

        // a month file that no longer matches offsets.json (damaged, or rewritten all along): refused, nothing written
        Files.write(root.resolve("data/spot/BTCUSDT/klines_1m/2024-05.parquet"), new byte[] {0},
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(refused(3, "export", "klines", "--from", "2024-05"))
                .startsWith("kline-pipeline export klines: cannot export 2024-05: month file 2024-05.parquet does not"
                        + " match offsets.json").contains("verify --repair");
        assertThat(visibleFiles()).isEmpty();
    }

    private List<Path> visibleFiles() throws Exception {
        if (!Files.exists(exports)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(exports)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }
}
