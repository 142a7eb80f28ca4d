package backtest.walkforward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.TestConfigs;
import backtest.config.BacktestConfig;
import backtest.run.RunSummary;
import backtest.service.BacktestService;
import backtest.sweep.GridSpec;
import backtest.sweep.SweepMetric;
import backtest.sweep.SweepResult;
import features.BarsWithGaps;
import features.DataSource;
import features.Interval;
import features.ParquetDataSource;
import features.SevenDayView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.Hashes;
import storage.KlineStore;
import support.DuckDb;
import support.TestApp;

/**
 * Walk-forward over two generated months (Jan + Feb 2024): six folds of 14 days train / 7 days test; each fold's
 * choice sees nothing of its test window (the data cut at the train end gives the same choice), the test runs are
 * chained on equity, and a rerun - on another worker count - gives byte-identical files.
 */
class WalkForwardIT {
    @TempDir
    static Path root;
    static KlineStore store;
    static final List<String> GRID = List.of("ema_fast=5,10", "ema_slow=30,60");
    static final WalkForwardFolds SPEC = new WalkForwardFolds(Duration.ofDays(14), Duration.ofDays(7),
            Duration.ofDays(7), false);

    @BeforeAll
    static void ingestTwoMonths() throws Exception {
        store = TestApp.ingestGeneratedMonths(root, 2024, YearMonth.of(2024, 1), YearMonth.of(2024, 2));
    }

    private static BacktestConfig config(Path out) {
        return TestConfigs.of("fee_rate: 0.001", "slippage_bps: 1", "min_notional: 5", "step_size: 0.00001",
                "output_dir: " + out);
    }

    @Test
    void folds_chain_their_equity_and_rerun_byte_identical_on_any_worker_count() throws Exception {
        BacktestService service = new BacktestService(store, "test");
        WalkForwardSummary a = service.walkForward(new WalkForwardRequest(config(root.resolve("a")), GRID, SPEC,
                "sharpe", 2));
        assertThat(a.folds()).hasSize(6);
        assertThat(a.folder().getFileName().toString()).matches("walkforward-[0-9a-f]{12}");
        double cash = 10_000;
        int bars = 0;
        for (WalkForwardRunner.FoldResult r : a.folds()) {
            assertThat(r.test().config().initialCash()).isEqualTo(cash);
            assertThat(r.test().config().start()).isEqualTo(r.fold().testStart());
            assertThat(r.test().curve().ts()[0]).isEqualTo(r.fold().testStart().toEpochMilli());
            assertThat(r.test().metrics().bars()).isEqualTo(7 * 1440);
            assertThat(r.trainCombinationsRun()).isEqualTo(4);
            cash = r.test().metrics().finalEquity();
            bars += r.test().metrics().bars();
        }
        WalkForwardRunner.FoldResult third = a.folds().get(2);
        RunSummary alone = service.run(third.test().config());
        assertThat(alone.metrics()).as("a fold's test run is a normal run of its config").isEqualTo(third.test().metrics());
        assertThat(a.metrics()).containsEntry("final_equity", cash).containsEntry("bars", bars)
                .containsEntry("folds", 6);
        assertThat(a.folder().resolve("folds.csv")).content().startsWith(
                "fold,train_start,train_end,test_start,test_end,params,ema_fast,ema_slow,train_combinations,is_")
                .contains("\n0,2024-01-01T00:00:00Z,2024-01-15T00:00:00Z,2024-01-15T00:00:00Z,2024-01-22T00:00:00Z,");
        assertThat(a.folder().resolve("report.html")).content().contains("<svg").contains("Chosen parameters per fold")
                .doesNotContain("<script src");
        assertThat(((Number) DuckDb.single("SELECT count(*) FROM " + DuckDb.parquet(a.folder().resolve("equity.parquet"))))
                .intValue()).isEqualTo(bars);
        assertThat(DuckDb.query("SELECT fold, ema_fast, ema_slow FROM " + DuckDb.parquet(a.folder().resolve("folds.parquet"))
                + " ORDER BY fold")).hasSize(6);
        Map<String, String> first = hashes(a.folder());
        assertThat(first.keySet()).containsExactly("equity.parquet", "folds.csv", "folds.parquet", "metrics.json",
                "report.html");

        WalkForwardSummary b = service.walkForward(new WalkForwardRequest(config(root.resolve("a")), GRID, SPEC,
                "sharpe", 1));
        assertThat(b.folder()).isEqualTo(a.folder());
        assertThat(hashes(b.folder())).isEqualTo(first);

        WalkForwardSummary anchored = service.walkForward(new WalkForwardRequest(config(root.resolve("a")), GRID,
                new WalkForwardFolds(Duration.ofDays(14), Duration.ofDays(7), Duration.ofDays(7), true), "sharpe", 2));
        assertThat(anchored.folder()).isNotEqualTo(a.folder());
        assertThat(anchored.folds()).allMatch(r -> r.fold().trainStart().equals(Instant.parse("2024-01-01T00:00:00Z")));
    }

