package backtest.bias;

import static org.assertj.core.api.Assertions.assertThat;

import backtest.BacktestEngine;
import backtest.BacktestResult;
import backtest.Decision;
import backtest.DecisionContext;
import backtest.DecisionLog;
import backtest.Strategy;
import backtest.TestConfigs;
import backtest.bias.BiasReport.CutResult;
import backtest.bias.BiasReport.Difference;
import backtest.bias.BiasReport.WarmupResult;
import backtest.config.BacktestConfig;
import features.Bars;
import features.FeatureFrame;
import features.FeatureSpec;
import features.GapPolicy;
import features.Interval;
import features.indicators.IndicatorSpec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The comparisons behind {@code check-bias} on hand-made frames and decision logs: where two runs part (feature, bar,
 * decision), the cut rows, the warm-up comparison and its tolerance - each expected value worked out by hand.
 */
class BiasCompareTest {
    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final long MIN = 60_000L;
    static final BacktestConfig CFG = TestConfigs.of("strategy: {type: ema-cross}");
    static final double NAN = Double.NaN;

    /** 1m bars from T0 + offset minutes; rows {open, high, low, close, volume}; the columns as given. */
    static FeatureFrame frame(int offsetMinutes, double[][] rows, Map<String, double[]> columns) {
        Bars b = new Bars(Interval.M1, rows.length);
        for (int i = 0; i < rows.length; i++) {
            double[] r = rows[i];
            b.add(T0 + (i + offsetMinutes) * MIN, r[0], r[1], r[2], r[3], r[4], r[3], 1, 0.5, r[3] / 2, (byte) 0);
        }
        return new FeatureFrame(new FeatureSpec(Interval.M1, IndicatorSpec.parse("ema"), GapPolicy.FFILL), b,
                new LinkedHashMap<>(columns));
    }

