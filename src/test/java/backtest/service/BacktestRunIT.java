package backtest.service;

import static org.assertj.core.api.Assertions.assertThat;

import backtest.config.BacktestConfig;
import backtest.run.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import support.DuckDb;
import support.TestApp;
import support.TreeSnapshot;

/** A configured backtest through direct:backtest: the run folder, its artefacts, determinism, replay. */
class BacktestRunIT {
    @TempDir
    static Path root;

    @BeforeAll
    static void twoMonths() throws Exception {
        TestApp.ingestGeneratedMonths(root, 12, YearMonth.of(2023, 12), YearMonth.of(2024, 1), YearMonth.of(2024, 2));
    }

    private static BacktestConfig config(String strategy, String out) {
        return BacktestConfig.parse("""
                symbol: BTCUSDT
                start: 2024-01-01
                end: 2024-03-01
                interval: 15m
                initial_cash: 10000
                fee_rate: 0.001
                slippage_bps: 2
                indicators: {ema_fast: 12, ema_slow: 26, rsi: 14}
                strategy:
                %s
                output_dir: %s
                """.formatted(strategy, out));
    }

    private static RunSummary run(BacktestConfig cfg) throws Exception {
        try (PipelineRuntime app = TestApp.oneShot(root, Map.of())) {
            return app.backtest(cfg);
        }
    }

    @Test
    void writes_every_artefact_and_the_same_config_gives_byte_identical_files() throws Exception {
        String out = root.resolve("runs-a").toString();
        RunSummary first = run(config("  type: ema-cross\n  decision_every: 1h\n  size_pct: 0.5", out));
        Path folder = first.folder();
        assertThat(folder).isDirectory();
        for (String f : List.of("config.yaml", "metrics.json", "fills.parquet", "fills.jsonl", "equity.parquet",
                "decisions.jsonl", "lineage.json", "report.html")) {
            assertThat(folder.resolve(f)).as(f).exists();
        }
        assertThat(first.fills()).isPositive();
        assertThat(DuckDb.single("SELECT count(*) FROM " + DuckDb.parquet(folder.resolve("equity.parquet"))))
                .isEqualTo((long) first.bars());
        assertThat(DuckDb.single("SELECT count(*) FROM " + DuckDb.parquet(folder.resolve("fills.parquet"))))
                .isEqualTo((long) first.fills());
        assertThat(DuckDb.single("SELECT count(*) FROM " + DuckDb.parquet(folder.resolve("decisions.parquet"))))
                .isEqualTo((long) first.decisions());
        assertThat(Files.readAllLines(folder.resolve("decisions.jsonl")).size()).isBetween(first.fills(),
                first.decisions());
        String lineage = Files.readString(folder.resolve("lineage.json"));
        assertThat(lineage).contains("\"month\" : \"2023-12\"", "\"month\" : \"2024-02\"", "parquet_sha256",
                "BTCUSDT-1m-2024-01.zip");
        var lineageJson = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lineage);
        // run from classes, not the jar: no Implementation-Version in a manifest, so "dev"
        assertThat(lineageJson.path("program_version").asText()).isEqualTo("dev");
        assertThat(lineageJson.path("java_version").asText()).isEqualTo(Runtime.version().toString());
        assertThat(lineageJson.path("config_sha256").asText())
                .isEqualTo(storage.Hashes.sha256(folder.resolve("config.yaml")));
        assertThat(Files.readString(folder.resolve("report.html"))).contains("<svg").doesNotContain("https://");

        Map<String, String> files = TreeSnapshot.of(folder);
        RunSummary again = run(config("  type: ema-cross\n  decision_every: 1h\n  size_pct: 0.5", out));
        assertThat(again.folder()).isEqualTo(folder);
        assertThat(TreeSnapshot.of(folder)).isEqualTo(files);
    }

    @Test
    void replay_of_a_runs_decisions_gives_the_same_metrics() throws Exception {
        RunSummary original = run(config("  type: rsi-threshold\n  decision_every: 15m\n  size_pct: 1.0\n"
                + "  buy_below: 35\n  sell_above: 65", root.resolve("runs-b").toString()));
        RunSummary replay = run(config("  type: replay\n  decision_every: 15m\n  size_pct: 1.0\n  from_run: "
                + original.folder(), root.resolve("runs-c").toString()));
        assertThat(replay.metrics()).isEqualTo(original.metrics());
        assertThat(replay.fills()).isEqualTo(original.fills());
        assertThat(Files.readAllBytes(replay.folder().resolve("fills.jsonl")))
                .isEqualTo(Files.readAllBytes(original.folder().resolve("fills.jsonl")));
    }
}
