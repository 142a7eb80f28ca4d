package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code backtest --config}: the shipped example config runs on generated data; bad configs name the key. */
class BacktestCommandTest extends CliTestBase {

    @Test
    void the_example_config_runs_and_prints_a_summary_and_the_run_folder() throws Exception {
        assertThat(run("generate", "--month", "2023-12", "--months", "3", "--seed", "6", "--out", root.resolve("g").toString()))
                .isZero();
        for (String m : new String[] {"2023-12", "2024-01", "2024-02"}) {
            assertThat(run("ingest", root.resolve("g/BTCUSDT-1m-" + m + ".zip").toString())).isZero();
        }
        Path example = Path.of("configs/backtest.yaml");
        String yaml = Files.readString(example).replaceAll("(?m)^output_dir:.*$",
                "output_dir: " + root.resolve("bt").toString().replace("\\", "/"));
        Path cfg = Files.writeString(root.resolve("bt.yaml"), yaml);
        out.reset();
        assertThat(run("backtest", "--config", cfg.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("strategy", "ema-cross", "total return", "buy and hold return", "max drawdown",
                "Sharpe / Sortino / Calmar", "run folder", root.resolve("bt").toString());
        try (var runs = Files.list(root.resolve("bt"))) {
            Path folder = runs.findFirst().orElseThrow();
            assertThat(folder.getFileName().toString()).startsWith("ema-cross-");
            assertThat(folder.resolve("report.html")).exists();
        }
    }

    @Test
    void a_bad_config_is_refused_with_the_key_named() throws Exception {
        Path cfg = Files.writeString(root.resolve("bad.yaml"), """
                start: 2024-01-01
                end: 2024-03-01
                strategy: {type: ema-cross, size_pct: 1.5}
                """);
        assertThat(run("backtest", "--config", cfg.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("strategy.size_pct");
        err.reset();
        Path typo = Files.writeString(root.resolve("typo.yaml"), """
                start: 2024-01-01
                end: 2024-03-01
                fee_rte: 0.001
                strategy: {type: ema-cross}
                """);
        assertThat(run("backtest", "--config", typo.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("fee_rte");
    }

    @Test
    void refuses_a_range_with_no_stored_bars() throws Exception {
        Path cfg = Files.writeString(root.resolve("empty.yaml"), """
                start: 2020-01-01
                end: 2020-02-01
                strategy: {type: ema-cross}
                output_dir: %s
                """.formatted(root.resolve("bt").toString().replace("\\", "/")));
        assertThat(run("backtest", "--config", cfg.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no bars stored");
    }
}