    @Test
    void a_folds_choice_is_the_same_when_the_data_ends_at_its_train_end() throws Exception {
        BacktestConfig base = config(root.resolve("t"));
        GridSpec grid = GridSpec.parse(List.of("ema_fast=3,5,10,20", "ema_slow=15,30,60,120"));
        DataSource full = new ParquetDataSource(store, base.gapPolicy(), false);
        List<WalkForwardFolds.Fold> folds = SPEC.folds(base.start(), base.end());
        List<WalkForwardRunner.FoldResult> all = WalkForwardRunner.run(base, grid, SPEC, SweepMetric.SHARPE, full, 2);
        for (int k = 0; k < folds.size(); k++) {
            WalkForwardFolds.Fold f = folds.get(k);
            Cut cut = new Cut(full, f.trainEnd(), new Instant[1]);
            SweepResult.Row chosen = WalkForwardRunner.train(base, grid, f, cut, 2).ranking(SweepMetric.SHARPE).get(0);
            assertThat(chosen.params()).as("fold %d", k).isEqualTo(all.get(k).chosen().params());
            assertThat(chosen.metrics()).as("fold %d", k).isEqualTo(all.get(k).chosen().metrics());
            assertThat(cut.latestEnd()[0]).as("fold %d: no read asked for bars past the train end", k)
                    .isEqualTo(f.trainEnd());
        }
    }

    @Test
    void windows_that_fit_no_fold_and_grid_errors_are_refused() {
        BacktestService service = new BacktestService(store, "test");
        assertThatThrownBy(() -> service.walkForward(new WalkForwardRequest(config(root.resolve("r")), GRID,
                new WalkForwardFolds(Duration.ofDays(50), Duration.ofDays(14), Duration.ofDays(14), false), "sharpe", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--train 50d + --test 14d do not fit");
        assertThatThrownBy(() -> service.walkForward(new WalkForwardRequest(config(root.resolve("r")),
                List.of("ema_fst=5"), SPEC, "sharpe", 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ema_fst");
        assertThat(root.resolve("r")).doesNotExist();
    }

    private static Map<String, String> hashes(Path folder) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (var files = Files.list(folder)) {
            for (Path p : files.toList()) {
                m.put(p.getFileName().toString(), Hashes.sha256(p));
            }
        }
        return m;
    }

    /** The store as if nothing were stored at or after {@code cut}: every read ends there; the latest end asked noted. */
    private record Cut(DataSource source, Instant cut, Instant[] latestEnd) implements DataSource {
        @Override
        public BarsWithGaps fetchWithGaps(Interval interval, Instant start, Instant end) throws IOException {
            latestEnd[0] = latestEnd[0] == null || end.isAfter(latestEnd[0]) ? end : latestEnd[0];
            return source.fetchWithGaps(interval, start, end.isAfter(cut) ? cut : end);
        }

        @Override
        public SevenDayView sevenDayView(Instant asOf) throws IOException {
            throw new UnsupportedOperationException();
        }
    }
}
