package backtest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.TestConfigs;
import backtest.config.BacktestConfig;
import backtest.config.ConfigException;
import backtest.run.RunArtefacts;
import backtest.run.RunSummary;
import com.fasterxml.jackson.databind.JsonNode;
import gen.BinanceArchive;
import gen.KlineGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import support.DuckDb;
import support.TestApp;

/**
 * What a run says about its data, through direct:backtest over a store with a known hole: January 2024 generated with
 * the hour 2024-01-07T06:52..07:51 missing (no December, so a window reaching back into 2023 is partly uncovered).
 */
class BacktestDataIT {
    private static final Instant GAP_FROM = Instant.parse("2024-01-07T06:52:00Z");
    private static final Instant GAP_TO = GAP_FROM.plusSeconds(3600);

    @TempDir
    static Path root;

    @BeforeAll
    static void januaryWithAHole() throws Exception {
        Path in = Files.createDirectories(root.resolve("in"));
        Path csv = in.resolve("BTCUSDT-1m-2024-01.csv");
        new KlineGenerator(5).writeMonth(YearMonth.of(2024, 1), csv, List.of(new KlineGenerator.Gap(GAP_FROM, 60)));
        try (PipelineRuntime app = TestApp.oneShot(root)) {
            assertThat(app.ingest(BinanceArchive.zipWithChecksum(csv, in), false).ok()).isTrue();
        }
    }

    private static BacktestConfig config(String... lines) {
        String out = "output_dir: " + root.resolve("runs");
        String[] all = new String[lines.length + 1];
        System.arraycopy(lines, 0, all, 0, lines.length);
        all[lines.length] = out;
        return TestConfigs.of(all);
    }

    private static RunSummary run(BacktestConfig cfg) throws Exception {
        try (PipelineRuntime app = TestApp.oneShot(root, Map.of())) {
            return app.backtest(cfg);
        }
    }

    private static JsonNode metrics(RunSummary run) throws Exception {
        return RunArtefacts.JSON.readTree(run.folder().resolve("metrics.json").toFile());
    }

    /**
     * A strategy that wants to trade at every decision bar: a replay of a log that says BUY and SELL by turns at
     * every {@code everyMinutes} from 2024-01-06 to 2024-01-08, so any fill on a filled bar would show.
     */
    private static String tradeEveryBar(int everyMinutes) throws Exception {
        Path folder = Files.createDirectories(root.resolve("script-" + everyMinutes));
        StringBuilder sb = new StringBuilder();
        Instant from = Instant.parse("2024-01-06T00:00:00Z");
        for (int k = 0; k < 2 * 1440 / everyMinutes; k++) {
            sb.append("{\"ts\":\"").append(from.plusSeconds(60L * everyMinutes * k)).append("\",\"action\":\"")
                    .append(k % 2 == 0 ? "BUY" : "SELL").append("\",\"size_pct\":1.0,\"note\":\"scripted\"}\n");
        }
        Files.writeString(folder.resolve("decisions.jsonl"), sb);
        return "strategy: {type: replay, decision_every: " + everyMinutes + "m, from_run: " + folder + "}";
    }

    private static List<Long> fillTimes(RunSummary run) {
        return DuckDb.query("SELECT epoch_ms(ts) FROM " + DuckDb.parquet(run.folder().resolve("fills.parquet"))
                + " ORDER BY ts").stream().map(r -> ((Number) r.get(0)).longValue()).toList();
    }

