package backtest.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.BacktestEngine;
import backtest.BacktestResult;
import backtest.TestConfigs;
import backtest.config.BacktestConfig;
import backtest.strategy.Strategies;
import features.FeatureEngine;
import features.ParquetDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.KlineStore;
import support.DuckDb;
import support.TestApp;

/**
 * Sweeps over two generated months (Jan + Feb 2024) ingested through the real routes: every row is exactly a
 * standalone run of its config, the worker count changes nothing, contradicting combinations are skipped and
 * reported, and the ranking files read back (CSV parsed, Parquet through DuckDB) with the rows in ranked order.
 */
class SweepRunnerIT {
    @TempDir
    static Path root;
    static KlineStore store;

    @BeforeAll
    static void ingestTwoMonths() throws Exception {
        store = TestApp.ingestGeneratedMonths(root, 2024, YearMonth.of(2024, 1), YearMonth.of(2024, 2));
    }

    private static BacktestConfig config(String... lines) {
        List<String> all = new ArrayList<>(List.of("fee_rate: 0.001", "slippage_bps: 1", "min_notional: 5",
                "step_size: 0.00001"));
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
    void every_row_equals_a_standalone_run_of_its_config_exactly() throws Exception {
        SweepResult ema = SweepRunner.run(config("strategy: {type: ema-cross}"),
                grid("ema_fast=5,30", "ema_slow=20,90", "fee_rate=0,0.002"), store, 2);
        SweepResult rsi = SweepRunner.run(config("interval: 15m", "indicators: {rsi: 14, atr: 14}",
                        "strategy: {type: rsi-threshold, decision_every: 1h, size_pct: 0.5}"),
                grid("rsi=7,21", "buy_below=30,45", "sell_above=40,70", "size_pct=0.3,1"), store, 2);
        assertThat(ema.rows()).hasSize(6);
        assertThat(rsi.rows()).hasSize(12);
        for (SweepResult r : List.of(ema, rsi)) {
            for (SweepResult.Row row : r.rows()) {
                BacktestResult alone = standalone(row.config());
                assertThat(row.metrics()).as("row %d %s", row.index(), row.params()).isEqualTo(alone.metrics());
                assertThat(BacktestConfig.parse(row.config().toYaml())).isEqualTo(row.config());
            }
            assertThat(r.rows().stream().mapToInt(row -> row.metrics().fills()).sum()).isGreaterThan(100);
            assertThat(r.bars()).isEqualTo(r.rows().get(0).metrics().bars());
        }
        assertThat(ema.rows().stream().map(row -> row.config().indicators().emaSlow()).distinct())
                .as("different warm-ups: the load starts at the longest").containsExactly(20, 90);
        assertThat(ema.historyFrom()).isEqualTo(FeatureEngine.historyStart(ema.rows().get(ema.rows().size() - 1)
                .config().featureSpec(), ema.base().start()));
    }

    @Test
    void risk_levels_sweep_like_any_key_and_each_row_equals_a_full_run_with_that_risk_block() throws Exception {
        BacktestConfig base = config("interval: 15m", "end: 2024-01-20", "indicators: {ema_fast: 5, ema_slow: 20}",
                "strategy: {type: ema-cross}", "output_dir: " + root.resolve("risk-runs"));
        SweepResult r = SweepRunner.run(base, grid("stop_loss_pct=0.002,0.01", "trailing_stop_pct=0.003,1"), store, 2);
        assertThat(r.rows()).hasSize(4);
        backtest.service.BacktestService service = new backtest.service.BacktestService(store, "test");
        java.util.Set<Double> returns = new java.util.HashSet<>();
        for (SweepResult.Row row : r.rows()) {
            assertThat(row.config().risk().stopLossPct()).isEqualTo(row.params().get("stop_loss_pct"));
            assertThat(row.config().risk().trailingStopPct()).isEqualTo(row.params().get("trailing_stop_pct"));
            // the same risk block written in a config file, run alone (1m bars read by the service)
            BacktestConfig written = BacktestConfig.parse(row.config().toYaml());
            assertThat(written.risk()).isEqualTo(row.config().risk());
            assertThat(row.metrics()).as("%s", row.params()).isEqualTo(service.run(written).metrics());
            returns.add(row.metrics().totalReturn());
        }
        assertThat(returns).as("the stops change the outcome").hasSizeGreaterThan(1);
        assertThatThrownBy(() -> SweepRunner.run(base, grid("stop_loss_pct=0,0.01"), store, 2))
                .hasMessageContaining("--grid stop_loss_pct: a risk level must be within (0, 1], got 0");
    }

    @Test
    void contradicting_combinations_are_skipped_and_reported_not_fatal() throws Exception {
        SweepResult r = SweepRunner.run(config(), grid("ema_fast=10,20,30", "ema_slow=20,30"), store, 2);
        assertThat(r.combinations()).isEqualTo(6);
        assertThat(r.rows()).extracting(SweepResult.Row::index).containsExactly(0, 1, 3);
        assertThat(r.skipped()).extracting(SweepResult.Skipped::index).containsExactly(2, 4, 5);
        assertThat(r.skipped()).extracting(SweepResult.Skipped::reason).containsExactly(
                "ema_fast (20) must be < ema_slow (20)", "ema_fast (30) must be < ema_slow (20)",
                "ema_fast (30) must be < ema_slow (30)");
        assertThat(r.skipped().get(0).params()).containsEntry("ema_fast", 20.0).containsEntry("ema_slow", 20.0);

        assertThatThrownBy(() -> SweepRunner.run(config(), grid("ema_fast=30", "ema_slow=20"), store, 1))
                .hasMessage("--grid: none of the 1 combinations can run; the first: ema_fast (30) must be < ema_slow (20)");
        assertThatThrownBy(() -> SweepRunner.run(config(), grid("ema_fst=5"), store, 1))
                .hasMessageStartingWith("--grid ema_fst: unknown key");
    }

    @Test
    void one_and_two_workers_give_the_same_rows_and_byte_identical_files() throws Exception {
        BacktestConfig base = config();
        GridSpec g = grid("ema_fast=4:16:4", "ema_slow=12:36:12", "size_pct=0.5,1");
        SweepResult one = SweepRunner.run(base, g, store, 1);
        SweepResult two = SweepRunner.run(base, g, store, 2);
        assertThat(two.rows()).isEqualTo(one.rows());
        assertThat(two.skipped()).isEqualTo(one.skipped()).hasSize(4);
        one.writeRanking(root.resolve("one"));
        two.writeRanking(root.resolve("two"));
        for (String f : List.of("ranking.csv", "ranking.parquet", "sweep.json")) {
            assertThat(root.resolve("two").resolve(f)).as(f).hasSameBinaryContentAs(root.resolve("one").resolve(f));
        }
        assertThat(root.resolve("two/sweep-timing.json")).content().contains("\"threads\" : 2");
    }

    @Test
    void ranking_files_read_back_with_every_row_in_ranked_order() throws Exception {
        SweepResult r = SweepRunner.run(config(), grid("ema_fast=5,10,40", "ema_slow=20,60"), store, 2);
        Path out = root.resolve("ranking");
        r.writeRanking(out);
        List<SweepResult.Row> ranked = r.ranking();
        assertThat(ranked).hasSize(5);
        for (int i = 1; i < ranked.size(); i++) {
            assertThat(ranked.get(i).metrics().sharpe()).isLessThanOrEqualTo(ranked.get(i - 1).metrics().sharpe());
        }

        List<String> lines = Files.readAllLines(out.resolve("ranking.csv"), StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("rank,grid_index,ema_fast,ema_slow,total_return,buy_hold_return,"
                + "max_drawdown_pct,sharpe,sortino,calmar,win_rate,fills,round_trips,profit_factor,fees_paid,exposure_pct,final_equity");
        assertThat(lines).hasSize(6);
        for (int i = 0; i < ranked.size(); i++) {
            String[] f = lines.get(i + 1).split(",", -1);
            SweepResult.Row row = ranked.get(i);
            assertThat(f).hasSize(17);
            assertThat(f[0]).isEqualTo(Integer.toString(i + 1));
            assertThat(f[1]).isEqualTo(Integer.toString(row.index()));
            assertThat(f[2]).isEqualTo(Integer.toString(row.config().indicators().emaFast()));
            assertThat(f[3]).isEqualTo(Integer.toString(row.config().indicators().emaSlow()));
            SweepMetric[] metrics = SweepMetric.values();
            for (int m = 0; m < metrics.length; m++) {
                double expected = row.metric(metrics[m]);
                double read = f[4 + m].isEmpty() ? Double.NaN : Double.parseDouble(f[4 + m]);
                assertThat(read).as("%s of rank %d", metrics[m], i + 1).isEqualTo(expected);
            }
        }

        List<List<Object>> pq = DuckDb.query("SELECT rank, grid_index, ema_fast, ema_slow, sharpe, fills, final_equity FROM "
                + DuckDb.parquet(out.resolve("ranking.parquet")) + " ORDER BY rank");
        assertThat(pq).hasSize(5);
        for (int i = 0; i < ranked.size(); i++) {
            SweepResult.Row row = ranked.get(i);
            assertThat(pq.get(i)).containsExactly((long) i + 1, (long) row.index(),
                    (long) row.config().indicators().emaFast(), (long) row.config().indicators().emaSlow(),
                    row.metrics().sharpe(), (long) row.metrics().fills(), row.metrics().finalEquity());
        }

        String json = Files.readString(out.resolve("sweep.json"));
        assertThat(json).contains("\"ranked_by\" : \"sharpe\"", "\"combinations\" : 6", "\"ran\" : 5",
                "\"skipped\" : 1", "\"reason\" : \"ema_fast (40) must be < ema_slow (20)\"", "\"bars\" : 86400",
                "\"base_config_sha256\" : \"" + storage.Hashes.sha256(r.base().toYaml().getBytes(StandardCharsets.UTF_8)));
        assertThat(json).doesNotContain("wall", "threads");
    }
}
