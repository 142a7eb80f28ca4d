package backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import backtest.config.BacktestConfig;
import features.Bars;
import features.FeatureFrame;
import features.Interval;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The engine at its edges, worked by hand (frictionless unless set, cash 10,000, step 0.001): the peak the strategy
 * is shown, the progress it reports, the 1m bars at the very edges of an hourly bar, a buy whose rounded cost would
 * overdraw the cash by an ulp, the fills of a trip, the open trade's unrealised PnL, and a metrics-only run of a
 * {@link HoldScan} strategy (asked only where its answer is not HOLD, never across a bar without a real minute).
 */
class EngineEdgesTest {
    private static final Offset<Double> EXACT = within(1e-9);

    /** Buys all at bar 0 and records the account it is shown at every decision. */
    private static final class Watching implements Strategy {
        final List<AccountSnapshot> seen = new ArrayList<>();

        @Override
        public Decision decide(DecisionContext ctx) {
            seen.add(ctx.account());
            return ctx.index() == 0 ? Decision.buy(1, "") : Decision.HOLD;
        }

        @Override
        public String name() {
            return "watching";
        }
    }

    @Test
    void the_strategy_is_shown_the_running_peak_of_the_bars_before_and_its_own_drawdown() {
        Watching w = new Watching();
        BacktestEngine.run(TestConfigs.of(), TestFrames.of(100, 120, 90, 130, 110), w);
        // equity 10000, 12000, 9000, 13000, 11000 (100 BTC from bar 0)
        assertThat(w.seen).extracting(AccountSnapshot::peakEquity)
                .containsExactly(10_000.0, 12_000.0, 12_000.0, 13_000.0, 13_000.0);
        assertThat(w.seen.get(2).drawdown()).isCloseTo(0.25, EXACT);
        assertThat(w.seen.get(4).drawdown()).isCloseTo(2 / 13.0, EXACT);
        assertThat(w.seen.get(3).drawdown()).isZero();
    }

    @Test
    void progress_comes_every_1024_bars_and_before_each_sparse_decision() {
        double[] closes = new double[2_050];
        java.util.Arrays.fill(closes, 100);
        List<Integer> every = new ArrayList<>();
        BacktestEngine.run(TestConfigs.of(), TestFrames.of(closes), new ScriptedStrategy(Map.of()),
                (phase, done, total) -> {
                    assertThat(phase).isEqualTo(RunProgress.Phase.RUNNING);
                    assertThat(total).isEqualTo(2_050);
                    every.add(done);
                });
        assertThat(every).containsExactly(0, 1_024, 2_048, 2_050);

        List<Integer> sparse = new ArrayList<>();
        BacktestEngine.run(TestConfigs.of("strategy: {type: ema-cross, decision_every: 5m}"),
                TestFrames.of(100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100), new ScriptedStrategy(Map.of()), (p, done, total) -> sparse.add(done));
        // decisions close 5-minute buckets: bars 4 and 9
        assertThat(sparse).containsExactly(0, 4, 9, 12);

        // a strategy that explains itself (the LLM) may be slow: progress before each of its decisions, every bar
        List<Integer> explained = new ArrayList<>();
        ExplainedStrategy slow = new ExplainedStrategy() {
            @Override
            public Decision decide(DecisionContext ctx) {
                return Decision.HOLD;
            }

            @Override
            public String name() {
                return "explained";
            }

            @Override
            public Map<String, Object> details(long ts) {
                return Map.of();
            }

            @Override
            public Map<String, Object> runMetrics() {
                return Map.of();
            }

            @Override
            public String metricsBlock() {
                return "explained";
            }
        };
        BacktestEngine.run(TestConfigs.of(), TestFrames.of(100, 100, 100), slow, (p, done, total) -> explained.add(done));
        assertThat(explained).containsExactly(0, 0, 1, 2, 3);
    }

    private static double[] bar(double o, double h, double l, double c) {
        return new double[] {o, h, l, c};
    }

    /** An hourly run bought at hour 0's close with a stop at 95; the only 1m low below it at {@code minute}. */
    private static BacktestResult hourly(int minute) {
        BacktestConfig cfg = TestConfigs.of("interval: 1h", "risk: {stop_loss_pct: 0.05}");
        FeatureFrame hours = TestFrames.ohlc(Interval.H1, bar(100, 100, 100, 100), bar(100, 100, 100, 100),
                bar(100, 100, 100, 100));
        double[][] minutes = new double[180][];
        for (int k = 0; k < 180; k++) {
            minutes[k] = bar(100, 100, k == minute ? 90 : 100, 100);
        }
        return BacktestEngine.run(cfg, hours, TestFrames.ohlcBars(Interval.M1, minutes),
                new ScriptedStrategy(Map.of(0, Decision.buy(1, ""))), RunProgress.NONE);
    }

