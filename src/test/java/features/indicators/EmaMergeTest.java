package features.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import features.Bars;
import features.Interval;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link IndicatorEngine#emaUnmasked} and {@link IndicatorEngine#emaMergeIndex}: what the sweep's sharing rests on. */
class EmaMergeTest {
    private static Bars walk(int n) {
        Bars b = new Bars(Interval.M1, n);
        SplittableRandom r = new SplittableRandom(5);
        double p = 100;
        for (int i = 0; i < n; i++) {
            p *= 1 + (r.nextDouble() - 0.5) * 0.01;
            b.add(i * 60_000L, p, p, p, p, 1, p, 1, 0.5, p / 2, (byte) 0);
        }
        return b;
    }

    @Test
    void unmasked_is_computes_ema_column_before_its_warm_up_mask() {
        Bars bars = walk(3_000);
        IndicatorSpec spec = IndicatorSpec.parse("ema").withPeriods(java.util.Map.of("ema_fast", 7, "ema_slow", 40));
        int from = 500;
        var cols = IndicatorEngine.compute(bars, from, spec);
        int w = spec.warmupBars(IndicatorKind.EMA);
        double[] fast = IndicatorEngine.emaUnmasked(bars, from, 7);
        double[] slow = IndicatorEngine.emaUnmasked(bars, from, 40);
        assertThat(fast).hasSize(2_500);
        assertThat(Arrays.copyOfRange(fast, w, fast.length)).isEqualTo(Arrays.copyOfRange(cols.get("ema_fast"), w, 2_500));
        assertThat(Arrays.copyOfRange(slow, w, slow.length)).isEqualTo(Arrays.copyOfRange(cols.get("ema_slow"), w, 2_500));
        assertThat(fast[6]).isNaN();
        assertThat(fast[7]).isEqualTo(bars.close[from + 7]); // seeded with the input at index n
    }

    @Test
    void two_starts_meet_at_the_merge_index_and_stay_equal_after_it() {
        Bars bars = walk(5_000);
        for (int period : new int[] {2, 12, 90}) {
            double[] early = IndicatorEngine.emaUnmasked(bars, 100, period);
            int lateFrom = 1_000;
            double[] late = IndicatorEngine.emaUnmasked(bars, lateFrom, period);
            int m = IndicatorEngine.emaMergeIndex(bars, lateFrom, period, early, 100, bars.size());
            assertThat(m).as("EMA(%d) starts 900 bars apart meet", period).isGreaterThan(lateFrom + period);
            assertThat(late[m - 1 - lateFrom]).as("not before").isNotEqualTo(early[m - 1 - 100]);
            for (int i = m; i < bars.size(); i++) {
                assertThat(late[i - lateFrom]).as("bar %d", i).isEqualTo(early[i - 100]);
            }
            assertThat(IndicatorEngine.emaMergeIndex(bars, lateFrom, period, early, 100, m)).as("limit").isEqualTo(-1);
            assertThat(IndicatorEngine.emaMergeIndex(bars, 100, period, early, 100, bars.size()))
                    .as("the same start meets at its seed").isEqualTo(100 + period);
        }
        assertThatThrownBy(() -> IndicatorEngine.emaMergeIndex(bars, 10, 5, new double[0], 20, 100))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
