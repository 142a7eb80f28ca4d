package features.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import features.Bars;
import features.Interval;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The edges of the EMA sharing API the sweep uses ({@link IndicatorEngine#emaUnmasked},
 * {@link IndicatorEngine#emaMergeIndex}): the ends of the accepted ranges, a limit that cuts a long search inside its
 * last block, and a meeting exactly at the seed; and the names of the indicator kinds.
 */
class IndicatorEdgesTest {
    private static Bars walk(int n) {
        Bars b = new Bars(Interval.M1, n);
        SplittableRandom r = new SplittableRandom(9);
        double p = 100;
        for (int i = 0; i < n; i++) {
            p *= 1 + (r.nextDouble() - 0.5) * 0.01;
            b.add(i * 60_000L, p, p, p, p, 1, p, 1, 0.5, p / 2, (byte) 0);
        }
        return b;
    }

    @Test
    void unmasked_ema_accepts_every_start_from_0_to_the_size() {
        Bars bars = walk(50);
        assertThat(IndicatorEngine.emaUnmasked(bars, 0, 5)).hasSize(50);
        assertThat(IndicatorEngine.emaUnmasked(bars, 50, 5)).isEmpty();
        assertThatThrownBy(() -> IndicatorEngine.emaUnmasked(bars, -1, 5))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("from -1 outside 0..50");
        assertThatThrownBy(() -> IndicatorEngine.emaUnmasked(bars, 51, 5))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> IndicatorEngine.compute(bars, 51, IndicatorSpec.parse("ema")))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("from 51 outside 0..50");
        assertThatThrownBy(() -> IndicatorEngine.compute(bars, -1, IndicatorSpec.parse("ema")))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(IndicatorEngine.compute(bars, 50, IndicatorSpec.parse("ema")).get("ema_fast")).isEmpty();
    }

    @Test
    void the_merge_index_accepts_equal_starts_and_a_start_at_the_end_and_an_empty_search_finds_nothing() {
        Bars bars = walk(50);
        double[] early = IndicatorEngine.emaUnmasked(bars, 10, 5);
        assertThat(IndicatorEngine.emaMergeIndex(bars, 10, 5, early, 10, 50)).isEqualTo(15); // at the seed
        assertThat(IndicatorEngine.emaMergeIndex(bars, 50, 5, early, 10, 50)).isEqualTo(-1);
        assertThat(IndicatorEngine.emaMergeIndex(bars, 20, 5, early, 10, 20)).isEqualTo(-1); // limit == from
        assertThat(IndicatorEngine.emaMergeIndex(bars, 20, 5, early, 10, 10)).isEqualTo(-1); // limit before from
        assertThatThrownBy(() -> IndicatorEngine.emaMergeIndex(bars, 51, 5, early, 10, 60))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("need 0 <= earlierFrom <= from <= size, got 10, 51, 50");
    }

    @Test
    void the_merge_index_is_the_first_equal_value_from_the_seed_on_and_never_at_or_past_the_limit() {
        Bars bars = walk(10_000);
        double[] ours = IndicatorEngine.emaUnmasked(bars, 0, 5);
        // a column equal to ours only at index 6000, NaN elsewhere: found when the search reaches it
        double[] other = new double[10_000];
        Arrays.fill(other, Double.NaN);
        other[6_000] = ours[6_000];
        assertThat(IndicatorEngine.emaMergeIndex(bars, 0, 5, other, 0, 10_000)).isEqualTo(6_000);
        assertThat(IndicatorEngine.emaMergeIndex(bars, 0, 5, other, 0, 6_001)).isEqualTo(6_000);
        assertThat(IndicatorEngine.emaMergeIndex(bars, 0, 5, other, 0, 6_000)).as("limit").isEqualTo(-1);
        assertThat(IndicatorEngine.emaMergeIndex(bars, 0, 5, other, 0, 5_000)).as("limit").isEqualTo(-1);
        // equal only at the seed (index from + n): found there
        double[] seedOnly = new double[10_000];
        Arrays.fill(seedOnly, Double.NaN);
        seedOnly[5] = ours[5];
        seedOnly[4] = 0; // before the seed ours is NaN: never compared
        assertThat(IndicatorEngine.emaMergeIndex(bars, 0, 5, seedOnly, 0, 10_000)).isEqualTo(5);
    }

    @Test
    void indicator_kinds_are_named_by_their_codes() {
        assertThat(IndicatorKind.parse(" MACD ").code()).isEqualTo("macd");
        assertThat(IndicatorKind.ATR).hasToString("atr");
        assertThatThrownBy(() -> IndicatorKind.parse(" vwap ")).hasMessage(
                "unknown indicator 'vwap' (one of ema, rsi, cmf, macd, atr)");
    }
}
