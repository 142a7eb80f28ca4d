package backtest.service;

import static org.assertj.core.api.Assertions.assertThat;

import backtest.config.BacktestConfig;
import backtest.run.RunSummary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * Risk rules and next-open fills through the application (direct:backtest): hourly bars whose stops are checked on
 * the 1m bars read from the store, the exit reasons in fills, metrics.json, the summary and the report, and a rerun
 * byte-identical; a config without the blocks writes the files it always wrote.
 */
class ExecutionRiskRunIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path root;

    @BeforeAll
    static void twoMonths() throws Exception {
        TestApp.ingestGeneratedMonths(root, 12, YearMonth.of(2023, 12), YearMonth.of(2024, 1), YearMonth.of(2024, 2));
    }

    private static BacktestConfig config(String extra, String out) {
        return BacktestConfig.parse("""
                start: 2024-01-01
                end: 2024-03-01
                interval: 1h
                indicators: {ema_fast: 12, ema_slow: 26}
                strategy: {type: ema-cross, decision_every: 1h, size_pct: 1.0}
                output_dir: %s
                %s
                """.formatted(out, extra));
    }

    private static RunSummary run(BacktestConfig cfg) throws Exception {
        try (PipelineRuntime app = TestApp.oneShot(root, Map.of())) {
            return app.backtest(cfg);
        }
    }

    @Test
    void hourly_decisions_stop_on_the_minute_and_every_output_names_the_exit_reason() throws Exception {
        String out = root.resolve("risk").toString();
        BacktestConfig cfg = config("execution: {fill: next_open}\n"
                + "risk: {stop_loss_pct: 0.01, take_profit_pct: 0.02, trailing_stop_pct: 0.015}", out);
        RunSummary s = run(cfg);
        Path folder = s.folder();
        JsonNode metrics = JSON.readTree(folder.resolve("metrics.json").toFile());
        JsonNode exits = metrics.path("exits");
        assertThat(exits.fieldNames()).toIterable()
                .containsExactly("signal", "stop_loss", "take_profit", "trailing_stop", "end_of_data");
        int riskExits = exits.path("stop_loss").path("count").asInt() + exits.path("take_profit").path("count").asInt()
                + exits.path("trailing_stop").path("count").asInt();
        assertThat(riskExits).isPositive();
        double pnl = 0;
        int trips = 0;
        for (JsonNode e : exits) {
            pnl += e.path("pnl").asDouble();
            trips += e.path("count").asInt();
        }
        assertThat(pnl).isCloseTo(metrics.path("total_pnl").asDouble(), org.assertj.core.api.Assertions.within(1e-6));
        assertThat(trips).isEqualTo(metrics.path("round_trips").asInt() + (s.openTrade() == null ? 0 : 1));
        assertThat(metrics.has("unfilled_orders")).isTrue();

        List<String> fills = Files.readAllLines(folder.resolve("fills.jsonl"));
        assertThat(fills).allMatch(l -> l.contains("\"reason\":"));
        // a risk exit happens inside an hour, on the minute: not at an hour's open time
        assertThat(fills.stream().map(l -> readQuietly(l)).filter(l -> !l.path("reason").asText().equals("signal"))
                .map(l -> l.path("ts").asText())).isNotEmpty().anyMatch(ts -> !ts.endsWith(":00:00Z"));
        assertThat(DuckDb.single("SELECT count(*) FROM " + DuckDb.parquet(folder.resolve("fills.parquet"))
                + " WHERE reason <> 'signal'")).isEqualTo((long) riskExits);
        assertThat(Files.readString(folder.resolve("config.yaml"))).contains("fill: next_open", "stop_loss_pct: 0.01");
        assertThat(s.table()).contains("exits: ");
        List<String> decisions = Files.readAllLines(folder.resolve("decisions.jsonl"));
        assertThat(decisions).allMatch(l -> l.contains("\"reason\":"))
                .anyMatch(l -> l.matches(".*\"reason\":\"(stop_loss|take_profit|trailing_stop)\".*"));
        // in event order: an exit inside an hour comes before that hour's decision (logged at the hour's open time)
        assertThat(decisions).containsSubsequence(decisions.stream().filter(l -> l.contains("\"reason\":\"signal\""))
                .toList());
        assertThat(Files.readString(folder.resolve("report.html"))).contains("Exits: stop_loss")
                .containsPattern("class=\"marker sell (stop_loss|take_profit|trailing_stop)\"");

        Map<String, String> files = TreeSnapshot.of(folder);
        assertThat(run(cfg).folder()).isEqualTo(folder);
        assertThat(TreeSnapshot.of(folder)).isEqualTo(files);

        // a replay of the decisions (risk exits skipped) under the same rules gives the same run
        RunSummary replay = run(BacktestConfig.parse(cfg.toYaml().replace("type: ema-cross",
                "type: replay\n  from_run: " + folder).replace("output_dir: " + out, "output_dir: " + out + "-replay")));
        assertThat(replay.metrics()).isEqualTo(s.metrics());
        assertThat(Files.readAllBytes(replay.folder().resolve("fills.jsonl")))
                .isEqualTo(Files.readAllBytes(folder.resolve("fills.jsonl")));
    }

    @Test
    void a_config_without_the_blocks_writes_no_reasons_and_keeps_its_run_id() throws Exception {
        String out = root.resolve("plain").toString();
        RunSummary plain = run(config("", out));
        RunSummary explicit = run(config("execution: {fill: close}", out));
        assertThat(explicit.runId()).isEqualTo(plain.runId());
        assertThat(Files.readString(plain.folder().resolve("metrics.json"))).doesNotContain("exits", "unfilled_orders");
        assertThat(Files.readString(plain.folder().resolve("fills.jsonl"))).doesNotContain("reason");
        assertThat(plain.table()).doesNotContain("exits: ");
        assertThat(Files.readString(plain.folder().resolve("report.html"))).doesNotContain("Exits: ");
    }

    private static JsonNode readQuietly(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
