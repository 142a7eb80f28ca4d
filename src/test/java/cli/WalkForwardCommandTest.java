package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code backtest walk-forward}: prints the folds and writes the folder; windows that fit no fold and bad options refused in one line. */
class WalkForwardCommandTest extends CliTestBase {

    @Test
    void walk_forward_prints_the_folds_and_writes_the_folder_and_refuses_in_one_line() throws Exception {
        assertThat(run("generate", "--month", "2024-01", "--months", "2", "--seed", "6", "--out", root.resolve("g").toString()))
                .isZero();
        for (String m : new String[] {"2024-01", "2024-02"}) {
            assertThat(run("ingest", root.resolve("g/BTCUSDT-1m-" + m + ".zip").toString())).isZero();
        }
        Path cfg = Files.writeString(root.resolve("wf.yaml"), """
                start: 2024-01-15
                end: 2024-03-01
                interval: 15m
                indicators: {ema_fast: 12, ema_slow: 26}
                strategy: {type: ema-cross, decision_every: 15m}
                output_dir: %s
                """.formatted(root.resolve("bt").toString().replace("\\", "/")));
        out.reset();
        assertThat(run("backtest", "walk-forward", "--config", cfg.toString(), "--grid", "ema_fast=5,10",
                "--grid", "ema_slow=20,40", "--train", "14d", "--test", "7d", "--threads", "2")).as(err.toString()).isZero();
        // folds test 01-29..02-05, ..., 02-19..02-26 (a fifth would end 03-04)
        assertThat(out.toString()).contains("4 folds, ranked by sharpe", "   0  2024-01-15 2024-01-29 2024-02-05",
                "   3  2024-02-05 2024-02-19 2024-02-26", "out-of-sample: return", "ema_fast=");
        try (var dirs = Files.list(root.resolve("bt"))) {
            Path wf = dirs.filter(p -> p.getFileName().toString().startsWith("walkforward-")).findFirst().orElseThrow();
            assertThat(Files.readAllLines(wf.resolve("folds.csv"))).hasSize(5);
            assertThat(wf.resolve("report.html")).exists();
        }

        assertThat(refused(2, "backtest", "walk-forward", "--config", cfg.toString(), "--grid", "ema_fast=5,10",
                "--train", "40d", "--test", "7d")).isEqualTo("kline-pipeline backtest walk-forward: --train 40d + --test 7d do not fit in the config's window 2024-01-15T00:00:00Z .. 2024-03-01T00:00:00Z");
        assertThat(refused(2, "backtest", "walk-forward", "--config", cfg.toString(), "--grid", "ema_fats=5,10",
                "--train", "14d", "--test", "7d")).contains("ema_fats");
        assertThat(refused(2, "backtest", "walk-forward", "--config", cfg.toString(), "--grid", "ema_fast=5,10",
                "--train", "14", "--test", "7d")).startsWith("kline-pipeline backtest walk-forward: --train: expected a length");
    }
}