    @Test
    void the_first_and_the_last_minute_of_an_hour_belong_to_that_hour() {
        BacktestResult first = hourly(60);
        assertThat(first.fills().get(1).ts()).isEqualTo(TestFrames.T0 + 60 * 60_000);
        assertThat(first.curve().position()[1]).isZero();

        BacktestResult last = hourly(119);
        assertThat(last.fills().get(1).ts()).isEqualTo(TestFrames.T0 + 119 * 60_000);
        assertThat(last.curve().position()[1]).isZero();

        BacktestResult next = hourly(120); // the next hour's first minute
        assertThat(next.curve().position()[1]).isEqualTo(100);
        assertThat(next.curve().position()[2]).isZero();

        BacktestResult before = hourly(59); // inside hour 0, before its close bought
        assertThat(before.fills()).hasSize(1);
    }

    @Test
    void minutes_that_end_inside_the_last_hour_check_what_there_is() {
        BacktestConfig cfg = TestConfigs.of("interval: 1h", "risk: {stop_loss_pct: 0.05}");
        FeatureFrame hours = TestFrames.ohlc(Interval.H1, bar(100, 100, 100, 100), bar(100, 100, 100, 100),
                bar(100, 100, 100, 100));
        double[][] minutes = new double[150][]; // the store ends at 02:30
        for (int k = 0; k < 150; k++) {
            minutes[k] = bar(100, 100, 100, 100);
        }
        BacktestResult r = BacktestEngine.run(cfg, hours, TestFrames.ohlcBars(Interval.M1, minutes),
                new ScriptedStrategy(Map.of(0, Decision.buy(1, ""))), RunProgress.NONE);
        assertThat(r.fills()).hasSize(1);
        assertThat(r.curve().position()[2]).isEqualTo(100);
    }

    @Test
    void the_curve_gives_each_bar_as_a_snapshot_and_its_columns_at_the_frames_length() {
        Bars b = new Bars(Interval.M1, 8); // room for 8, 3 used
        for (int i = 0; i < 3; i++) {
            double c = 100 + 10 * i;
            b.add(TestFrames.T0 + i * 60_000L, c, c, c, c, 1, c, 1, 0.5, c / 2, (byte) 0);
        }
        FeatureFrame frame = new FeatureFrame(new features.FeatureSpec(Interval.M1,
                features.indicators.IndicatorSpec.parse("ema"), features.GapPolicy.FFILL), b,
                new java.util.LinkedHashMap<>());
        BacktestResult r = BacktestEngine.run(TestConfigs.of(), frame,
                new ScriptedStrategy(Map.of(1, Decision.buy(0.5, ""))));
        EquityCurve c = r.curve();
        assertThat(c.ts()).containsExactly(TestFrames.T0, TestFrames.T0 + 60_000, TestFrames.T0 + 120_000);
        assertThat(c.close()).containsExactly(100, 110, 120);
        AccountSnapshot flat = c.at(0);
        assertThat(flat.flat()).isTrue();
        assertThat(flat.equity()).isEqualTo(10_000);
        AccountSnapshot held = c.at(2); // 45.454 BTC bought at 110 with 5000
        assertThat(held.flat()).isFalse();
        assertThat(held.position()).isCloseTo(45.454, EXACT);
        assertThat(held.cash()).isCloseTo(10_000 - 45.454 * 110, EXACT);
        assertThat(held.unrealizedPnl()).isCloseTo(45.454 * 10, EXACT);
        assertThat(held.equity()).isCloseTo(10_000 + 45.454 * 10, EXACT);
        assertThat(held.ts()).isEqualTo(TestFrames.T0 + 120_000);
    }

    @Test
    void a_buy_whose_rounded_cost_would_overdraw_by_an_ulp_takes_one_step_less() {
        // 110 / 0.55 = 200 BTC, but 200 x 0.55 = 110.00000000000001 > 110: 199.999 BTC
        BacktestResult r = BacktestEngine.run(TestConfigs.of("initial_cash: 110"), TestFrames.of(0.55),
                new ScriptedStrategy(Map.of(0, Decision.buy(1, ""))));
        assertThat(r.fills().getFirst().qty()).isEqualTo(199.999);
        assertThat(r.curve().cash()[0]).isNotNegative();
        assertThat(r.curve().cash()[0]).isCloseTo(0.00055, within(1e-12));
    }