    @Test
    void no_order_is_filled_on_a_forward_filled_minute_and_the_run_reports_the_hole() throws Exception {
        RunSummary run = run(config("start: 2024-01-06", "end: 2024-01-08", "gap_policy: ffill", "data: {min_coverage: 0.95}",
                tradeEveryBar(1)));

        List<Long> fillTimes = fillTimes(run);
        assertThat(fillTimes).hasSizeGreaterThan(2700);
        assertThat(fillTimes).noneMatch(t -> t >= GAP_FROM.toEpochMilli() && t < GAP_TO.toEpochMilli());
        assertThat(fillTimes).contains(GAP_FROM.toEpochMilli() - 60_000L, GAP_TO.toEpochMilli()); // around the hole

        JsonNode data = metrics(run).get("data");
        assertThat(data.get("requested_start").asText()).isEqualTo("2024-01-06T00:00:00Z");
        assertThat(data.get("covered_end").asText()).isEqualTo("2024-01-08T00:00:00Z");
        assertThat(data.get("requested_minutes").asLong()).isEqualTo(2880);
        assertThat(data.get("missing_minutes").asLong()).isEqualTo(60);
        assertThat(data.get("real_minutes").asLong()).isEqualTo(2820);
        assertThat(data.get("coverage").asDouble()).isEqualTo(2820 / 2880.0);
        assertThat(data.get("bars").asInt()).isEqualTo(2880);
        assertThat(data.get("bars_without_real_minute").asInt()).isEqualTo(60);
        assertThat(data.get("no_market_data_decisions").asInt()).isEqualTo(60);
        assertThat(data.get("gap_count").asInt()).isEqualTo(1);
        assertThat(data.get("gaps").get(0).get("from").asText()).isEqualTo(GAP_FROM.toString());
        assertThat(data.get("gaps").get(0).get("to").asText()).isEqualTo(GAP_TO.toString());
        assertThat(run.data().noMarketDataDecisions()).isEqualTo(60);

        // every held bar of the hole is in decisions.jsonl with its reason, and in decisions.parquet
        long held = Files.readAllLines(run.folder().resolve("decisions.jsonl")).stream()
                .filter(l -> l.contains("no_market_data")).count();
        assertThat(held).isEqualTo(60);
        assertThat(DuckDb.single("SELECT count(*) FROM " + DuckDb.parquet(run.folder().resolve("decisions.parquet"))
                + " WHERE note LIKE 'no_market_data%' AND epoch_ms(ts) >= " + GAP_FROM.toEpochMilli()
                + " AND epoch_ms(ts) < " + GAP_TO.toEpochMilli())).isEqualTo(60L);
        String report = Files.readString(run.folder().resolve("report.html"));
        assertThat(report).contains("Data coverage", "97.92 %", "2024-01-07T06:52:00Z..2024-01-07T07:51:00Z (60 min)");
    }

    @Test
    void a_bucket_with_a_real_minute_still_trades_but_one_made_only_of_filled_minutes_does_not() throws Exception {
        RunSummary tenMinutes = run(config("start: 2024-01-06", "end: 2024-01-08", "interval: 5m", "data: {min_coverage: 0.95}",
                tradeEveryBar(5)));
        JsonNode data = metrics(tenMinutes).get("data");
        // 5m buckets 06:55 .. 07:45 are all filled (11 buckets); 06:50 and 07:50 hold real minutes
        assertThat(data.get("bars_without_real_minute").asInt()).isEqualTo(11);
        assertThat(data.get("bars_with_filled_minutes").asInt()).isEqualTo(13);
        assertThat(data.get("no_market_data_decisions").asInt()).isEqualTo(11);
        List<Long> fills = fillTimes(tenMinutes);
        // 06:50 holds real minutes 06:50-06:51 and trades (BUY); 07:50 is a BUY while holding; 07:55 SELLs
        assertThat(fills).contains(Instant.parse("2024-01-07T06:50:00Z").toEpochMilli(),
                Instant.parse("2024-01-07T07:55:00Z").toEpochMilli());
        assertThat(fills).noneMatch(t -> t >= Instant.parse("2024-01-07T06:55:00Z").toEpochMilli()
                && t < Instant.parse("2024-01-07T07:50:00Z").toEpochMilli());
    }

