package backtest.run;

import static backtest.run.RunFixtures.bar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import backtest.BacktestResult;
import backtest.EquityCurve;
import backtest.Fill;
import backtest.config.BacktestConfig;
import features.FeatureFrame;
import features.Interval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import report.MetricRow;
import report.ReportData;
import report.TradeMarker;
import report.TradeRow;
import storage.MinuteGaps;

/**
 * {@link ReportMapper}: a real engine run (curves, drawdown, overlays, markers) and the same run with hand-made
 * metrics, fills and round trips for exact metric rows, trade rows and exit reasons.
 */
class ReportMapperTest {
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant END = Instant.parse("2024-01-01T02:00:00Z");

    private static DataCoverage full() {
        return new DataCoverage(START, END, START, END, 120, 120, 0, 1.0, 8, 0, 0, 0, 0, List.of());
    }

    private static List<MinuteGaps.Gap> gaps(int n) {
        List<MinuteGaps.Gap> g = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            g.add(new MinuteGaps.Gap(START.toEpochMilli() + (10L * i + 1) * 60_000L,
                    START.toEpochMilli() + (10L * i + 2) * 60_000L));
        }
        return g;
    }

    /** 110 of 120 minutes, covered from 00:10, with {@code n} gaps (7 counted). */
    private static DataCoverage partial(int listed, int counted) {
        return new DataCoverage(START, END, START.plusSeconds(600), END, 120, 110, 10, 110 / 120.0, 8, 2, 1, 1,
                counted, gaps(listed));
    }

    @Test
    void curves_drawdown_overlays_and_markers_come_from_the_run() {
        BacktestConfig cfg = RunFixtures.config();
        FeatureFrame frame = RunFixtures.frame();
        BacktestResult r = RunFixtures.run(cfg, new RunFixtures.Scripted());
        ReportData d = ReportMapper.of(r, frame, full());
        EquityCurve c = r.curve();

        assertThat(d.title()).isEqualTo("scripted backtest: " + cfg.symbol() + " 15m");
        assertThat(d.subtitle()).isEqualTo(cfg.symbol() + " · 15m · 2024-01-01T00:00:00Z to 2024-01-01T02:00:00Z (UTC)"
                + " · scripted · cash 10,000 · fee 0.100 % · slippage 2.0 bps");
        assertThat(d.ts()).containsExactly(c.ts());
        assertThat(d.close()).containsExactly(RunFixtures.CLOSES);
        assertThat(d.equity()).containsExactly(c.equity());
        assertThat(d.buyHoldEquity()).containsExactly(c.buyHold());
        double deepest = 0;
        for (int i = 0; i < c.size(); i++) {
            assertThat(d.drawdownPct()[i]).as("bar %d", i).isCloseTo(-c.drawdown()[i] * 100, within(1e-9));
            deepest = Math.min(deepest, d.drawdownPct()[i]);
        }
        assertThat(deepest).as("the run falls below its peak").isLessThan(-0.01);
        assertThat(d.drawdownPct()[0]).isZero();

        assertThat(d.overlays().keySet()).containsExactly("ema_fast", "ema_slow");
        assertThat(d.overlays().get("ema_fast")).isSameAs(frame.columns().get("ema_fast"));
        assertThat(d.overlays().get("ema_slow")).isSameAs(frame.columns().get("ema_slow"));
        FeatureFrame bare = backtest.TestFrames.of(Interval.M15, RunFixtures.CLOSES, Map.of("ema_slow", new double[8]));
        assertThat(ReportMapper.of(r, bare, full()).overlays().keySet()).containsExactly("ema_slow");

        assertThat(r.fills()).hasSize(3);
        assertThat(d.markers()).hasSize(r.fills().size());
        for (int i = 0; i < r.fills().size(); i++) {
            Fill f = r.fills().get(i);
            TradeMarker m = d.markers().get(i);
            assertThat(m.ts()).isEqualTo(f.ts());
            assertThat(m.side().name()).isEqualTo(f.side().name());
            assertThat(m.price()).isEqualTo(f.price());
            assertThat(m.qty()).isEqualTo(f.qty());
            assertThat(m.note()).isEqualTo(f.note());
            assertThat(m.exit()).isEmpty();
        }
        assertThat(d.markers()).extracting(TradeMarker::side).containsExactly(TradeMarker.Side.BUY,
                TradeMarker.Side.SELL, TradeMarker.Side.BUY);
        // the engine's own round trip and the trip open at the end
        assertThat(d.trades()).extracting(TradeRow::side).containsExactly("LONG", "LONG (open)");
    }

    @Test
    void metric_rows_say_every_figure_and_the_exit_rows_only_for_execution_aware_configs() {
        BacktestResult base = RunFixtures.run(RunFixtures.config(), new RunFixtures.Scripted());
        BacktestConfig aware = RunFixtures.config("risk: {stop_loss_pct: 0.05}");
        assertThat(aware.executionAware()).isTrue();
        BacktestResult r = RunFixtures.handMade(base, aware, RunFixtures.sampleMetrics(), 2);
        ReportData d = ReportMapper.of(r, RunFixtures.frame(), partial(7, 7));
        List<MinuteGaps.Gap> g = gaps(7);
        assertThat(d.metrics()).extracting(MetricRow::label, MetricRow::value, MetricRow::hint).containsExactly(
                row("Data coverage", "91.67 %", "110 of 120 minutes real; 7 gaps: " + g.get(0) + ", " + g.get(1) + ", "
                        + g.get(2) + ", " + g.get(3) + ", " + g.get(4) + ", …"),
                row("Bars filled / without a real minute", "2 / 1", "1 decisions held: no market data"),
                row("Total return", "2.35 %", "final equity / initial cash - 1"),
                row("Buy and hold return", "n/a", "same window, no fees"),
                row("Total PnL", "234.50", "USDT"),
                row("Max drawdown", "150.25 / -1.23 %", "longest below a peak: 4 bars"),
                row("Round trips / win rate", "3 / 66.67 %", "flat to flat"),
                row("Exits: signal", "1 / 0.00 %", "trips / win rate; PnL -1.00"),
                row("Exits: stop_loss", "1 / 100.00 %", "trips / win rate; PnL 2.50"),
                row("Exits: take_profit", "0 / n/a", "trips / win rate; PnL 0.00"),
                row("Exits: trailing_stop", "0 / n/a", "trips / win rate; PnL 0.00"),
                row("Exits: end_of_data", "1 / 100.00 %", "trips / win rate; PnL 1.77"),
                row("Orders not filled", "2", "decided on the last bar: no next open"),
                row("Fills", "6", "3 buys, 3 sells"),
                row("Profit factor", "∞", "gross profit / gross loss"),
                row("Expectancy", "-12.50", "mean PnL per round trip"),
                row("Average win / loss", "20.00 / n/a", ""),
                row("Fees paid", "10.12", "USDT"),
                row("Slippage cost", "1.00", "USDT"),
                row("Exposure", "50.00 %", "bars holding a position"),
                row("Sharpe / Sortino / Calmar", "n/a / ∞ / 1.50", "annualised by elapsed time (120,000 minutes)"));
        assertThat(d.subtitle()).contains(" · data 2024-01-01T00:10:00Z to 2024-01-01T02:00:00Z (UTC), 91.67 % of the"
                + " requested 2024-01-01T00:00:00Z to 2024-01-01T02:00:00Z · ");

        // all reasons in, but no unfilled order: no such row
        List<String> labels = ReportMapper.of(RunFixtures.handMade(base, aware, RunFixtures.sampleMetrics(), 0),
                RunFixtures.frame(), partial(5, 5)).metrics().stream().map(MetricRow::label).toList();
        assertThat(labels).contains("Exits: take_profit").doesNotContain("Orders not filled");
        // a plain config: the report it always had
        ReportData plain = ReportMapper.of(RunFixtures.handMade(base, RunFixtures.config(), RunFixtures.sampleMetrics(),
                2), RunFixtures.frame(), partial(5, 5));
        assertThat(plain.metrics()).extracting(MetricRow::label).noneMatch(l -> l.startsWith("Exits"))
                .doesNotContain("Orders not filled").hasSize(15);
        // five gaps listed and counted: no ellipsis; none: no list
        assertThat(plain.metrics().get(0).hint()).endsWith(gaps(5).get(4).toString());
        DataCoverage noGaps = new DataCoverage(START, END, START, END, 120, 120, 0, 1.0, 8, 0, 0, 0, 0, List.of());
        assertThat(ReportMapper.of(r, RunFixtures.frame(), noGaps).metrics().get(0).hint())
                .isEqualTo("120 of 120 minutes real; 0 gaps");
        assertThat(ReportMapper.of(r, RunFixtures.frame(), noGaps).subtitle())
                .contains(" · 2024-01-01T00:00:00Z to 2024-01-01T02:00:00Z (UTC) · ");
        DataCoverage none = new DataCoverage(START, END, null, null, 120, 0, 120, 0, 8, 8, 8, 0, 1, gaps(1));
        assertThat(ReportMapper.of(r, RunFixtures.frame(), none).subtitle())
                .contains(" · no data in 2024-01-01T00:00:00Z to 2024-01-01T02:00:00Z · ");
    }

    @Test
    void trade_rows_add_up_each_trips_fills_and_the_open_trade_comes_last() {
        BacktestResult base = RunFixtures.run(RunFixtures.config(), new RunFixtures.Scripted());
        BacktestResult aware = RunFixtures.handMade(base, RunFixtures.config("risk: {stop_loss_pct: 0.05}"),
                RunFixtures.sampleMetrics(), 0);
        List<TradeRow> rows = ReportMapper.of(aware, RunFixtures.frame(), full()).trades();
        assertThat(rows).hasSize(3);

        TradeRow a = rows.get(0); // BUY 0.1 @ 100, BUY 0.1 @ 110, stop-loss SELL 0.2 @ 120; the earlier SELL left out
        assertThat(a.entryTs()).isEqualTo(bar(1));
        assertThat(a.exitTs()).isEqualTo(bar(3) + 5 * 60_000L);
        assertThat(a.side()).isEqualTo("LONG · stop_loss");
        assertThat(a.qty()).isCloseTo(0.2, within(1e-12));
        assertThat(a.entryPrice()).isCloseTo(105, within(1e-9));
        assertThat(a.exitPrice()).isCloseTo(120, within(1e-9));
        assertThat(a.pnl()).isEqualTo(2.5);
        assertThat(a.returnPct()).isCloseTo(2.5 / 21 * 100, within(1e-9));
        assertThat(a.fees()).isCloseTo(0.045, within(1e-12));
        assertThat(a.open()).isFalse();

        TradeRow b = rows.get(1); // a SELL only: nothing bought, so no entry price and no return
        assertThat(b.entryTs()).isEqualTo(bar(4));
        assertThat(b.side()).isEqualTo("LONG · signal");
        assertThat(b.qty()).isZero();
        assertThat(b.entryPrice()).isNaN();
        assertThat(b.exitPrice()).isCloseTo(130, within(1e-9));
        assertThat(b.pnl()).isEqualTo(-1);
        assertThat(b.returnPct()).isNaN();
        assertThat(b.fees()).isCloseTo(0.013, within(1e-12));

        TradeRow open = rows.get(2);
        assertThat(open.open()).isTrue();
        assertThat(open.entryTs()).isEqualTo(bar(5));
        assertThat(open.exitTs()).isEqualTo(Long.MIN_VALUE);
        assertThat(open.side()).isEqualTo("LONG (open) · end_of_data");
        assertThat(open.qty()).isEqualTo(0.3);
        assertThat(open.entryPrice()).isEqualTo(90.09);
        assertThat(open.exitPrice()).isNaN();
        assertThat(open.pnl()).isEqualTo(1.773);
        assertThat(open.returnPct()).isCloseTo(1.773 / (0.3 * 90.09) * 100, within(1e-9));
        assertThat(open.fees()).isCloseTo(0.027, within(1e-12));

        List<TradeMarker> markers = ReportMapper.of(aware, RunFixtures.frame(), full()).markers();
        assertThat(markers).extracting(TradeMarker::exit).containsExactly("", "", "", "stop_loss", "", "");
        assertThat(markers).extracting(TradeMarker::side).containsExactly(TradeMarker.Side.SELL, TradeMarker.Side.BUY,
                TradeMarker.Side.BUY, TradeMarker.Side.SELL, TradeMarker.Side.SELL, TradeMarker.Side.BUY);
        assertThat(markers.get(3).note()).isEqualTo("stop");
        assertThat(markers.get(3).price()).isEqualTo(120);
        assertThat(markers.get(3).qty()).isEqualTo(0.2);

        BacktestResult plain = RunFixtures.handMade(base, RunFixtures.config(), RunFixtures.sampleMetrics(), 0);
        assertThat(ReportMapper.of(plain, RunFixtures.frame(), full()).trades()).extracting(TradeRow::side)
                .containsExactly("LONG", "LONG", "LONG (open)");
        // an open trade with no cost: no return
        BacktestResult free = new BacktestResult(plain.config(), plain.strategy(), plain.curve(), List.of(), List.of(),
                new backtest.OpenTrade(bar(5), 1, 0, 0, 96, 1, 0), plain.decisions(), 0, plain.metrics(), 0, 0);
        TradeRow zero = ReportMapper.of(free, RunFixtures.frame(), full()).trades().get(0);
        assertThat(zero.returnPct()).isNaN();
        assertThat(zero.fees()).isZero();
    }

    private static org.assertj.core.groups.Tuple row(String label, String value, String hint) {
        return org.assertj.core.groups.Tuple.tuple(label, value, hint);
    }
}
