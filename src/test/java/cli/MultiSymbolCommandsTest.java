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
