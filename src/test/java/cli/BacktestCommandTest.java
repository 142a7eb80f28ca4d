package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
                "Sharpe / Sortino / Calmar", "run folder", root.resolve("bt").toString()).doesNotContain("llm fallbacks");
        try (var runs = Files.list(root.resolve("bt"))) {
            Path folder = runs.findFirst().orElseThrow();
            assertThat(folder.getFileName().toString()).startsWith("ema-cross-");
            assertThat(folder.resolve("report.html")).exists();
        }
    }

    @Test
    void sweep_ranks_every_combination_and_reruns_the_best_as_full_runs() throws Exception {
        assertThat(run("generate", "--month", "2024-01", "--months", "2", "--seed", "6", "--out", root.resolve("g").toString()))
                .isZero();
        for (String m : new String[] {"2024-01", "2024-02"}) {
            assertThat(run("ingest", root.resolve("g/BTCUSDT-1m-" + m + ".zip").toString())).isZero();
        }
        Path cfg = Files.writeString(root.resolve("sweep.yaml"), """
                start: 2024-01-15
                end: 2024-03-01
                interval: 15m
                indicators: {ema_fast: 12, ema_slow: 26}
                strategy: {type: ema-cross, decision_every: 15m}
                output_dir: %s
                """.formatted(root.resolve("bt").toString().replace("\\", "/")));
        out.reset();
        assertThat(run("backtest", "sweep", "--config", cfg.toString(), "--grid", "ema_fast=5:20:5",
                "--grid", "ema_slow=20:40:10", "--threads", "2", "--rerun-best", "2")).as(err.toString()).isZero();
        String printed = out.toString();
        assertThat(printed).contains("12 combinations: 11 run, 1 skipped", "ranked by sharpe", "ranking.csv", "full run:");
        try (var dirs = Files.list(root.resolve("bt"))) {
            List<Path> folders = dirs.toList();
            Path sweep = folders.stream().filter(p -> p.getFileName().toString().startsWith("sweep-")).findFirst().orElseThrow();
            assertThat(Files.readAllLines(sweep.resolve("ranking.csv"))).hasSize(12);
            assertThat(sweep.resolve("ranking.parquet")).exists();
            assertThat(Files.readString(sweep.resolve("sweep.json"))).contains("must be < ema_slow");
            assertThat(folders.stream().filter(p -> p.getFileName().toString().startsWith("ema-cross-"))).hasSize(2)
                    .allSatisfy(p -> assertThat(p.resolve("report.html")).exists());
        }
    }

    @Test
    void sweep_refuses_an_unknown_grid_key() throws Exception {
        Path cfg = Files.writeString(root.resolve("s.yaml"), "start: 2024-01-01\nend: 2024-02-01\nstrategy: {type: ema-cross}\n");
        assertThat(run("backtest", "sweep", "--config", cfg.toString(), "--grid", "ema_fats=1:3:1")).isEqualTo(2);
        assertThat(err.toString()).contains("ema_fats");
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
    void refuses_a_range_with_no_stored_bars_in_one_line_and_shows_the_trace_with_verbose() throws Exception {
        Path cfg = Files.writeString(root.resolve("empty.yaml"), """
                start: 2020-01-01
                end: 2020-02-01
                strategy: {type: ema-cross}
                output_dir: %s
                """.formatted(root.resolve("bt").toString().replace("\\", "/")));
        assertThat(refused(2, "backtest", "--config", cfg.toString())).isEqualTo("kline-pipeline backtest: " + cfg
                + ": start: no bars stored between 2020-01-01T00:00:00Z and 2020-02-01T00:00:00Z (ingest or backfill them first)");
        assertThat(refused(2, "backtest", "sweep", "--config", cfg.toString(), "--grid", "ema_fast=5:10:5"))
                .startsWith("kline-pipeline backtest sweep: no bars between 2020-01-01T00:00:00Z");

        err.reset();
        assertThat(run("backtest", "--config", cfg.toString(), "--verbose")).isEqualTo(2);
        List<String> lines = err.toString().lines().toList();
        assertThat(err.toString()).contains("backtest.config.ConfigException", "\tat ").doesNotContain("ERROR");
        assertThat(lines.get(lines.size() - 1)).startsWith("kline-pipeline backtest: " + cfg + ": start: no bars stored");
        err.reset();
        assertThat(run("--verbose", "backtest", "--config", cfg.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("\tat ");
    }

    @Test
    void refuses_bad_configs_and_options_in_one_line() throws Exception {
        assertThat(refused(2, "backtest")).isEqualTo("kline-pipeline backtest: give --config FILE (see kline-pipeline backtest --help)");
        Path missing = root.resolve("nope.yaml");
        assertThat(refused(2, "backtest", "--config", missing.toString()))
                .isEqualTo("kline-pipeline backtest: cannot read config " + missing + ": no such file");
        assertThat(refused(2, "backtest", "--config", root.toString()))
                .isEqualTo("kline-pipeline backtest: cannot read config " + root + ": a folder, not a file");
        Path broken = Files.writeString(root.resolve("broken.yaml"), "start: [2024\n");
        assertThat(refused(2, "backtest", "--config", broken.toString()))
                .isEqualTo("kline-pipeline backtest: " + broken + ": not valid YAML: expected ',' or ']', but got <stream end> "
                        + "(line 2, column 1)");
        Path empty = Files.writeString(root.resolve("empty-value.yaml"), "start: 2024-01-01\nend: 2024-02-01\nfee_rate:\n"
                + "strategy:\n  type: ema-cross\n");
        assertThat(refused(2, "backtest", "--config", empty.toString()))
                .isEqualTo("kline-pipeline backtest: " + empty + ": fee_rate: empty value; give a value or remove the key");
        Path typo = Files.writeString(root.resolve("typo.yaml"), "start: 2024-01-01\nend: 2024-02-01\nstrategy:\n  typ: ema-cross\n");
        assertThat(refused(2, "backtest", "--config", typo.toString()))
                .isEqualTo("kline-pipeline backtest: " + typo + ": strategy.typ: unknown key (did you mean strategy.type?)");
        Path ok = Files.writeString(root.resolve("ok.yaml"), "start: 2024-01-01\nend: 2024-02-01\nstrategy: {type: ema-cross}\n");
        assertThat(refused(2, "backtest", "sweep", "--config", ok.toString()))
                .isEqualTo("kline-pipeline backtest sweep: Missing required option: '--grid=<grid>' (see kline-pipeline backtest sweep --help)");
        assertThat(refused(2, "backtest", "sweep", "--config", ok.toString(), "--grid", "ema_fats=5:10:5"))
                .isEqualTo("kline-pipeline backtest sweep: --grid ema_fats: unknown key (did you mean ema_fast?)");
        assertThat(refused(2, "backtest", "sweep", "--config", ok.toString(), "--grid", "ema_fast=5:10:5", "--threads", "-1"))
                .contains("--threads must be >= 0, got -1");
    }
}