    @Test
    void a_window_partly_outside_the_store_is_refused_naming_the_missing_range_unless_min_coverage_is_lowered()
            throws Exception {
        assertThatThrownBy(() -> run(config("start: 2023-12-25", "end: 2024-01-03")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("data.min_coverage")
                .hasMessageContaining("2023-12-25T00:00:00Z..2023-12-31T23:59:00Z (10080 min)")
                .hasMessageContaining("below data.min_coverage 0.99");

        RunSummary run = run(config("start: 2023-12-25", "end: 2024-01-03", "gap_policy: none",
                "data: {min_coverage: 0.2}"));
        JsonNode data = metrics(run).get("data");
        assertThat(data.get("requested_start").asText()).isEqualTo("2023-12-25T00:00:00Z");
        assertThat(data.get("covered_start").asText()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(data.get("missing_minutes").asLong()).isEqualTo(7 * 1440);
        assertThat(data.get("coverage").asDouble()).isEqualTo(2.0 / 9);
        assertThat(run.table()).contains("2024-01-01T00:00:00Z..2024-01-03T00:00:00Z (22.22 % of 12,960 minutes; 1 gaps");
        assertThat(Files.readString(run.folder().resolve("report.html")))
                .contains("data 2024-01-01T00:00:00Z to 2024-01-03T00:00:00Z (UTC), 22.22 % of the requested");
    }

    @Test
    void ratios_annualise_by_elapsed_time_when_bars_are_dropped() throws Exception {
        BacktestConfig ffill = config("start: 2024-01-06", "end: 2024-01-08", "gap_policy: ffill",
                "data: {min_coverage: 0.95}");
        BacktestConfig drop = config("start: 2024-01-06", "end: 2024-01-08", "gap_policy: drop",
                "data: {min_coverage: 0.95}");
        JsonNode f = metrics(run(ffill));
        JsonNode d = metrics(run(drop));
        assertThat(f.get("bars").asInt()).isEqualTo(2880);
        assertThat(d.get("bars").asInt()).isEqualTo(2820);
        assertThat(f.get("elapsed_minutes").asLong()).isEqualTo(2880);
        assertThat(d.get("elapsed_minutes").asLong()).isEqualTo(2880);
        assertThat(f.get("periods_per_year").asDouble()).isEqualTo(525_600.0);
        assertThat(d.get("periods_per_year").asDouble()).isCloseTo(2820 * 525_600.0 / 2880,
                org.assertj.core.data.Offset.offset(1e-6));
        // the annualised return compounds over elapsed time: (final / initial) ^ (525600 / 2880) - 1
        double finalEquity = d.get("final_equity").asDouble();
        assertThat(d.get("annualized_return").asDouble()).isCloseTo(Math.pow(finalEquity / 10_000, 525_600.0 / 2880) - 1,
                org.assertj.core.data.Percentage.withPercentage(1e-9));
    }

    @Test
    void fills_print_their_exact_quantity_and_an_open_position_is_reported_as_an_open_trade() throws Exception {
        RunSummary run = run(config("start: 2024-01-02", "end: 2024-01-06", "step_size: 0.00001",
                "strategy: {type: ema-cross, decision_every: 15m, size_pct: 0.5}"));
        List<String> qtys = Files.readAllLines(run.folder().resolve("fills.jsonl")).stream()
                .flatMap(l -> Pattern.compile("\"qty\":[^,]*").matcher(l).results().map(m -> m.group()))
                .toList();
        assertThat(qtys).hasSizeGreaterThan(5).allMatch(q -> q.matches("\"qty\":\\d+\\.\\d{1,5}"), "5 decimals at most");
        assertThat(run.table()).doesNotContainPattern("\\d\\.\\d{9,}");

        JsonNode m = metrics(run);
        assertThat(m.get("fills").asInt()).isEqualTo(run.fills()).isGreaterThan(2);
        assertThat(m.has("round_trips")).isTrue();
        JsonNode open = m.get("open_trade");
        // halving sells never bring the position back to zero: one trip, open since the first buy
        assertThat(m.get("round_trips").asInt()).isZero();
        assertThat(open.isObject()).isTrue();
        assertThat(open.get("fills").asInt()).isEqualTo(run.fills());
        assertThat(open.get("unrealized_pnl").asDouble()).isEqualTo(m.get("unrealized_pnl").asDouble());
        assertThat(run.table()).contains("open trade at the end");
        assertThat(Files.readString(run.folder().resolve("report.html"))).contains("LONG (open)");
    }

    @Test
    void decisions_jsonl_keeps_the_decisions_that_matter_and_the_parquet_keeps_every_decision() throws Exception {
        RunSummary compact = run(config("start: 2024-01-02", "end: 2024-01-06",
                "strategy: {type: ema-cross, decision_every: 1m}"));
        List<String> lines = Files.readAllLines(compact.folder().resolve("decisions.jsonl"));
        assertThat(compact.decisions()).isEqualTo(4 * 1440);
        assertThat(lines).hasSizeLessThan(compact.decisions() / 10).hasSizeGreaterThanOrEqualTo(compact.fills());
        assertThat(lines).noneMatch(l -> l.contains("no cross"));
        assertThat(DuckDb.single("SELECT count(*) FROM " + DuckDb.parquet(compact.folder().resolve("decisions.parquet"))))
                .isEqualTo((long) compact.decisions());
        assertThat(DuckDb.single("SELECT count(*) FROM " + DuckDb.parquet(compact.folder().resolve("decisions.parquet"))
                + " WHERE action <> 'HOLD'")).isEqualTo((long) lines.stream().filter(l -> !l.contains("\"HOLD\"")).count());

        RunSummary full = run(config("start: 2024-01-02", "end: 2024-01-06", "decision_log: full",
                "strategy: {type: ema-cross, decision_every: 1m}"));
        assertThat(Files.readAllLines(full.folder().resolve("decisions.jsonl"))).hasSize(full.decisions());
        assertThat(full.metrics()).isEqualTo(compact.metrics());

        // a replay of the compact log gives the same fills and metrics
        RunSummary replay = run(config("start: 2024-01-02", "end: 2024-01-06",
                "strategy: {type: replay, decision_every: 1m, from_run: " + compact.folder() + "}"));
        assertThat(replay.metrics()).isEqualTo(compact.metrics());
    }
}
