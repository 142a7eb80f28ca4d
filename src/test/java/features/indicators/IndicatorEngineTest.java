package features.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import features.Bars;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndicatorEngineTest {
    private static final Map<String, Integer> SMALL_PERIODS = Map.of("ema_fast", 5, "ema_slow", 9, "rsi", 3, "cmf",
            4, "macd_fast", 3, "macd_slow", 7, "macd_signal", 5, "atr", 2);
    private static Bars realDay;
    private static Bars tenDays;

    @BeforeAll
    static void bars(@TempDir Path dir) {
        realDay = TestBars.realDay();
        tenDays = TestBars.generatedMinutes(7, Instant.parse("2024-03-01T00:00:00Z"),
                Instant.parse("2024-03-11T00:00:00Z"), dir);
    }

    @Test
    void returns_the_enabled_columns_in_order_with_one_value_per_bar() {
        Map<String, double[]> out = IndicatorEngine.compute(realDay, IndicatorSpec.parse("atr,rsi,macd"));
        assertThat(out.keySet()).containsExactly("rsi", "macd", "macd_signal", "macd_hist", "atr");
        assertThat(out.values()).allSatisfy(v -> assertThat(v).hasSize(1440));
    }

    /**
     * The documented contract: after the warm-up a value is missing only where it is undefined - CMF over a window
     * without volume (every bar in it a forward-filled minute). A 60-minute hole filled under FFILL gives exactly
     * 60 - (cmf period - 1) such rows; every other column stays a number.
     */
    @Test
    void after_the_warm_up_only_cmf_over_a_window_without_volume_is_nan() {
        long t0 = realDay.openTime[0];
        Bars holed = TestBars.slice(realDay, 0, realDay.size());
        Bars kept = new Bars(features.Interval.M1, holed.size());
        for (int i = 0; i < holed.size(); i++) {
            if (i < 600 || i >= 660) {
                kept.add(holed.openTime[i], holed.open[i], holed.high[i], holed.low[i], holed.close[i], holed.volume[i],
                        holed.quoteVolume[i], holed.trades[i], holed.takerBase[i], holed.takerQuote[i], holed.flags[i]);
            }
        }
        Bars filled = features.GapFiller.apply(kept, t0, t0 + 1440 * 60_000L, features.GapPolicy.FFILL).bars();
        IndicatorSpec spec = IndicatorSpec.parse("ema,rsi,cmf,macd,atr");
        Map<String, double[]> out = IndicatorEngine.compute(filled, spec);
        int period = spec.periods().get("cmf");
        int undefined = 0;
        for (IndicatorKind kind : IndicatorKind.values()) {
            int warm = spec.warmupBars(kind);
            for (String col : kind.columns()) {
                double[] v = out.get(col);
                for (int i = warm; i < v.length; i++) {
                    double volume = 0;
                    for (int j = Math.max(0, i - period + 1); j <= i; j++) {
                        volume += filled.volume[j];
                    }
                    boolean expectNaN = col.equals("cmf") && volume == 0;
                    undefined += expectNaN ? 1 : 0;
                    assertThat(Double.isNaN(v[i])).as("%s row %d", col, i).isEqualTo(expectNaN);
                }
            }
        }
        assertThat(undefined).isEqualTo(60 - (period - 1));
    }

    @Test
    void rows_inside_the_warm_up_are_nan_and_rows_after_it_are_numbers() {
        for (IndicatorSpec spec : new IndicatorSpec[] {IndicatorSpec.defaults(),
                IndicatorSpec.defaults().withPeriods(SMALL_PERIODS)}) {
            Map<String, double[]> out = IndicatorEngine.compute(realDay, spec);
            for (IndicatorKind kind : IndicatorKind.values()) {
                int warm = spec.warmupBars(kind);
                for (String col : kind.columns()) {
                    double[] v = out.get(col);
                    for (int i = 0; i < v.length; i++) {
                        assertThat(Double.isNaN(v[i])).as("%s row %d (warm-up %d)", col, i, warm).isEqualTo(i < warm);
                    }
                }
            }
        }
    }

    @Test
    void a_range_computed_with_its_warm_up_history_matches_the_whole_history_from_its_first_row() {
        for (IndicatorSpec all : new IndicatorSpec[] {IndicatorSpec.defaults(),
                IndicatorSpec.defaults().withPeriods(SMALL_PERIODS)}) {
            Map<String, double[]> whole = IndicatorEngine.compute(tenDays, all);
            for (IndicatorKind kind : IndicatorKind.values()) {
                IndicatorSpec spec = new IndicatorSpec(EnumSet.of(kind), all.emaFast(), all.emaSlow(), all.rsi(),
                        all.cmf(), all.macdFast(), all.macdSlow(), all.macdSignal(), all.atr());
                int history = spec.warmupBars();
                for (int rangeStart : new int[] {history, history + 1, 1000, 4321, 9999, 14_000}) {
                    Bars withHistory = TestBars.slice(tenDays, rangeStart - history, tenDays.size());
                    Map<String, double[]> range = IndicatorEngine.compute(withHistory, spec);
                    for (String col : kind.columns()) {
                        assertThat(range.get(col)[history]).as("%s first row of the range", col).isNotNaN();
                        for (int i = rangeStart; i < tenDays.size(); i++) {
                            double a = range.get(col)[i - rangeStart + history];
                            double b = whole.get(col)[i];
                            assertThat(Tolerance.close(a, b, Tolerance.RELATIVE, Tolerance.scale(col, tenDays, i)))
                                    .as("%s row %d from a start at %d: %s vs %s", col, i, rangeStart - history, a, b)
                                    .isTrue();
                        }
                    }
                }
            }
        }
    }

    @Test
    void no_look_ahead_cutting_the_bars_after_row_t_leaves_rows_up_to_t_unchanged_bit_for_bit() {
        IndicatorSpec spec = IndicatorSpec.defaults();
        Map<String, double[]> whole = IndicatorEngine.compute(realDay, spec);
        for (int t : new int[] {0, 5, 18, 19, 385, 386, 509, 510, 777, 1438}) {
            Map<String, double[]> cut = IndicatorEngine.compute(TestBars.slice(realDay, 0, t + 1), spec);
            for (String col : spec.columns()) {
                assertThat(Arrays.equals(cut.get(col), Arrays.copyOf(whole.get(col), t + 1)))
                        .as("%s cut after %d", col, t).isTrue();
            }
        }
    }

    @Test
    void series_shorter_than_the_warm_up_are_all_nan() {
        Map<String, double[]> out = IndicatorEngine.compute(TestBars.slice(realDay, 0, 300), IndicatorSpec.parse("macd"));
        assertThat(out.get("macd")).hasSize(300).containsOnly(Double.NaN);
        assertThat(IndicatorEngine.compute(TestBars.slice(realDay, 0, 0), IndicatorSpec.defaults()).get("rsi")).isEmpty();
    }

    @Test
    void a_range_of_shared_bars_gives_the_values_of_a_copy_of_that_range() {
        IndicatorSpec spec = IndicatorSpec.defaults().withPeriods(SMALL_PERIODS);
        for (int from : new int[] {0, 1, 517, realDay.size()}) {
            Map<String, double[]> shared = IndicatorEngine.compute(realDay, from, spec);
            Map<String, double[]> copy = IndicatorEngine.compute(TestBars.slice(realDay, from, realDay.size()), spec);
            assertThat(shared.keySet()).containsExactlyElementsOf(copy.keySet());
            copy.forEach((k, v) -> assertThat(shared.get(k)).as("%s from %d", k, from).containsExactly(v));
        }
    }
}
