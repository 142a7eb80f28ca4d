package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import support.DuckDb;

/**
 * One store, two symbols ({@code app.symbols=BTCUSDT,ETHUSDT}): features and backtest configs name their symbol and read
 * that symbol's bars; a symbol the store does not hold is refused naming those it holds.
 */
class MultiSymbolCommandsTest extends CliTestBase {

    @BeforeEach
    void twoSymbols() {
        System.setProperty("app.symbols", "BTCUSDT,ETHUSDT");
        for (String[] s : List.of(new String[] {"BTCUSDT", "6"}, new String[] {"ETHUSDT", "9"})) {
            Path gen = root.resolve("g-" + s[0]);
            assertThat(run("generate", "--symbol", s[0], "--month", "2024-01", "--seed", s[1], "--out", gen.toString()))
                    .isZero();
            assertThat(run("ingest", gen.resolve(s[0] + "-1m-2024-01.zip").toString())).as(err.toString()).isZero();
        }
        out.reset();
    }

    @AfterEach
    void oneSymbol() {
        System.clearProperty("app.symbols");
        System.clearProperty("app.exports.dir");
        System.clearProperty("app.api.runs-dir");
    }

    @Test
    void a_run_bundle_of_another_symbol_replays_against_that_symbols_store() throws Exception {
        Path exports = root.resolve("exports");
        Path runs = root.resolve("runs");
        System.setProperty("app.exports.dir", exports.toString());
        System.setProperty("app.api.runs-dir", runs.toString());
        Path cfg = Files.writeString(root.resolve("eth-run.yaml"), """
                symbol: ETHUSDT
                start: 2024-01-05
                end: 2024-01-31
                interval: 15m
                indicators: {ema_fast: 12, ema_slow: 26}
                strategy: {type: ema-cross, decision_every: 15m}
                output_dir: %s
                """.formatted(runs.toString().replace("\\", "/")));
        assertThat(run("backtest", "--config", cfg.toString())).as(err.toString()).isZero();
        String id;
        try (var s = Files.list(runs)) {
            id = s.filter(Files::isDirectory).findFirst().orElseThrow().getFileName().toString();
        }
        assertThat(run("export", "run", id)).as(err.toString()).isZero();
        Path zip = exports.resolve("runs/" + id + ".zip");
        out.reset();
        assertThat(run("replay", "--run", zip.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains(id + ": identical (9 files)");

        // the same bundle on a store whose ETHUSDT month is another (BTCUSDT's stays the same): refused naming ETHUSDT
        System.setProperty("app.data.dir", root.resolve("other").toString());
        Path gen = root.resolve("g-other");
        assertThat(run("generate", "--symbol", "ETHUSDT", "--month", "2024-01", "--seed", "1", "--out", gen.toString()))
                .isZero();
        assertThat(run("ingest", gen.resolve("ETHUSDT-1m-2024-01.zip").toString())).isZero();
        assertThat(refused(3, "replay", "--run", zip.toString()))
                .contains("the store's ETHUSDT month files differ from the bundle's lineage: 2024-01 (stored ");
    }

    @Test
    void exports_of_another_symbol_carry_it_in_their_names_and_ingest_back_into_its_store() throws Exception {
        Path exports = root.resolve("exports");
        System.setProperty("app.exports.dir", exports.toString());
        assertThat(run("export", "klines", "--from", "2024-01")).as(err.toString()).isZero();
        assertThat(run("export", "klines", "--from", "2024-01", "--symbol", "ETHUSDT")).as(err.toString()).isZero();
        assertThat(run("export", "features", "--symbol", "ETHUSDT", "--start", "2024-01-10", "--end", "2024-01-11"))
                .as(err.toString()).isZero();
        Path btc = exports.resolve("klines_1m_2024-01.csv");
        Path eth = exports.resolve("ETHUSDT_klines_1m_2024-01.csv");
        assertThat(btc).as("the default symbol's names as ever").exists();
        assertThat(eth).exists();
        assertThat(exports.resolve("ETHUSDT_features_1m_20240110T000000Z_20240111T000000Z.csv")).exists();
        assertThat(Files.readString(eth)).isNotEqualTo(Files.readString(btc));
        com.fasterxml.jackson.databind.JsonNode manifest = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(exports.resolve("manifest.json").toFile());
        assertThat(manifest.toString()).contains("ETHUSDT_klines_1m_2024-01.csv", "\"symbol\":\"ETHUSDT\"",
                "\"symbol\":\"BTCUSDT\"");
        assertThat(refused(2, "export", "klines", "--from", "2024-01", "--symbol", "eth")).contains("'eth' is not a symbol");

        out.reset();
        assertThat(run("ingest", eth.toString())).as(err.toString()).isZero();
        assertThat(storage.OffsetsCodec.read(root.resolve("data/spot/ETHUSDT/metadata/offsets.json")).months()
                .get("2024-01").files()).extracting(storage.Offsets.FileEntry::name)
                .contains("ETHUSDT_klines_1m_2024-01.csv");
        assertThat(storage.OffsetsCodec.read(root.resolve("data/spot/BTCUSDT/metadata/offsets.json")).months()
                .get("2024-01").files()).extracting(storage.Offsets.FileEntry::name)
                .doesNotContain("ETHUSDT_klines_1m_2024-01.csv");
    }

    @Test
    void features_compute_reads_the_named_symbol_and_writes_under_its_folder() throws Exception {
        assertThat(run("features", "compute", "--symbol", "ETHUSDT", "--start", "2024-01-10", "--end", "2024-01-11",
                "--indicators", "ema")).as(err.toString()).isZero();
        Path features;
        try (var files = Files.list(root.resolve("data/spot/ETHUSDT/features"))) {
            features = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        String closes = "SELECT round(sum(close), 6) FROM %s WHERE %s >= TIMESTAMP '2024-01-10' AND %s < TIMESTAMP "
                + "'2024-01-11'";
        Object frame = DuckDb.single(closes.formatted(DuckDb.parquet(features), "ts", "ts"));
        Object eth = DuckDb.single(closes.formatted(DuckDb.parquet(root.resolve(
                "data/spot/ETHUSDT/klines_1m/2024-01.parquet")), "open_time", "open_time"));
        Object btc = DuckDb.single(closes.formatted(DuckDb.parquet(root.resolve(
                "data/spot/BTCUSDT/klines_1m/2024-01.parquet")), "open_time", "open_time"));
        assertThat(frame).isEqualTo(eth).isNotEqualTo(btc);
        assertThat(root.resolve("data/spot/BTCUSDT/features").resolve(features.getFileName())).doesNotExist();

        assertThat(refused(2, "features", "compute", "--symbol", "SOLUSDT", "--start", "2024-01-10", "--end",
                "2024-01-11")).contains("this store holds BTCUSDT,ETHUSDT, not SOLUSDT");
    }

    @Test
    void a_backtest_config_names_its_symbol_and_runs_on_that_symbols_bars() throws Exception {
        String yaml = """
                symbol: %s
                start: 2024-01-05
                end: 2024-01-31
                interval: 15m
                indicators: {ema_fast: 12, ema_slow: 26}
                strategy: {type: ema-cross, decision_every: 15m}
                output_dir: %s
                """;
        String bt = root.resolve("bt").toString().replace("\\", "/");
        Path eth = Files.writeString(root.resolve("eth.yaml"), yaml.formatted("ETHUSDT", bt));
        Path btc = Files.writeString(root.resolve("btc.yaml"), yaml.formatted("BTCUSDT", bt));
        assertThat(run("backtest", "--config", eth.toString())).as(err.toString()).isZero();
        assertThat(run("backtest", "--config", btc.toString())).as(err.toString()).isZero();
        List<Path> folders;
        try (var dirs = Files.list(root.resolve("bt"))) {
            folders = dirs.sorted().toList();
        }
        assertThat(folders).as("two runs, two run ids").hasSize(2);
        String first = Files.readString(folders.get(0).resolve("config.yaml"));
        String second = Files.readString(folders.get(1).resolve("config.yaml"));
        assertThat(List.of(first, second)).anyMatch(c -> c.contains("symbol: ETHUSDT"))
                .anyMatch(c -> c.contains("symbol: BTCUSDT"));

        Path sol = Files.writeString(root.resolve("sol.yaml"), yaml.formatted("SOLUSDT", bt));
        assertThat(refused(2, "backtest", "--config", sol.toString())).contains("symbol", "not SOLUSDT");
        out.reset();
        assertThat(run("backtest", "sweep", "--config", eth.toString(), "--grid", "ema_fast=5:10:5", "--threads", "1"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("2 combinations");
    }
}
