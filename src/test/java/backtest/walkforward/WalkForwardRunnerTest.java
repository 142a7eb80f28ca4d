package backtest.walkforward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.BacktestEngine;
import backtest.BacktestResult;
import backtest.DayStores;
import backtest.MetricsCalculator;
import backtest.RunProgress;
import backtest.TestConfigs;
import backtest.config.BacktestConfig;
import backtest.config.ConfigException;
import backtest.strategy.Strategies;
import backtest.sweep.GridSpec;
import backtest.sweep.SweepFiles;
import backtest.sweep.SweepMetric;
import backtest.sweep.SweepResult;
import backtest.sweep.SweepRunner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import features.FeatureEngine;
import features.FeatureFrame;
import features.Interval;
import features.ParquetDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.KlineStore;
import support.DuckDb;

/**
 * {@link WalkForwardRunner} and {@link WalkForwardFiles} over nine generated days written straight into the store (no
 * Camel: the unit version of {@code WalkForwardIT}): each fold's choice is its train sweep's best row, each test run a
 * standalone run of that choice chained on equity, the stitched curve and its metrics worked out apart, and the files
 * read back.
 */
class WalkForwardRunnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path root;
    static KlineStore store;
    static ParquetDataSource source;
    static final WalkForwardFolds SPEC = new WalkForwardFolds(Duration.ofDays(2), Duration.ofDays(1), Duration.ofDays(1),
            false);
    static final GridSpec GRID = GridSpec.parse(List.of("ema_fast=2,3", "ema_slow=6,10"));
    static BacktestConfig base;
    static List<WalkForwardRunner.FoldResult> folds;

    @BeforeAll
    static void nineDays() throws Exception {
        store = DayStores.days(root.resolve("data"), 5, Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-01-10T00:00:00Z"));
        base = config();
        source = new ParquetDataSource(store, base.gapPolicy(), false);
        folds = WalkForwardRunner.run(base, GRID, SPEC, SweepMetric.SHARPE, source, 1);
    }

    private static BacktestConfig config(String... lines) {
        List<String> all = new ArrayList<>(List.of("start: 2024-01-02", "end: 2024-01-08", "interval: 15m",
                "fee_rate: 0.001", "indicators: {ema_fast: 3, ema_slow: 6}", "strategy: {type: ema-cross}"));
        all.addAll(List.of(lines));
        return TestConfigs.of(all.toArray(String[]::new));
    }

    private static Instant day(int d) {
        return Instant.parse("2024-01-01T00:00:00Z").plus(Duration.ofDays(d - 1));
    }

    @Test
    void each_fold_takes_its_train_sweeps_best_row_and_tests_it_on_the_equity_the_last_fold_left() throws Exception {
        assertThat(folds).extracting(WalkForwardRunner.FoldResult::fold).containsExactly(
                new WalkForwardFolds.Fold(0, day(2), day(4), day(4), day(5)),
                new WalkForwardFolds.Fold(1, day(3), day(5), day(5), day(6)),
                new WalkForwardFolds.Fold(2, day(4), day(6), day(6), day(7)),
                new WalkForwardFolds.Fold(3, day(5), day(7), day(7), day(8)));
        double cash = 10_000;
        for (WalkForwardRunner.FoldResult r : folds) {
            WalkForwardFolds.Fold f = r.fold();
            SweepResult train = SweepRunner.run(base.withWindow(f.trainStart(), f.trainEnd(), 10_000), GRID, source, 1);
            SweepResult.Row best = train.ranking(SweepMetric.SHARPE).get(0);
            assertThat(r.chosen().params()).as("fold %d", f.index()).isEqualTo(best.params());
            assertThat(r.chosen().metrics()).isEqualTo(best.metrics());
            assertThat(r.trainCombinationsRun()).isEqualTo(4);
            BacktestConfig testCfg = best.config().withWindow(f.testStart(), f.testEnd(), cash);
            FeatureFrame frame = new FeatureEngine(source).compute(testCfg.featureSpec(), f.testStart(), f.testEnd());
            BacktestResult alone = BacktestEngine.run(testCfg, frame, Strategies.of(testCfg.strategy()));
            assertThat(r.test().config()).isEqualTo(testCfg);
            assertThat(r.test().metrics()).as("fold %d", f.index()).isEqualTo(alone.metrics());
            assertThat(r.test().metrics().bars()).isEqualTo(96);
            cash = r.test().metrics().finalEquity();
        }
        assertThat(folds.stream().mapToInt(r -> r.test().metrics().fills()).sum()).isGreaterThan(4);
        assertThat(cash).isNotEqualTo(10_000.0);
    }

    @Test
    void the_stitched_curve_is_the_test_curves_end_to_end_and_its_metrics_are_worked_out_apart() {
        WalkForwardRunner.Stitched s = WalkForwardRunner.stitch(base, folds);
        assertThat(s.ts()).hasSize(4 * 96);
        int at = 0;
        for (WalkForwardRunner.FoldResult r : folds) {
            for (int i = 0; i < r.test().curve().size(); i++, at++) {
                assertThat(s.ts()[at]).isEqualTo(r.test().curve().ts()[i]);
                assertThat(s.equity()[at]).isEqualTo(r.test().curve().equity()[i]);
                assertThat(s.close()[at]).isEqualTo(r.test().curve().close()[i]);
                assertThat(s.buyHold()[at]).isEqualTo(10_000 * s.close()[at] / s.close()[0]);
            }
        }
        assertThat(s.ts()[0]).isEqualTo(day(4).toEpochMilli());
        assertThat(s.ts()[383]).isEqualTo(day(8).toEpochMilli() - 15 * 60_000L);

        Map<String, Object> m = WalkForwardRunner.metrics(base, folds, s);
        WalkForwardRunner.FoldResult last = folds.get(3);
        assertThat(m.keySet()).containsExactly("folds", "bars", "initial_cash", "final_equity", "total_return",
                "buy_hold_return", "sharpe", "max_drawdown_pct", "fills", "round_trips", "fees_paid", "profitable_folds");
        assertThat(m).containsEntry("folds", 4).containsEntry("bars", 384).containsEntry("initial_cash", 10_000.0)
                .containsEntry("final_equity", last.test().metrics().finalEquity())
                .containsEntry("total_return", last.test().metrics().finalEquity() / 10_000 - 1)
                .containsEntry("buy_hold_return", s.close()[383] / s.close()[0] - 1)
                .containsEntry("fills", folds.stream().mapToInt(r -> r.test().metrics().fills()).sum())
                .containsEntry("round_trips", folds.stream().mapToInt(r -> r.test().metrics().roundTrips()).sum())
                .containsEntry("fees_paid", folds.stream().mapToDouble(r -> r.test().metrics().feesPaid()).sum())
                .containsEntry("profitable_folds",
                        (int) folds.stream().filter(r -> r.test().metrics().totalPnl() > 0).count());
        assertThat((double) m.get("sharpe")).isCloseTo(sharpe(10_000, s.equity(), Interval.M15),
                org.assertj.core.data.Percentage.withPercentage(1e-6));
        assertThat((double) m.get("max_drawdown_pct")).isEqualTo(maxDrawdown(10_000, s.equity()));
    }

    @Test
    void metrics_of_hand_made_curves() {
        BacktestConfig cfg = config("initial_cash: 100");
        double ppy = MetricsCalculator.periodsPerYear(Interval.M15);
        // returns 0, 0.1, -0.1, 121/99 - 1; drawdown 110 -> 99
        Map<String, Object> m = WalkForwardRunner.metrics(cfg, List.of(), curve(100, 110, 99, 121));
        double[] r = {0, 0.1, 99.0 / 110 - 1, 121.0 / 99 - 1};
        double mean = (r[0] + r[1] + r[2] + r[3]) / 4;
        double var = 0;
        for (double x : r) {
            var += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(var / 3);
        assertThat((double) m.get("sharpe")).isCloseTo(mean / sd * Math.sqrt(ppy),
                org.assertj.core.data.Percentage.withPercentage(1e-9));
        assertThat((double) m.get("max_drawdown_pct")).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(m).containsEntry("folds", 0).containsEntry("bars", 4).containsEntry("initial_cash", 100.0)
                .containsEntry("final_equity", 121.0).containsEntry("total_return", 121.0 / 100 - 1)
                .containsEntry("buy_hold_return", 3.0).containsEntry("fills", 0).containsEntry("round_trips", 0)
                .containsEntry("fees_paid", 0.0).containsEntry("profitable_folds", 0);
        // the peak starts at the initial cash; a first return against it
        Map<String, Object> below = WalkForwardRunner.metrics(cfg, List.of(), curve(90, 95));
        assertThat((double) below.get("max_drawdown_pct")).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-15));
        double r0 = 90.0 / 100 - 1;
        double r1 = 95.0 / 90 - 1;
        double mean2 = (r0 + r1) / 2;
        double sd2 = Math.sqrt(((r0 - mean2) * (r0 - mean2) + (r1 - mean2) * (r1 - mean2)) / 1);
        assertThat((double) below.get("sharpe")).isCloseTo(mean2 / sd2 * Math.sqrt(ppy),
                org.assertj.core.data.Percentage.withPercentage(1e-9));
        // one bar: no deviation; a flat curve: none either
        assertThat((double) WalkForwardRunner.metrics(cfg, List.of(), curve(105)).get("sharpe")).isNaN();
        assertThat((double) WalkForwardRunner.metrics(cfg, List.of(), curve(100, 100, 100)).get("sharpe")).isNaN();
        assertThat((double) WalkForwardRunner.metrics(cfg, List.of(), curve(100, 100, 100)).get("max_drawdown_pct"))
                .isZero();
        // returns all exactly 1: no deviation, no Sharpe (not an infinite one)
        assertThat((double) WalkForwardRunner.metrics(cfg, List.of(), curve(200, 400, 800)).get("sharpe")).isNaN();
        // a fold that made nothing (no fill) is not a profitable one; one that gained is
        FeatureFrame flat = backtest.TestFrames.of(10, 10, 10);
        BacktestResult none = BacktestEngine.run(TestConfigs.of(), flat, new backtest.Strategy() {
            @Override
            public backtest.Decision decide(backtest.DecisionContext ctx) {
                return backtest.Decision.HOLD;
            }

            @Override
            public String name() {
                return "hold";
            }
        });
        assertThat(none.metrics().totalPnl()).isZero();
        WalkForwardRunner.FoldResult idle = new WalkForwardRunner.FoldResult(folds.get(0).fold(), folds.get(0).chosen(),
                4, none);
        assertThat(WalkForwardRunner.metrics(cfg, List.of(idle), curve(100, 100, 100))).containsEntry("profitable_folds", 0);
        WalkForwardRunner.FoldResult gained = folds.stream().filter(f -> f.test().metrics().totalPnl() > 0).findFirst()
                .orElseThrow();
        assertThat(WalkForwardRunner.metrics(cfg, List.of(idle, gained), curve(100, 100, 100)))
                .containsEntry("profitable_folds", 1);
        // lengths in hours and minutes
        assertThat(new WalkForwardFolds(Duration.ofHours(36), Duration.ofHours(12), Duration.ofMinutes(90), true)
                .describe()).isEqualTo("train=36h test=12h step=90m anchored=true");
        assertThatThrownBy(() -> new WalkForwardFolds(Duration.ofMinutes(1501), Duration.ofHours(2), Duration.ofHours(2),
                false).folds(day(1), day(2))).hasMessage("--train 1501m + --test 2h do not fit in the config's window "
                + "2024-01-01T00:00:00Z .. 2024-01-02T00:00:00Z");
        // the stitched buy and hold: the initial cash in the asset from the first close
        WalkForwardRunner.Stitched s = WalkForwardRunner.stitch(cfg, List.of());
        assertThat(s.ts()).isEmpty();
    }

    private static WalkForwardRunner.Stitched curve(double... equity) {
        int n = equity.length;
        long[] ts = new long[n];
        double[] close = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = i * 900_000L;
            close[i] = i + 1;
        }
        return new WalkForwardRunner.Stitched(ts, equity, new double[n], close);
    }

    private static double sharpe(double initial, double[] equity, Interval interval) {
        int n = equity.length;
        double[] r = new double[n];
        double prev = initial;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            r[i] = equity[i] / prev - 1;
            prev = equity[i];
            mean += r[i] / n;
        }
        double var = 0;
        for (double x : r) {
            var += (x - mean) * (x - mean);
        }
        return mean / Math.sqrt(var / (n - 1)) * Math.sqrt(MetricsCalculator.periodsPerYear(interval));
    }

    private static double maxDrawdown(double initial, double[] equity) {
        double peak = initial;
        double dd = 0;
        for (double e : equity) {
            peak = Math.max(peak, e);
            dd = Math.max(dd, (peak - e) / peak);
        }
        return dd;
    }

    @Test
    void the_files_read_back_as_the_folds_and_the_stitched_curve() throws Exception {
        GridSpec grid = GridSpec.parse(List.of("ema_fast=2,3", "fee_rate=0,0.001"));
        WalkForwardFolds spec = new WalkForwardFolds(Duration.ofDays(2), Duration.ofDays(1), Duration.ofDays(2), false);
        List<WalkForwardRunner.FoldResult> rs = WalkForwardRunner.run(base, grid, spec, SweepMetric.TOTAL_RETURN,
                source, 2);
        assertThat(rs).hasSize(2);
        WalkForwardRunner.Stitched s = WalkForwardRunner.stitch(base, rs);
        Map<String, Object> metrics = new LinkedHashMap<>(WalkForwardRunner.metrics(base, rs, s));
        metrics.put("sharpe", Double.NaN);
        metrics.put("odd", Double.POSITIVE_INFINITY);
        Path out = root.resolve("wf");
        WalkForwardFiles.write(out, "walkforward-abc", base, grid, spec, SweepMetric.TOTAL_RETURN, rs, s, metrics);

        List<String> lines = Files.readAllLines(out.resolve("folds.csv"), StandardCharsets.UTF_8);
        StringBuilder header = new StringBuilder(
                "fold,train_start,train_end,test_start,test_end,params,ema_fast,fee_rate,train_combinations");
        for (SweepMetric m : SweepMetric.values()) {
            header.append(",is_").append(m.code());
        }
        for (SweepMetric m : SweepMetric.values()) {
            header.append(",oos_").append(m.code());
        }
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo(header.toString());
        SweepMetric[] ms = SweepMetric.values();
        for (int i = 0; i < 2; i++) {
            WalkForwardRunner.FoldResult r = rs.get(i);
            String[] f = lines.get(i + 1).split(",", -1);
            assertThat(f).hasSize(9 + 2 * ms.length);
            Map<String, Double> p = r.chosen().params();
            assertThat(List.of(f).subList(0, 9)).containsExactly(Integer.toString(i),
                    r.fold().trainStart().toString(), r.fold().trainEnd().toString(), r.fold().testStart().toString(),
                    r.fold().testEnd().toString(), "ema_fast=" + SweepFiles.text(p.get("ema_fast")) + " fee_rate="
                            + SweepFiles.text(p.get("fee_rate")),
                    Long.toString(p.get("ema_fast").longValue()), SweepFiles.text(p.get("fee_rate")), "4");
            for (int k = 0; k < ms.length; k++) {
                assertThat(f[9 + k]).as("is_%s of fold %d", ms[k].code(), i).isEqualTo(cell(ms[k], r.chosen().metric(ms[k])));
                assertThat(f[9 + ms.length + k]).as("oos_%s of fold %d", ms[k].code(), i)
                        .isEqualTo(cell(ms[k], ms[k].of(r.test().metrics())));
            }
        }
        assertThat(rs.get(0).fold().trainStart()).isEqualTo(day(2));
        assertThat(rs.get(1).fold().trainStart()).isEqualTo(day(4));

        List<List<Object>> pq = DuckDb.query("SELECT fold, ema_fast, fee_rate, train_combinations, oos_fills, "
                + "oos_total_return, is_total_return FROM " + DuckDb.parquet(out.resolve("folds.parquet")) + " ORDER BY fold");
        assertThat(pq).hasSize(2);
        for (int i = 0; i < 2; i++) {
            WalkForwardRunner.FoldResult r = rs.get(i);
            assertThat(pq.get(i)).containsExactly((long) i, r.chosen().params().get("ema_fast").longValue(),
                    r.chosen().params().get("fee_rate"), 4L, (long) r.test().metrics().fills(),
                    r.test().metrics().totalReturn(), r.chosen().metrics().totalReturn());
        }
        List<List<Object>> eq = DuckDb.query("SELECT epoch_ms(ts), equity, buy_hold, close FROM "
                + DuckDb.parquet(out.resolve("equity.parquet")) + " ORDER BY ts");
        assertThat(eq).hasSize(s.ts().length).hasSize(192);
        for (int i : new int[] {0, 95, 96, 191}) {
            assertThat(eq.get(i)).containsExactly(s.ts()[i], s.equity()[i], s.buyHold()[i], s.close()[i]);
        }

        JsonNode json = JSON.readTree(out.resolve("metrics.json").toFile());
        assertThat(json.get("rank_by").asText()).isEqualTo("total_return");
        assertThat(json.get("folds_spec").asText()).isEqualTo("train=2d test=1d step=2d anchored=false");
        assertThat(json.get("grid").toString()).isEqualTo("{\"ema_fast\":[2.0,3.0],\"fee_rate\":[0.0,0.001]}");
        JsonNode oos = json.get("out_of_sample");
        assertThat(oos.get("sharpe").isNull()).isTrue();
        assertThat(oos.get("odd").isNull()).isTrue();
        assertThat(oos.get("folds").asInt()).isEqualTo(2);
        assertThat(oos.get("final_equity").asDouble()).isEqualTo(metrics.get("final_equity"));
        assertThat(Files.readString(out.resolve("metrics.json"))).endsWith("}\n");

        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("Walk-forward walkforward-abc",
                "BTCUSDT 15m ema-cross, train=2d test=1d step=2d anchored=false, ranked by total_return",
                WalkForwardFiles.params(rs.get(1).chosen().params()),
                SweepFiles.text((double) metrics.get("final_equity")),
                SweepFiles.text(rs.get(0).chosen().metric(SweepMetric.TOTAL_RETURN)),
                SweepFiles.text(SweepMetric.TOTAL_RETURN.of(rs.get(1).test().metrics())));
        assertThat(WalkForwardFiles.params(Map.of())).isEmpty();
        Map<String, Double> two = new LinkedHashMap<>();
        two.put("ema_slow", 60.0);
        two.put("fee_rate", 0.0015);
        assertThat(WalkForwardFiles.params(two)).isEqualTo("ema_slow=60 fee_rate=0.0015");
    }

    private static String cell(SweepMetric m, double v) {
        return m == SweepMetric.FILLS || m == SweepMetric.ROUND_TRIPS ? Long.toString((long) v) : SweepFiles.text(v);
    }

    @Test
    void the_table_shows_each_fold_and_the_totals() {
        WalkForwardRunner.FoldResult r = folds.get(1);
        WalkForwardRunner.FoldResult odd = new WalkForwardRunner.FoldResult(new WalkForwardFolds.Fold(12,
                Instant.parse("2024-01-02T12:00:00Z"), day(4), Instant.parse("2024-01-04T06:30:00Z"), day(5)),
                r.chosen(), 4, r.test());
        Map<String, Object> m = new LinkedHashMap<>(WalkForwardRunner.metrics(base, folds, WalkForwardRunner.stitch(base,
                folds)));
        WalkForwardSummary s = new WalkForwardSummary(root.resolve("walkforward-0123"), SweepMetric.SHARPE,
                List.of(r, odd), m, 1234);
        String[] lines = s.table().split("\n", -1);
        assertThat(lines).hasSize(6);
        assertThat(lines[0]).isEqualTo("walk-forward walkforward-0123: 2 folds, ranked by sharpe, 1234 ms");
        assertThat(lines[1]).isEqualTo("fold  train      test       test end       in sharpe"
                + "   out sharpe    out ret  parameters");
        String params = WalkForwardFiles.params(r.chosen().params());
        String in = String.format(java.util.Locale.ROOT, "%12.4f", r.chosen().metric(SweepMetric.SHARPE));
        String outS = String.format(java.util.Locale.ROOT, "%12.4f", r.test().metrics().sharpe());
        String ret = String.format(java.util.Locale.ROOT, "%9.2f%%", 100 * r.test().metrics().totalReturn());
        assertThat(lines[2]).isEqualTo("   1  2024-01-03 2024-01-05 2024-01-06  " + in + " " + outS + " " + ret + "  "
                + params);
        assertThat(lines[3]).isEqualTo("  12  2024-01-02T12:00:00Z 2024-01-04T06:30:00Z 2024-01-05  " + in + " " + outS
                + " " + ret + "  " + params);
        assertThat(lines[4]).isEqualTo(String.format(java.util.Locale.ROOT, "out-of-sample: return %.2f%% (buy and hold"
                        + " %.2f%%), sharpe %.4f, max drawdown %.2f%%, %d fills, %d of 2 folds profitable",
                100 * (double) m.get("total_return"), 100 * (double) m.get("buy_hold_return"), (double) m.get("sharpe"),
                100 * (double) m.get("max_drawdown_pct"), (int) m.get("fills"), (int) m.get("profitable_folds")));
        assertThat(lines[5]).isEmpty();
        m.put("sharpe", Double.NaN);
        assertThat(new WalkForwardSummary(root.resolve("w"), SweepMetric.SHARPE, List.of(), m, 0).table())
                .contains(", sharpe -, ").startsWith("walk-forward w: 0 folds, ranked by sharpe, 0 ms\n");
    }

    @Test
    void a_fold_without_test_bars_or_a_train_window_below_the_coverage_is_refused_naming_the_fold() throws Exception {
        SweepResult.Row row = folds.get(0).chosen();
        WalkForwardFolds.Fold empty = new WalkForwardFolds.Fold(7, day(30), day(32), day(32), day(33));
        assertThatThrownBy(() -> WalkForwardRunner.test(empty, row, 4, source, 500)).isInstanceOf(ConfigException.class)
                .hasMessage("start: fold 7: no bars in the test window 2024-02-01T00:00:00Z .. 2024-02-02T00:00:00Z");

        BacktestConfig strict = config("data: {min_coverage: 1}");
        WalkForwardFolds.Fold late = new WalkForwardFolds.Fold(3, day(9), day(11), day(11), day(12));
        String original;
        try {
            SweepRunner.run(strict.withWindow(late.trainStart(), late.trainEnd(), 10_000), GRID, source, 1);
            throw new AssertionError("the store ends on day 10: coverage below 1");
        } catch (ConfigException e) {
            original = e.getMessage();
        }
        try {
            WalkForwardRunner.train(strict, GRID, late, source, 1);
            throw new AssertionError("refused");
        } catch (ConfigException e) {
            assertThat(e).hasMessage("data.min_coverage: fold 3 train window: " + original);
            assertThat(e.key()).isEqualTo("data.min_coverage");
        }
        assertThatThrownBy(() -> WalkForwardRunner.fold(strict, GRID, late, SweepMetric.SHARPE, source, 1, 10_000))
                .hasMessage("data.min_coverage: fold 3 train window: " + original);
    }

    @Test
    void a_test_run_with_stops_reads_the_1m_bars_like_a_standalone_run() throws Exception {
        BacktestConfig risky = config("risk: {stop_loss_pct: 0.002}");
        WalkForwardFolds.Fold f = SPEC.folds(risky.start(), risky.end()).get(1);
        WalkForwardRunner.FoldResult r = WalkForwardRunner.fold(risky, GRID, f, SweepMetric.SHARPE, source, 1, 2_000);
        BacktestConfig cfg = r.chosen().config().withWindow(f.testStart(), f.testEnd(), 2_000);
        FeatureFrame frame = new FeatureEngine(source).compute(cfg.featureSpec(), f.testStart(), f.testEnd());
        BacktestResult alone = BacktestEngine.run(cfg, frame, source.fetchOhlcv(Interval.M1, f.testStart(), f.testEnd()),
                Strategies.of(cfg.strategy()), RunProgress.NONE);
        assertThat(r.test().metrics()).isEqualTo(alone.metrics());
        assertThat(r.test().config().initialCash()).isEqualTo(2_000);
        assertThat(r.trainCombinationsRun()).isEqualTo(4);
    }
}