    /** n bars with O=H=L=C = 10 + i, volume 1, and the columns. */
    static FeatureFrame frame(int n, Map<String, double[]> columns) {
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = new double[] {10 + i, 10 + i, 10 + i, 10 + i, 1};
        }
        return frame(0, rows, columns);
    }

    static Map<String, double[]> cols(Object... nameValues) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            m.put((String) nameValues[i], (double[]) nameValues[i + 1]);
        }
        return m;
    }

    record Script(Map<Integer, Decision> script) implements Strategy {
        @Override
        public Decision decide(DecisionContext ctx) {
            return script.getOrDefault(ctx.index(), Decision.HOLD);
        }

        @Override
        public String name() {
            return "script";
        }
    }

    static BacktestResult run(FeatureFrame f, Map<Integer, Decision> script) {
        return BacktestEngine.run(CFG, f, new Script(script));
    }

    static BiasCheck.Run ok(FeatureFrame f, Map<Integer, Decision> script) {
        return new BiasCheck.Run(f, run(f, script), null, null);
    }

    static long at(int minute) {
        return T0 + minute * MIN;
    }

    @Test
    void differs_is_exact_without_tolerance_relative_with_it_and_nan_equals_only_nan() {
        assertThat(BiasCheck.differs(NAN, NAN, 0)).isFalse();
        assertThat(BiasCheck.differs(NAN, 1, 0)).isTrue();
        assertThat(BiasCheck.differs(1, NAN, 1e-9)).isTrue();
        assertThat(BiasCheck.differs(1, 1, 0)).isFalse();
        assertThat(BiasCheck.differs(0.0, -0.0, 0)).as("0.0 == -0.0").isFalse();
        assertThat(BiasCheck.differs(1, Math.nextUp(1.0), 0)).isTrue();
        assertThat(BiasCheck.differs(1, 1 + 1e-12, 1e-9)).isFalse();
        assertThat(BiasCheck.differs(1, 1 + 2e-9, 1e-9)).isTrue();
        // |1 - 2| = 1 against 0.5 x max(1, 2) = 1: not more, so the same; 0.49 x 2 < 1: differs
        assertThat(BiasCheck.differs(1, 2, 0.5)).isFalse();
        assertThat(BiasCheck.differs(2, 1, 0.5)).isFalse();
        assertThat(BiasCheck.differs(1, 2, 0.49)).isTrue();
        assertThat(BiasCheck.differs(-1, -2, 0.5)).as("relative to the larger magnitude").isFalse();
        assertThat(BiasCheck.differs(-1, -2, 0.49)).isTrue();
        assertThat(BiasCheck.WARM_TOLERANCE).isEqualTo(1e-9);
    }

    @Test
    void a_decision_is_described_with_its_size_unless_hold_and_its_note_if_any() {
        assertThat(BiasCheck.describe(Decision.HOLD)).isEqualTo("HOLD");
        assertThat(BiasCheck.describe(Decision.hold("wait"))).isEqualTo("HOLD (wait)");
        assertThat(BiasCheck.describe(Decision.buy(0.5, "cross"))).isEqualTo("BUY 0.5 (cross)");
        assertThat(BiasCheck.describe(Decision.sell(1, ""))).isEqualTo("SELL 1.0");
    }

    @Test
    void even_rows_spread_over_the_frame_leaving_out_row_zero() {
        assertThat(BiasCheck.evenRows(10, 3)).containsExactly(2, 5, 7);
        assertThat(BiasCheck.evenRows(10, 1)).containsExactly(5);
        assertThat(BiasCheck.evenRows(3, 5)).containsExactly(1, 2); // 0 1 1 2 2: duplicates and row 0 dropped
        assertThat(BiasCheck.evenRows(1, 1)).isEmpty();
        assertThat(BiasCheck.evenRows(10, 0)).isEmpty();
        assertThat(BiasCheck.evenRows(2_000_000_000, 3)).as("no int overflow")
                .containsExactly(500_000_000, 1_000_000_000, 1_500_000_000);
    }

    @Test
    void actionable_rows_are_the_rows_after_buys_and_sells_spread_over_them() {
        // BUY at 1, SELL at 3, BUY at 6, SELL at 9 (the last row): the rows after them 2, 4, 7, 10
        DecisionLog log = run(frame(10, Map.of()), Map.of(1, Decision.buy(1, "b"), 3, Decision.sell(1, "s"),
                6, Decision.buy(0.5, ""), 9, Decision.sell(1, ""))).decisions();
        assertThat(log.size()).isEqualTo(10);
        assertThat(BiasCheck.actionableRows(log, 10, 4)).containsExactly(2, 4, 7); // 10 is no cut of 10 rows
        assertThat(BiasCheck.actionableRows(log, 11, 4)).containsExactly(2, 4, 7, 10);
        assertThat(BiasCheck.actionableRows(log, 11, 2)).containsExactly(2, 7); // j x 4 / 2: the 1st and 3rd
        assertThat(BiasCheck.actionableRows(log, 11, 3)).containsExactly(2, 4, 7); // 0, 4/3, 8/3
        assertThat(BiasCheck.actionableRows(log, 11, 1)).containsExactly(2);
        assertThat(BiasCheck.actionableRows(log, 11, 9)).containsExactly(2, 4, 7, 10);
        assertThat(BiasCheck.actionableRows(log, 11, 0)).isEmpty();
        DecisionLog holds = run(frame(5, Map.of()), Map.of(2, Decision.hold("only a note"))).decisions();
        assertThat(BiasCheck.actionableRows(holds, 5, 3)).isEmpty();
    }

    @Test
    void the_first_feature_difference_is_by_row_then_column_and_nan_equals_nan() {
        double[][] rows = {{1, 2, 0.5, 1.5, 7}, {2, 3, 1, 2.5, 8}, {3, 4, 2, 3.5, 9}, {4, 5, 3, 4.5, 10}};
        Map<String, double[]> c = cols("x", new double[] {NAN, 1, 2, 3}, "y", new double[] {NAN, NAN, 5, 6});
        FeatureFrame a = frame(0, rows, c);
        assertThat(BiasCheck.firstFeatureDifference(a, frame(0, rows, c), 4, 0)).isNull();
        String[] names = {"open", "high", "low", "close", "volume"};
        for (int k = 0; k < 5; k++) {
            double[][] changed = copy(rows);
            changed[2][k] += 0.25;
            changed[3][0] += 1; // a later row differing too: not the first
            Difference d = BiasCheck.firstFeatureDifference(a, frame(0, changed, c), 4, 0);
            assertThat(d).as(names[k]).isEqualTo(new Difference("feature", at(2), names[k],
                    Double.toString(rows[2][k]), Double.toString(rows[2][k] + 0.25)));
            assertThat(BiasCheck.firstFeatureDifference(a, frame(0, changed, c), 2, 0)).as("only rows [0, 2)").isNull();
        }
        // two columns differing at row 2: the first column; y differing at row 1 comes first
        Difference both = BiasCheck.firstFeatureDifference(a, frame(0, rows,
                cols("x", new double[] {NAN, 1, 9, 3}, "y", new double[] {NAN, NAN, 9, 6})), 4, 0);
        assertThat(both).isEqualTo(new Difference("feature", at(2), "x", "2.0", "9.0"));
        Difference early = BiasCheck.firstFeatureDifference(a, frame(0, rows,
                cols("x", new double[] {NAN, 1, 9, 3}, "y", new double[] {NAN, 4, 5, 6})), 4, 0);
        assertThat(early).isEqualTo(new Difference("feature", at(1), "y", "none (warming up)", "4.0"));
        // a column the other frame lacks reads as warming up
        assertThat(BiasCheck.firstFeatureDifference(a, frame(0, rows, cols("x", c.get("x"))), 4, 0))
                .isEqualTo(new Difference("feature", at(2), "y", "5.0", "none (warming up)"));
        // within the tolerance, or beyond it
        Map<String, double[]> near = cols("x", new double[] {NAN, 1, 2 * (1 + 1e-12), 3}, "y", c.get("y"));
        assertThat(BiasCheck.firstFeatureDifference(a, frame(0, rows, near), 4, 1e-9)).isNull();
        assertThat(BiasCheck.firstFeatureDifference(a, frame(0, rows, near), 4, 0)).isNotNull();
        // open times differing: the earlier one
        Difference ts = BiasCheck.firstFeatureDifference(a, frame(1, rows, c), 4, 0);
        assertThat(ts).isEqualTo(new Difference("feature", at(0), "ts", Double.toString(at(0)), Double.toString(at(1))));
        // a shorter other frame: a bar missing where it ends, unless the rows asked for end there too
        FeatureFrame shorter = frame(0, copyOf(rows, 2), cols("x", new double[] {NAN, 1}, "y", new double[] {NAN, NAN}));
        assertThat(BiasCheck.firstFeatureDifference(a, shorter, 4, 0)).isEqualTo(
                new Difference("bar", at(2), "bar", "present", "missing"));
        assertThat(BiasCheck.firstFeatureDifference(a, shorter, 3, 0)).isEqualTo(
                new Difference("bar", at(2), "bar", "present", "missing"));
        assertThat(BiasCheck.firstFeatureDifference(a, shorter, 2, 0)).isNull();
        // a longer other frame is compared over the first frame's rows only
        assertThat(BiasCheck.firstFeatureDifference(shorter, a, 4, 0)).isNull();
        FeatureFrame shorterOff = frame(0, copyOf(rows, 2), cols("x", new double[] {NAN, 7}, "y", new double[] {NAN, NAN}));
        assertThat(BiasCheck.firstFeatureDifference(a, shorterOff, 4, 0))
                .isEqualTo(new Difference("feature", at(1), "x", "1.0", "7.0"));
    }

    @Test
    void the_last_feature_difference_scans_each_column_from_the_end() {
        Map<String, double[]> c = cols("x", new double[] {1, 2, 3, 4, 5}, "y", new double[] {NAN, 1, 1, 1, 1});
        FeatureFrame a = frame(5, c);
        assertThat(BiasCheck.lastFeatureDifference(a, frame(5, c), 0)).isEqualTo(-1);
        assertThat(BiasCheck.lastFeatureDifference(a, frame(5,
                cols("x", new double[] {9, 2, 9, 4, 5}, "y", c.get("y"))), 0)).isEqualTo(2);
        assertThat(BiasCheck.lastFeatureDifference(a, frame(5,
                cols("x", new double[] {9, 2, 9, 4, 5}, "y", new double[] {NAN, 1, 1, 9, 1})), 0)).isEqualTo(3);
        assertThat(BiasCheck.lastFeatureDifference(a, frame(5,
                cols("x", new double[] {1, 2, 3, 4, 9}, "y", new double[] {1, 1, 1, 1, 1})), 0)).isEqualTo(4);
        assertThat(BiasCheck.lastFeatureDifference(a, frame(5,
                cols("x", new double[] {1, 9, 3, 4, 5}, "y", new double[] {1, 1, 1, 1, 1})), 0)).isEqualTo(1);
        assertThat(BiasCheck.lastFeatureDifference(a, frame(5,
                cols("x", new double[] {1, 2, 3, 4, 5 * (1 + 1e-12)}, "y", c.get("y"))), 1e-9)).isEqualTo(-1);
        assertThat(BiasCheck.lastFeatureDifference(a, frame(5, cols("x", c.get("x"))), 0)).as("y missing").isEqualTo(4);
        // a frame of another length differs at least at the last common row
        assertThat(BiasCheck.lastFeatureDifference(a, frame(3,
                cols("x", new double[] {1, 2, 3}, "y", new double[] {NAN, 1, 1})), 0)).isEqualTo(2);
        assertThat(BiasCheck.lastFeatureDifference(a, frame(0, new double[0][], cols("x", new double[0],
                "y", new double[0])), 0)).isEqualTo(-1);
    }

    @Test
    void a_cut_is_compared_decision_by_decision_before_its_row() {
        FeatureFrame whole = frame(6, Map.of());
        Map<Integer, Decision> script = Map.of(1, Decision.buy(1, "b"), 3, Decision.sell(1, "s"));
        BiasCheck.Run full = ok(whole, script);
        FeatureFrame four = frame(4, Map.of());
        assertThat(BiasCheck.compareCut(full, ok(four, script), 4, whole))
                .isEqualTo(new CutResult(Instant.ofEpochMilli(at(4)), 4, 4, null, null));
        CutResult differs = BiasCheck.compareCut(full, ok(four, Map.of(1, Decision.buy(1, "b"),
                2, Decision.sell(0.5, "x"))), 4, whole);
        assertThat(differs).isEqualTo(new CutResult(Instant.ofEpochMilli(at(4)), 4, 2,
                Difference.decision(at(2), "HOLD", "SELL 0.5 (x)"), null));
        assertThat(differs.clean()).isFalse();
        // a note alone differing is a difference too
        assertThat(BiasCheck.compareCut(full, ok(four, Map.of(1, Decision.buy(1, "other"))), 4, whole).difference())
                .isEqualTo(Difference.decision(at(1), "BUY 1.0 (b)", "BUY 1.0 (other)"));
        // the cut run decided where the full run did not
        BiasCheck.Run threeBars = ok(frame(3, Map.of()), script);
        assertThat(BiasCheck.compareCut(threeBars, ok(four, script), 3, four))
                .isEqualTo(new CutResult(Instant.ofEpochMilli(at(3)), 3, 3, Difference.decision(at(3), "(none)",
                        "SELL 1.0 (s)"), null));
        // the full run decided before the cut where the cut run did not (its log ends early)
        BiasCheck.Run early = new BiasCheck.Run(four, run(frame(3, Map.of()), script), null, null);
        assertThat(BiasCheck.compareCut(full, early, 4, whole)).isEqualTo(new CutResult(Instant.ofEpochMilli(at(4)),
                4, 3, Difference.decision(at(3), "SELL 1.0 (s)", "(none)"), null));
        assertThat(BiasCheck.compareCut(full, early, 3, whole)).as("row 3 is the cut itself")
                .isEqualTo(new CutResult(Instant.ofEpochMilli(at(3)), 3, 3, null, null));
        // logs of the same length: nothing more to compare; a full log of exactly its capacity (16 rows) ends there
        assertThat(BiasCheck.compareCut(ok(four, script), ok(four, script), 3, whole))
                .isEqualTo(new CutResult(Instant.ofEpochMilli(at(3)), 3, 4, null, null));
        FeatureFrame sixteen = frame(16, Map.of());
        FeatureFrame seventeen = frame(17, Map.of());
        assertThat(BiasCheck.compareCut(ok(sixteen, script), ok(seventeen, script), 16, seventeen))
                .isEqualTo(new CutResult(Instant.ofEpochMilli(at(16)), 16, 16, Difference.decision(at(16), "(none)",
                        "HOLD"), null));
        // a feature difference before the cut is the finding, even when decisions differ too; after it, nothing
        FeatureFrame other = frame(4, cols("x", new double[] {1, 2, 3, 4}));
        FeatureFrame base = frame(6, cols("x", new double[] {1, 2, 9, 4, 5, 6}));
        BiasCheck.Run fullX = ok(base, script);
        CutResult feature = BiasCheck.compareCut(fullX, ok(other, Map.of()), 4, base);
        assertThat(feature).isEqualTo(new CutResult(Instant.ofEpochMilli(at(4)), 4, 1,
                Difference.feature(at(2), "x", 9, 3), null));
        assertThat(BiasCheck.compareCut(fullX, ok(other, script), 2, base).clean()).isTrue();
        // failures: the cut's first, else the full run's
        BiasCheck.Run failed = new BiasCheck.Run(four, null, "look-ahead: cut", null);
        BiasCheck.Run fullFailed = new BiasCheck.Run(whole, null, "look-ahead: full", null);
        assertThat(BiasCheck.compareCut(full, failed, 4, whole))
                .isEqualTo(new CutResult(Instant.ofEpochMilli(at(4)), 4, 0, null, "look-ahead: cut"));
        assertThat(BiasCheck.compareCut(fullFailed, ok(four, script), 4, whole).failure()).isEqualTo("look-ahead: full");
        assertThat(BiasCheck.compareCut(fullFailed, failed, 5, whole))
                .isEqualTo(new CutResult(Instant.ofEpochMilli(at(5)), 5, 0, null, "look-ahead: cut"));
    }

    @Test
    void a_warmup_variant_is_compared_to_a_tolerance_and_counts_differing_decisions() {
        Map<Integer, Decision> script = Map.of(1, Decision.buy(1, "b"), 3, Decision.sell(1, "s"));
        FeatureFrame base = frame(5, cols("x", new double[] {1, 2, 3, 4, 5}));
        BiasCheck.Run full = ok(base, script);
        assertThat(BiasCheck.compareWarmup(full, ok(frame(5, cols("x", new double[] {1, 2, 3, 4, 5 + 5e-12})),
                script), 2.0, 40, true)).isEqualTo(new WarmupResult(2.0, 40, true, null, null, null, 0, null));
        // differing at rows 0-1, agreeing from row 2; decisions: the BUY missing, the SELL at another size, notes ignored
        FeatureFrame warming = frame(5, cols("x", new double[] {NAN, 2.5, 3, 4, 5}));
        WarmupResult w = BiasCheck.compareWarmup(full, ok(warming, Map.of(1, Decision.hold("n"),
                3, Decision.sell(0.5, "s"), 4, Decision.hold("note only"))), 0.5, 20, false);
        assertThat(w).isEqualTo(new WarmupResult(0.5, 20, false, Difference.feature(at(0), "x", 1, NAN),
                Instant.ofEpochMilli(at(2)), Difference.decision(at(1), "BUY 1.0 (b)", "HOLD (n)"), 2, null));
        assertThat(w.clean()).isFalse();
        // differing up to the last bar: never agreeing again; a shorter decision log counts the missing decisions
        FeatureFrame toEnd = frame(5, cols("x", new double[] {1, 2, 3, 4, 6}));
        WarmupResult end = BiasCheck.compareWarmup(full, new BiasCheck.Run(toEnd, run(frame(3, Map.of()), script),
                null, null), 0.25, 10, false);
        assertThat(end).isEqualTo(new WarmupResult(0.25, 10, false, Difference.feature(at(4), "x", 5, 6), null, null,
                2, null));
        // no decisions asked (an llm strategy): -1
        assertThat(BiasCheck.compareWarmup(full, new BiasCheck.Run(warming, null, null, null), 0, 0, false))
                .isEqualTo(new WarmupResult(0, 0, false, Difference.feature(at(0), "x", 1, NAN),
                        Instant.ofEpochMilli(at(2)), null, -1, null));
        assertThat(BiasCheck.compareWarmup(full, new BiasCheck.Run(base, null, null, null), 0, 0, false))
                .isEqualTo(new WarmupResult(0, 0, false, null, null, null, -1, null));
        // a failed variant
        assertThat(BiasCheck.compareWarmup(full, new BiasCheck.Run(base, null, "no bars before x", null), 2.0, 7, true))
                .isEqualTo(new WarmupResult(2.0, 7, true, null, null, null, 0, "no bars before x"));
    }

    @Test
    void a_run_broke_otherwise_unless_it_read_ahead() {
        FeatureFrame f = frame(2, Map.of());
        assertThat(new BiasCheck.Run(f, null, null, null).brokeOtherwise()).isFalse();
        assertThat(new BiasCheck.Run(f, null, "x", new backtest.LookAheadException("close", 2, 1)).brokeOtherwise())
                .isFalse();
        assertThat(new BiasCheck.Run(f, null, "x", new backtest.plugin.StrategyFailure("p", "at bar", "looked ahead",
                new backtest.LookAheadException("close", 2, 1))).brokeOtherwise()).isFalse();
        assertThat(new BiasCheck.Run(f, null, "x", new backtest.plugin.StrategyFailure("p", "at bar", "failed",
                new IllegalStateException("boom"))).brokeOtherwise()).isTrue();
    }

    private static double[][] copy(double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i].clone();
        }
        return out;
    }

    private static double[][] copyOf(double[][] rows, int n) {
        return List.of(copy(rows)).subList(0, n).toArray(double[][]::new);
    }
}
