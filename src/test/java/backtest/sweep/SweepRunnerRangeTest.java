package backtest.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.TestConfigs;
import backtest.TestStores;
import backtest.config.BacktestConfig;
import features.GapPolicy;
import features.ParquetDataSource;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SweepRunner#runRange}: a grid cut into index ranges gives, range by range, exactly the rows and skipped entries
 * of the whole sweep (what the Spark application's tasks rely on); a range where nothing can run is an empty result,
 * not a refusal; a window without bars is a {@link SweepRunner.NoBarsException}.
 */
class SweepRunnerRangeTest {
    @TempDir
    static Path root;
    static ParquetDataSource source;

    /** One generated month (Jan 2024) written as the store's month file. */
    @BeforeAll
    static void oneMonth() throws Exception {
        source = new ParquetDataSource(TestStores.months(root, "BTCUSDT", 7, YearMonth.of(2024, 1)), GapPolicy.FFILL,
                false);
    }

    private static final BacktestConfig BASE = TestConfigs.of("start: 2024-01-03", "end: 2024-02-01", "interval: 15m",
            "fee_rate: 0.001", "indicators: {ema_fast: 12, ema_slow: 26, rsi: 14}",
            "strategy: {type: ema-cross, size_pct: 0.5}");
    // indexes: 0 (5,20) 1 (5,90) 2 (30,20) skipped 3 (30,90) 4 (60,20) skipped 5 (60,90), then x 2 fee rates
    private static final GridSpec GRID = GridSpec.parse(List.of("ema_fast=5,30,60", "ema_slow=20,90",
            "fee_rate=0.001,0.002"));

    @Test
    void ranges_put_together_are_the_whole_sweep_row_for_row() throws Exception {
        SweepResult whole = SweepRunner.run(BASE, GRID, source, 1);
        List<SweepResult.Row> rows = new ArrayList<>();
        List<SweepResult.Skipped> skipped = new ArrayList<>();
        for (int from = 0; from < 12; from += 5) {
            SweepResult part = SweepRunner.runRange(BASE, GRID, source, from, from + 5, 1);
            assertThat(part.rows()).allSatisfy(r -> assertThat(r.index()).isBetween(0, 11));
            rows.addAll(part.rows());
            skipped.addAll(part.skipped());
        }
        assertThat(whole.rows()).hasSize(8);
        assertThat(whole.skipped()).extracting(SweepResult.Skipped::index).containsExactly(4, 5, 8, 9);
        assertThat(rows).isEqualTo(whole.rows()); // metrics records compared field by field, exactly
        assertThat(skipped).isEqualTo(whole.skipped());
        assertThat(rows.stream().mapToInt(r -> r.metrics().fills()).sum()).isGreaterThan(20);
        // a range that needs only the short warm-ups reads from later, and still equals the whole sweep's rows
        SweepResult shortOnly = SweepRunner.runRange(BASE, GRID, source, 0, 1, 1);
        assertThat(shortOnly.historyFrom()).isAfter(whole.historyFrom());
        assertThat(shortOnly.rows()).containsExactly(whole.rows().get(0));
    }

    @Test
    void a_range_where_nothing_runs_is_an_empty_result_with_the_reasons() throws Exception {
        SweepResult none = SweepRunner.runRange(BASE, GRID, source, 4, 6, 1);
        assertThat(none.rows()).isEmpty();
        assertThat(none.skipped()).extracting(SweepResult.Skipped::index).containsExactly(4, 5);
        assertThat(none.skipped().get(0).reason()).contains("ema_fast");
        assertThat(SweepRunner.runRange(BASE, GRID, source, 12, 50, 1).combinations()).isZero();
    }

    @Test
    void a_window_without_bars_and_a_bad_grid_or_range_are_refused() {
        BacktestConfig later = BASE.withWindow(java.time.Instant.parse("2025-01-01T00:00:00Z"),
                java.time.Instant.parse("2025-02-01T00:00:00Z"), 10_000);
        assertThatThrownBy(() -> SweepRunner.runRange(later, GRID, source, 0, 2, 1))
                .isInstanceOf(SweepRunner.NoBarsException.class).hasMessageContaining("no bars between");
        assertThatThrownBy(() -> SweepRunner.runRange(BASE, GridSpec.parse(List.of("ema_fats=5")), source, 0, 1, 1))
                .hasMessageContaining("ema_fats");
        assertThatThrownBy(() -> SweepRunner.runRange(BASE, GRID, source, 3, 2, 1))
                .hasMessageContaining("0 <= from <= to");
    }
}
