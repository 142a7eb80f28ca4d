package backtest.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.BacktestEngine;
import backtest.BacktestResult;
import backtest.RunProgress;
import backtest.TestConfigs;
import backtest.TestStores;
import backtest.config.BacktestConfig;
import backtest.strategy.Strategies;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import features.FeatureEngine;
import features.ParquetDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.KlineStore;
import support.DuckDb;

/**
 * {@link SweepRunner} over the store (one generated month written straight as its month file: no routes, so it runs
 * in seconds - {@code SweepRunnerIT} does the same over two months ingested through the application): each row is a
 * standalone run of its config, risk levels read the 1m bars, the worker count changes nothing, progress is told in
 * order, a cancelling listener stops the sweep, and the files ({@link SweepFiles}) read back.
 */
class SweepRunnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path root;
    static KlineStore store;

    @BeforeAll
    static void oneMonth() throws Exception {
        store = TestStores.months(root.resolve("data"), "BTCUSDT", 3, YearMonth.of(2024, 1));
    }

    private static BacktestConfig config(String... lines) {
        List<String> all = new ArrayList<>(List.of("start: 2024-01-05", "end: 2024-01-15", "interval: 15m",
                "fee_rate: 0.001", "slippage_bps: 1", "min_notional: 5", "step_size: 0.00001",
                "indicators: {ema_fast: 12, ema_slow: 26, rsi: 14}"));
        all.addAll(List.of(lines));
        return TestConfigs.of(all.toArray(String[]::new));
    }

    private static BacktestResult standalone(BacktestConfig cfg) throws Exception {
        var frame = new FeatureEngine(new ParquetDataSource(store, cfg.gapPolicy(), false))
                .compute(cfg.featureSpec(), cfg.start(), cfg.end());
        return BacktestEngine.run(cfg, frame, Strategies.of(cfg.strategy()));
    }

    private static GridSpec grid(String... axes) {
        return GridSpec.parse(List.of(axes));
    }

    @Test
    void every_row_is_a_standalone_run_of_its_config_and_skipped_rows_say_why() throws Exception {
        BacktestConfig base = config("strategy: {type: ema-cross}");
        SweepResult r = SweepRunner.run(base, grid("ema_fast=5,30", "ema_slow=20,90", "size_pct=0.5,1"), store, 2);
        assertThat(r.combinations()).isEqualTo(8);
        assertThat(r.rows()).extracting(SweepResult.Row::index).containsExactly(0, 1, 2, 3, 6, 7);
        assertThat(r.skipped()).extracting(SweepResult.Skipped::index).containsExactly(4, 5);
        assertThat(r.skipped().get(0).reason()).isEqualTo("ema_fast (30) must be < ema_slow (20)");
        for (SweepResult.Row row : r.rows()) {
            assertThat(row.metrics()).as("row %d %s", row.index(), row.params())
                    .isEqualTo(standalone(row.config()).metrics());
        }
        assertThat(r.rows().stream().mapToInt(row -> row.metrics().fills()).sum()).isGreaterThan(20);
        assertThat(r.bars()).isEqualTo(10 * 96).isEqualTo(r.rows().get(0).metrics().bars());
        assertThat(r.historyFrom()).isEqualTo(FeatureEngine.historyStart(
                r.rows().get(2).config().featureSpec(), base.start())).isBefore(base.start());
        assertThat(r.coverage().toMap()).containsEntry("missing_minutes", 0L).containsEntry("bars", 960);
        assertThat(r.threads()).isEqualTo(2);
        assertThat(r.loadNanos()).isPositive().isLessThanOrEqualTo(r.wallNanos());

        assertThatThrownBy(() -> SweepRunner.run(base, grid("ema_fast=30", "ema_slow=20"), store, 1))
                .hasMessage("--grid: none of the 1 combinations can run; the first: ema_fast (30) must be < ema_slow (20)");
        assertThatThrownBy(() -> SweepRunner.run(base, grid("ema_fast=5"), store, 0))
                .hasMessage("threads must be >= 1, got 0");
        BacktestConfig later = base.withWindow(java.time.Instant.parse("2024-03-01T00:00:00Z"),
                java.time.Instant.parse("2024-03-05T00:00:00Z"), 10_000);
        assertThatThrownBy(() -> SweepRunner.run(later, grid("ema_fast=5"), store, 1))
                .isInstanceOf(SweepRunner.NoBarsException.class)
                .hasMessage("no bars between 2024-03-01T00:00:00Z and 2024-03-05T00:00:00Z");
    }

    @Test
    void risk_levels_are_checked_on_1m_bars_like_a_standalone_run() throws Exception {
        BacktestConfig base = config("strategy: {type: ema-cross}", "indicators: {ema_fast: 5, ema_slow: 20}");
        SweepResult r = SweepRunner.run(base, grid("stop_loss_pct=0.002,0.05", "take_profit_pct=0.003"), store, 1);
        assertThat(r.rows()).hasSize(2);
        backtest.service.BacktestService service = new backtest.service.BacktestService(store, "test");
        for (SweepResult.Row row : r.rows()) {
            assertThat(row.metrics()).as("%s", row.params()).isEqualTo(
                    service.runInto(row.config(), root.resolve("risk-runs")).metrics());
        }
        assertThat(r.rows().get(0).metrics()).isNotEqualTo(r.rows().get(1).metrics());
    }

    @Test
    void progress_is_told_in_order_and_a_cancelling_listener_stops_the_sweep() throws Exception {
        List<String> seen = new ArrayList<>();
        SweepRunner.run(config(), grid("ema_fast=5,8,30", "ema_slow=20"), store, 2,
                (phase, done, total) -> seen.add(phase + " " + done + "/" + total));
        assertThat(seen).containsExactly("LOADING 0/0", "RUNNING 0/2", "RUNNING 1/2", "RUNNING 2/2");

        int[] runs = {0};
        RunProgress cancel = (phase, done, total) -> {
            if (phase == RunProgress.Phase.RUNNING && done == 1) {
                runs[0]++;
                throw new CancellationException("stop");
            }
        };
        assertThatThrownBy(() -> SweepRunner.run(config(), grid("ema_fast=3:10:1"), store, 1, cancel))
                .isInstanceOf(CancellationException.class).hasMessage("stop");
        assertThat(runs[0]).as("no combination after the cancelling one").isEqualTo(1);
    }

    @Test
    void one_and_two_workers_write_the_same_ranking_files_which_read_back_ranked() throws Exception {
        BacktestConfig base = config();
        GridSpec g = grid("ema_fast=4:16:4", "ema_slow=12:24:12", "fee_rate=0,0.002");
        SweepResult one = SweepRunner.run(base, g, store, 1);
        SweepResult two = SweepRunner.run(base, g, store, 2);
        assertThat(two.rows()).isEqualTo(one.rows());
        assertThat(two.skipped()).isEqualTo(one.skipped()).hasSize(4);
        one.writeRanking(root.resolve("one"));
        two.writeRanking(root.resolve("two"));
        for (String f : List.of("ranking.csv", "ranking.parquet", "sweep.json")) {
            assertThat(root.resolve("two").resolve(f)).as(f).hasSameBinaryContentAs(root.resolve("one").resolve(f));
        }
        JsonNode timing = JSON.readTree(root.resolve("two/sweep-timing.json").toFile());
        assertThat(timing.get("threads").asInt()).isEqualTo(2);
        assertThat(timing.get("load_ms").asDouble()).isEqualTo(two.loadNanos() / 1e6);
        assertThat(timing.get("wall_ms").asDouble()).isEqualTo(two.wallNanos() / 1e6);
        assertThat(timing.get("combinations_per_s").asDouble()).isEqualTo(two.rows().size() / (two.wallNanos() / 1e9));

        Path out = root.resolve("by-drawdown");
        one.writeRanking(out, SweepMetric.MAX_DRAWDOWN_PCT);
        List<SweepResult.Row> ranked = one.ranking(SweepMetric.MAX_DRAWDOWN_PCT);
        List<String> lines = Files.readAllLines(out.resolve("ranking.csv"), StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("rank,grid_index,ema_fast,ema_slow,fee_rate,total_return,buy_hold_return,"
                + "max_drawdown_pct,sharpe,sortino,calmar,win_rate,fills,round_trips,profit_factor,fees_paid,"
                + "exposure_pct,final_equity");
        assertThat(lines).hasSize(ranked.size() + 1);
        SweepMetric[] metrics = SweepMetric.values();
        for (int i = 0; i < ranked.size(); i++) {
            String[] f = lines.get(i + 1).split(",", -1);
            SweepResult.Row row = ranked.get(i);
            assertThat(f).hasSize(18);
            assertThat(f[0]).isEqualTo(Integer.toString(i + 1));
            assertThat(f[1]).isEqualTo(Integer.toString(row.index()));
            assertThat(f[2]).isEqualTo(Integer.toString(row.config().indicators().emaFast()));
            assertThat(f[3]).isEqualTo(Integer.toString(row.config().indicators().emaSlow()));
            assertThat(f[4]).isEqualTo(SweepFiles.text(row.config().feeRate()));
            for (int m = 0; m < metrics.length; m++) {
                String want = metrics[m] == SweepMetric.FILLS || metrics[m] == SweepMetric.ROUND_TRIPS
                        ? Long.toString((long) row.metric(metrics[m])) : SweepFiles.text(row.metric(metrics[m]));
                assertThat(f[5 + m]).as("%s of rank %d", metrics[m], i + 1).isEqualTo(want);
            }
        }
        List<List<Object>> pq = DuckDb.query("SELECT rank, grid_index, ema_fast, fee_rate, max_drawdown_pct, fills,"
                + " round_trips FROM " + DuckDb.parquet(out.resolve("ranking.parquet")) + " ORDER BY rank");
        assertThat(pq).hasSize(ranked.size());
        for (int i = 0; i < ranked.size(); i++) {
            SweepResult.Row row = ranked.get(i);
            assertThat(pq.get(i)).containsExactly((long) i + 1, (long) row.index(),
                    (long) row.config().indicators().emaFast(), row.config().feeRate(),
                    row.metrics().maxDrawdownPct(), (long) row.metrics().fills(), (long) row.metrics().roundTrips());
        }

        JsonNode json = JSON.readTree(out.resolve("sweep.json").toFile());
        assertThat(json.get("ranked_by").asText()).isEqualTo("max_drawdown_pct");
        assertThat(json.get("order").asText()).isEqualTo("lowest first");
        assertThat(JSON.readTree(root.resolve("one/sweep.json").toFile()).get("order").asText())
                .isEqualTo("highest first");
        assertThat(json.get("base_config").asText()).isEqualTo(base.toYaml());
        assertThat(json.get("base_config_sha256").asText())
                .isEqualTo(storage.Hashes.sha256(base.toYaml().getBytes(StandardCharsets.UTF_8)));
        assertThat(json.get("grid").get("ema_fast").toString()).isEqualTo("[4.0,8.0,12.0,16.0]");
        assertThat(json.get("combinations").asInt()).isEqualTo(16);
        assertThat(json.get("ran").asInt()).isEqualTo(12);
        assertThat(json.get("skipped").asInt()).isEqualTo(4);
        JsonNode data = json.get("data");
        assertThat(data.get("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(data.get("interval").asText()).isEqualTo("15m");
        assertThat(data.get("history_from").asText()).isEqualTo(one.historyFrom().toString());
        assertThat(data.get("start").asText()).isEqualTo("2024-01-05T00:00:00Z");
        assertThat(data.get("end").asText()).isEqualTo("2024-01-15T00:00:00Z");
        assertThat(data.get("bars").asInt()).isEqualTo(960);
        assertThat(data.get("coverage").toString()).isEqualTo(JSON.valueToTree(one.coverage().toMap()).toString());
        JsonNode skipped = json.get("skipped_combinations");
        assertThat(skipped).hasSize(4);
        assertThat(skipped.get(0).get("grid_index").asInt()).isEqualTo(one.skipped().get(0).index());
        assertThat(skipped.get(0).get("params").get("ema_fast").asDouble())
                .isEqualTo(one.skipped().get(0).params().get("ema_fast"));
        assertThat(skipped.get(0).get("reason").asText()).isEqualTo(one.skipped().get(0).reason());

        SweepFiles.writeReruns(out, List.of("run-a", "run-b"));
        JsonNode reruns = JSON.readTree(out.resolve("reruns.json").toFile()).get("reruns");
        assertThat(reruns.toString()).isEqualTo("[{\"rank\":1,\"id\":\"run-a\"},{\"rank\":2,\"id\":\"run-b\"}]");
    }
}