    @Test
    void a_trip_counts_its_fills_and_the_open_trade_its_unrealised_pnl() {
        // buy 50 at 100, buy 50 more at 100 (all the rest), sell all at 110: one trip of 3 fills;
        // then 100 bought at 110 (of 11000: 100 BTC), half sold at 120, marked at 130
        BacktestResult r = BacktestEngine.run(TestConfigs.of(), TestFrames.of(100, 100, 110, 110, 120, 130),
                new ScriptedStrategy(Map.of(0, Decision.buy(0.5, ""), 1, Decision.buy(1, ""),
                        2, Decision.sell(1, ""), 3, Decision.buy(1, ""), 4, Decision.sell(0.5, ""))));
        assertThat(r.roundTrips()).singleElement().satisfies(t -> {
            assertThat(t.fills()).isEqualTo(3);
            assertThat(t.pnl()).isCloseTo(1_000, EXACT);
            assertThat(t.openTs()).isEqualTo(TestFrames.T0);
            assertThat(t.closeTs()).isEqualTo(TestFrames.T0 + 2 * 60_000);
        });
        OpenTrade open = r.openTrade();
        assertThat(open.fills()).isEqualTo(2);
        assertThat(open.openTs()).isEqualTo(TestFrames.T0 + 3 * 60_000);
        assertThat(open.qty()).isEqualTo(50);
        assertThat(open.avgEntryPrice()).isCloseTo(110, EXACT);
        assertThat(open.realizedPnl()).isCloseTo(500, EXACT);
        assertThat(open.unrealizedPnl()).isCloseTo(1_000, EXACT); // 50 x (130 - 110)
        assertThat(r.metrics().unrealizedPnl()).isCloseTo(1_000, EXACT);
        assertThat(r.metrics().buys()).isEqualTo(3);
        assertThat(r.metrics().sells()).isEqualTo(2);
    }

    /** Buys at bar 0 and sells at bar 8 (its only non-HOLD answers), recording how it was asked. */
    private static final class Scanning implements Strategy, HoldScan {
        final List<Integer> decided = new ArrayList<>();
        final List<int[]> scanned = new ArrayList<>();
        final List<Double> peaks = new ArrayList<>();
        final List<Integer> movedTo = new ArrayList<>();

        private Decision answer(int i) {
            return i == 0 ? Decision.buy(1, "") : i == 8 ? Decision.sell(1, "") : Decision.HOLD;
        }

        @Override
        public Decision decide(DecisionContext ctx) {
            decided.add(ctx.index());
            peaks.add(ctx.account().peakEquity());
            return answer(ctx.index());
        }

        @Override
        public int skipHolds(DecisionContext ctx, int from, int to) {
            scanned.add(new int[] {from, to});
            movedTo.add(ctx.index());
            int k = from;
            while (k < to && answer(k).action() == Action.HOLD) {
                k++;
            }
            return k;
        }

        @Override
        public String name() {
            return "scanning";
        }
    }

    @Test
    void a_metrics_only_run_asks_a_hold_scan_strategy_only_where_it_does_not_hold() {
        FeatureFrame frame = TestFrames.of(100, 110, 120, 90, 100, 100, 130, 120, 125, 125, 125);
        frame.bars().flags[5] = Bars.FILLED | Bars.NO_REAL_MINUTE; // never asked, never scanned across
        BacktestConfig cfg = TestConfigs.of();
        Scanning lean = new Scanning();
        Metrics m = BacktestEngine.metrics(cfg, frame, null, lean, new BacktestEngine.Workspace());
        assertThat(lean.decided).containsExactly(0, 8);
        assertThat(lean.scanned).extracting(s -> s[0] + "-" + s[1]).containsExactly("0-5", "1-5", "6-11", "9-11");
        assertThat(lean.movedTo).containsExactly(4, 4, 10, 10); // the context at the scan's last row
        // the peak shown at the sell: 13000 at bar 6
        assertThat(lean.peaks).containsExactly(10_000.0, 13_000.0);

        Scanning full = new Scanning();
        BacktestResult r = BacktestEngine.run(cfg, frame, full);
        assertThat(full.decided).containsExactly(0, 1, 2, 3, 4, 6, 7, 8, 9, 10);
        assertThat(full.scanned).isEmpty();
        assertThat(m).isEqualTo(r.metrics());
        assertThat(m.roundTrips()).isEqualTo(1);
        assertThat(m.maxDrawdownPct()).isCloseTo(0.25, EXACT); // 12000 -> 9000

        // a risk rule (or a sparse decision) makes the engine ask at every bar
        Scanning guarded = new Scanning();
        BacktestEngine.metrics(TestConfigs.of("risk: {stop_loss_pct: 0.9}"), frame, null, guarded,
                new BacktestEngine.Workspace());
        assertThat(guarded.scanned).isEmpty();
        assertThat(guarded.decided).hasSize(10);
    }
}
