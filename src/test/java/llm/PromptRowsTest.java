package llm;

import static org.assertj.core.api.Assertions.assertThat;

import backtest.BacktestEngine;
import backtest.Decision;
import backtest.DecisionContext;
import backtest.LookAheadException;
import backtest.Strategy;
import backtest.config.BacktestConfig;
import features.Bars;
import features.FeatureFrame;
import features.FeatureSpec;
import features.GapPolicy;
import features.Interval;
import features.indicators.IndicatorSpec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PromptRows} (the feature rows of a prompt read in place, each interval's line formatted once a run) gives
 * exactly the text of the former path - {@code PromptBuilder.features(perInterval(ctx.window(window * stride)))} - and
 * the same features_window (first and last interval start, rows), at every bar of engine runs over random frames:
 * gaps in the bars (so windows start inside an interval and intervals hold fewer bars), warm-up NaNs, negative zero
 * and tiny/huge values, strides 1-6, windows 1-30, decisions at every bar and every stride.
 */
class PromptRowsTest {
    private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    @Test
    void rows_text_is_the_former_paths_at_every_decision() {
        Random r = new Random(11);
        Interval[] intervals = {Interval.M1, Interval.M5, Interval.M15, Interval.H1};
        long compared = 0;
        long reused = 0;
        for (int run = 0; run < 120; run++) {
            Interval iv = intervals[r.nextInt(intervals.length)];
            int stride = 1 + r.nextInt(6);
            int window = 1 + r.nextInt(30);
            boolean everyBar = r.nextBoolean();
            FeatureFrame frame = frame(r, iv, 50 + r.nextInt(400), r.nextInt(4), r.nextDouble() * 0.3);
            long end = frame.bars().openTime[frame.size() - 1] + iv.millis();
            String every = everyBar ? iv.code() : (iv.millis() * stride / 60_000) + "m";
            BacktestConfig cfg = BacktestConfig.parse("""
                    symbol: BTCUSDT
                    start: %s
                    end: %s
                    interval: %s
                    initial_cash: 10000
                    strategy: {type: ema-cross, decision_every: %s}
                    """.formatted(Instant.ofEpochMilli(T0), Instant.ofEpochMilli(end), iv.code(), every));
            PromptRows rows = new PromptRows(window, stride);
            long[] counts = new long[2];
            BacktestEngine.run(cfg, frame, new Strategy() {
                @Override
                public void begin(DecisionContext ctx) {
                    rows.begin(ctx);
                }

                @Override
                public Decision decide(DecisionContext ctx) {
                    int need = window * stride;
                    assertThat(rows.covers()).isEqualTo(ctx.index() + 1 >= need);
                    if (rows.covers()) {
                        FeatureFrame want = LlmStrategy.perInterval(ctx.window(need), stride, window);
                        String got = rows.text().toString();
                        assertThat(got).as("bar %d", ctx.index()).isEqualTo(PromptBuilder.features(want));
                        assertThat(new long[] {rows.fromTs, rows.toTs, rows.rows}).isEqualTo(new long[] {
                                want.bars().openTime[0], want.bars().openTime[want.size() - 1], want.size()});
                        counts[0]++;
                        counts[1] += want.size() - 1;
                    }
                    return Decision.HOLD;
                }

                @Override
                public String name() {
                    return "rows-check";
                }
            });
            compared += counts[0];
            reused += counts[1];
        }
        assertThat(compared).isGreaterThan(10_000);
        assertThat(reused).isGreaterThan(compared); // windows of several rows: lines were reused, not only made
    }

    @Test
    void a_run_after_another_on_a_different_frame_does_not_reuse_its_lines() {
        Random r = new Random(3);
        PromptRows rows = new PromptRows(4, 2);
        String[] first = new String[2];
        for (int run = 0; run < 2; run++) {
            FeatureFrame frame = frame(r, Interval.M15, 60, 0, 0);
            int k = run;
            BacktestConfig cfg = BacktestConfig.parse("""
                    symbol: BTCUSDT
                    start: %s
                    end: %s
                    interval: 15m
                    initial_cash: 10000
                    strategy: {type: ema-cross, decision_every: 30m}
                    """.formatted(Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 60 * 900_000L)));
            BacktestEngine.run(cfg, frame, new Strategy() {
                @Override
                public void begin(DecisionContext ctx) {
                    rows.begin(ctx);
                }

                @Override
                public Decision decide(DecisionContext ctx) {
                    if (rows.covers()) {
                        String got = rows.text().toString();
                        assertThat(got).isEqualTo(PromptBuilder.features(
                                LlmStrategy.perInterval(ctx.window(8), 2, 4)));
                        first[k] = first[k] == null ? got : first[k];
                    }
                    return Decision.HOLD;
                }

                @Override
                public String name() {
                    return "rows-check";
                }
            });
        }
        assertThat(first[0]).isNotEqualTo(first[1]); // same bar indexes, other values
    }

    @Test
    void rows_are_read_through_the_context_so_a_later_row_throws() {
        FeatureFrame frame = frame(new Random(1), Interval.M1, 30, 0, 0);
        BacktestConfig cfg = BacktestConfig.parse("""
                symbol: BTCUSDT
                start: %s
                end: %s
                interval: 1m
                initial_cash: 10000
                strategy: {type: ema-cross}
                """.formatted(Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 30 * 60_000L)));
        PromptRows rows = new PromptRows(5, 1);
        int[] seen = new int[1];
        BacktestEngine.run(cfg, frame, new Strategy() {
            @Override
            public void begin(DecisionContext ctx) {
                rows.begin(ctx);
            }

            @Override
            public Decision decide(DecisionContext ctx) {
                if (rows.covers()) {
                    rows.text();
                    seen[0]++;
                }
                assertThat(ctx.columns()).containsExactly("ema_fast");
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> ctx.series("close").get(ctx.index() + 1))
                        .isInstanceOf(LookAheadException.class);
                return Decision.HOLD;
            }

            @Override
            public String name() {
                return "rows-check";
            }
        });
        assertThat(seen[0]).isEqualTo(26);
    }

    /**
     * {@code n} bars of {@code iv} from T0 (each left out with probability {@code gaps}), random OHLCV, and
     * {@code columns} + 1 indicator columns with NaN warm-ups; odd values now and then.
     */
    static FeatureFrame frame(Random r, Interval iv, int n, int columns, double gaps) {
        Bars b = new Bars(iv, n);
        double p = 40_000;
        for (int i = 0; i < n; i++) {
            p *= 1 + r.nextGaussian() * 0.003;
            if (i > 0 && r.nextDouble() < gaps) {
                continue;
            }
            double o = odd(r, p);
            double c = odd(r, p * (1 + r.nextGaussian() * 0.002));
            double h = Math.max(o, c) * (1 + r.nextDouble() * 0.001);
            double l = Math.min(o, c) * (1 - r.nextDouble() * 0.001);
            double v = r.nextInt(20) == 0 ? -0.0 : r.nextInt(20) == 0 ? 1e-9 * r.nextDouble() : r.nextDouble() * 50;
            b.add(T0 + i * iv.millis(), o, h, l, c, v, v * p, r.nextInt(100), v / 2, v * p / 2,
                    (byte) (gaps > 0 && r.nextInt(10) == 0 ? Bars.FILLED : 0));
        }
        Map<String, double[]> cols = new LinkedHashMap<>();
        for (int k = 0; k <= columns; k++) {
            double[] v = new double[b.size()];
            int warm = r.nextInt(Math.max(1, b.size() / 3));
            for (int i = 0; i < v.length; i++) {
                v[i] = i < warm ? Double.NaN : odd(r, r.nextGaussian() * 100);
            }
            cols.put(k == 0 ? "ema_fast" : "col_" + k, v);
        }
        return new FeatureFrame(new FeatureSpec(iv, IndicatorSpec.parse("ema"), GapPolicy.FFILL), b, cols);
    }

    private static double odd(Random r, double v) {
        return switch (r.nextInt(40)) {
            case 0 -> v * 1e-12;
            case 1 -> v * 1e12;
            case 2 -> Math.rint(v);
            default -> v;
        };
    }
}
