package backtest.run;

import static org.assertj.core.api.Assertions.assertThat;

import backtest.ExitStats;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import storage.MinuteGaps;

/** {@link RunSummary#table()}: every row, its formatting of undefined and infinite figures, and the optional rows. */
class RunSummaryTest {
    private static final Instant A = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant B = Instant.parse("2024-01-10T00:00:00Z");

    private static String row(String label, String value) {
        return String.format(Locale.ROOT, "  %-28s %s%n", label, value);
    }

    private static DataCoverage data(Instant coveredStart, int gaps, int noMarketData) {
        List<MinuteGaps.Gap> list = gaps == 0 ? List.of()
                : List.of(new MinuteGaps.Gap(A.toEpochMilli(), A.toEpochMilli() + 1_500 * 60_000L));
        return new DataCoverage(A, B, coveredStart, coveredStart == null ? null : B, 12_960, 11_460, 1_500,
                11_460 / 12_960.0, 864, 3, 1, noMarketData, gaps, list);
    }

    @Test
    void the_table_lists_every_figure_with_the_optional_rows_when_they_apply() {
        var metrics = RunFixtures.sampleMetrics();
        ExitStats exits = ExitStats.of(RunFixtures.trips(), RunFixtures.open());
        RunSummary s = new RunSummary("ema-cross-0123456789ab", Path.of("runs", "x"), "ema-cross", 864, 6, 864,
                metrics, data(A.plusSeconds(90_000), 1, 1), RunFixtures.open(), 12, exits, 2);
        String expected = row("strategy", "ema-cross")
                + row("data", "2024-01-02T01:00:00Z..2024-01-10T00:00:00Z (88.43 % of 12,960 minutes; 1 gaps, 1,500"
                        + " minutes missing)")
                + row("held: no market data", "1 decision bars without a real minute")
                + row("bars / decisions / fills", "864 / 864 / 6")
                + row("final equity", "10,234.50")
                + row("total PnL", "234.50")
                + row("total return", "2.35 %")
                + row("buy and hold return", "n/a")
                + row("max drawdown", "150.25 (-1.23 %)")
                + row("round trips / win rate", "3 / 66.67 %")
                + row("open trade at the end", "0.3 since 2024-01-01T01:15:00Z, unrealised PnL 1.77")
                + row("exits: signal", "1 trips, PnL -1.00, win rate 0.00 %")
                + row("exits: stop_loss", "1 trips, PnL 2.50, win rate 100.00 %")
                + row("exits: end_of_data", "1 trips, PnL 1.77, win rate 100.00 %")
                + row("orders not filled", "2 (decided on the last bar: no next open)")
                + row("profit factor / expectancy", "inf / -12.50")
                + row("fees / slippage", "10.12 / 1.00")
                + row("exposure", "50.00 %")
                + row("Sharpe / Sortino / Calmar", "n/a / -inf / 1.50")
                + row("run folder", Path.of("runs", "x").toString());
        assertThat(s.table()).isEqualTo(expected);
        assertThat(s.exits()).isSameAs(exits);
        assertThat(s.unfilledOrders()).isEqualTo(2);
    }

    @Test
    void a_plain_summary_leaves_the_optional_rows_out_and_says_when_no_minute_was_stored() {
        var metrics = RunFixtures.metrics(java.util.Map.of("finalEquity", 10_000, "maxDrawdownPct", -0.5,
                "profitFactor", Double.NaN, "expectancy", Double.NaN, "sharpe", 1, "sortino", 2, "calmar",
                Double.POSITIVE_INFINITY));
        RunSummary s = new RunSummary("r", Path.of("f"), "rsi-threshold", 10, 0, 5, metrics, data(null, 0, 0), null, 3);
        assertThat(s.exits()).isNull();
        assertThat(s.unfilledOrders()).isZero();
        assertThat(s.millis()).isEqualTo(3);
        String table = s.table();
        assertThat(table).isEqualTo(row("strategy", "rsi-threshold")
                + row("data", "none in 2024-01-01T00:00:00Z..2024-01-10T00:00:00Z")
                + row("bars / decisions / fills", "10 / 5 / 0")
                + row("final equity", "10,000.00")
                + row("total PnL", "0.00")
                + row("total return", "0.00 %")
                + row("buy and hold return", "0.00 %")
                + row("max drawdown", "0.00 (-50.00 %)")
                + row("round trips / win rate", "0 / 0.00 %")
                + row("profit factor / expectancy", "n/a / n/a")
                + row("fees / slippage", "0.00 / 0.00")
                + row("exposure", "0.00 %")
                + row("Sharpe / Sortino / Calmar", "1.00 / 2.00 / inf")
                + row("run folder", "f"));

        // covered without gaps: the minutes in brackets, no gap count
        RunSummary covered = new RunSummary("r", Path.of("f"), "x", 10, 0, 5, metrics, data(A, 0, 0), null, 3);
        assertThat(covered.table()).contains(row("data",
                "2024-01-01T00:00:00Z..2024-01-10T00:00:00Z (88.43 % of 12,960 minutes)"));
    }

    @Test
    void exit_reasons_without_trips_and_no_unfilled_orders_add_no_rows() {
        ExitStats none = ExitStats.of(List.of(), null);
        RunSummary s = new RunSummary("r", Path.of("f"), "x", 10, 0, 5, RunFixtures.sampleMetrics(), data(A, 0, 0),
                null, 3, none, 0);
        assertThat(s.table()).doesNotContain("exits: ", "orders not filled", "open trade");
        RunSummary one = new RunSummary("r", Path.of("f"), "x", 10, 0, 5, RunFixtures.sampleMetrics(), data(A, 0, 0),
                null, 3, none, 1);
        assertThat(one.table()).contains(row("orders not filled", "1 (decided on the last bar: no next open)"));
    }
}
