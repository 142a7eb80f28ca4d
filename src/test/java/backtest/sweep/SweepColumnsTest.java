package backtest.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import features.Bars;
import features.Interval;
import features.indicators.IndicatorEngine;
import features.indicators.IndicatorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A sweep's shared columns are, bit for bit, each combination's own indicators computed from its own warm-up start
 * (what a standalone run computes), while EMA columns are computed once per period when the starts allow it.
 */
class SweepColumnsTest {
    private static Bars walk(long seed, int n, int flatFrom) {
        Bars b = new Bars(Interval.M1, n);
        SplittableRandom r = new SplittableRandom(seed);
        double p = 40_000;
        for (int i = 0; i < n; i++) {
            p = i < flatFrom ? p * (1 + (r.nextDouble() - 0.5) * 0.004) : p;
            b.add(1_704_067_200_000L + i * 60_000L, p, p * 1.001, p * 0.999, p, 1 + r.nextDouble(), p, 1, 0.5, p / 2,
                    (byte) 0);
        }
        return b;
    }

    private record Combo(IndicatorSpec spec, int from) {
    }

    private static IndicatorSpec spec(int fast, int slow) {
        return IndicatorSpec.parse("ema,rsi,cmf").withPeriods(Map.of("ema_fast", fast, "ema_slow", slow));
    }

    /** Plans every combination, then asks for each one's columns in turn (one worker) and checks them. */
    private static SweepColumns checkAll(Bars bars, int rangeFrom, List<Combo> combos) {
        SweepColumns columns = new SweepColumns(bars, rangeFrom);
        List<SweepColumns.Plan> plans = new ArrayList<>();
        for (Combo c : combos) {
            plans.add(columns.plan(c.spec(), c.from()));
        }
        SweepColumns.Scratch scratch = new SweepColumns.Scratch();
        for (int k = 0; k < combos.size(); k++) {
            Combo c = combos.get(k);
            Map<String, double[]> got = columns.columns(plans.get(k), c.spec(), scratch);
            Map<String, double[]> own = new LinkedHashMap<>();
            IndicatorEngine.compute(bars, c.from(), c.spec()).forEach((name, v) ->
                    own.put(name, java.util.Arrays.copyOfRange(v, rangeFrom - c.from(), v.length)));
            assertThat(got.keySet()).containsExactlyElementsOf(own.keySet());
            own.forEach((name, v) -> assertThat(got.get(name)).as("%s of %s from %d", name, c.spec().periods(),
                    c.from()).isEqualTo(v)); // double[] equality: bit for bit, NaN included
            columns.release(plans.get(k));
        }
        return columns;
    }

    @Test
    void combinations_starting_at_their_own_warm_ups_share_one_ema_column_per_period() {
        Bars bars = walk(1, 30_000, Integer.MAX_VALUE);
        int rangeFrom = 20_000;
        List<Combo> combos = new ArrayList<>();
        for (int fast : new int[] {3, 9, 21}) {
            for (int slow : new int[] {30, 60, 120}) {
                IndicatorSpec s = spec(fast, slow);
                // as SweepRunner: the warm-up with FeatureEngine's margin before the range
                combos.add(new Combo(s, rangeFrom - (int) Math.ceil(s.warmupBars() * 1.25) - 1));
            }
        }
        assertThat(combos.stream().map(Combo::from).distinct()).as("three different starts").hasSize(3);
        SweepColumns columns = checkAll(bars, rangeFrom, combos);
        assertThat(columns.emaComputations()).as("6 periods, 6 columns (not 18)").isEqualTo(6);
    }

    @Test
    void a_warm_up_reaching_into_the_range_shows_nan_there_from_the_workers_buffer() {
        Bars bars = walk(2, 12_000, Integer.MAX_VALUE);
        List<Combo> combos = new ArrayList<>();
        for (int fast : new int[] {2, 5}) {
            for (int slow : new int[] {50, 200}) {
                combos.add(new Combo(spec(fast, slow), 0)); // history starts with the range: every start is 0
            }
        }
        SweepColumns columns = checkAll(bars, 0, combos);
        assertThat(columns.emaComputations()).isEqualTo(4);
    }

    @Test
    void a_start_that_has_not_met_the_shared_column_in_time_gets_its_own() {
        // prices go flat at bar 600: an EMA that started earlier creeps towards the flat price and may stay an ulp
        // off it, while one seeded inside the flat part is that price at once - the two need not meet
        Bars bars = walk(3, 3_000, 600);
        int rangeFrom = 1_000;
        IndicatorSpec early = spec(30, 100);
        IndicatorSpec late = spec(10, 30);
        int lateFrom = 950;
        double[] shared = IndicatorEngine.emaUnmasked(bars, 0, 30);
        int needed = Math.max(rangeFrom, lateFrom + late.warmupBars(features.indicators.IndicatorKind.EMA));
        assertThat(IndicatorEngine.emaMergeIndex(bars, lateFrom, 30, shared, 0, needed + 1))
                .as("precondition: EMA(30) from bar 950 has not met the one from bar 0 by bar " + needed).isEqualTo(-1);
        SweepColumns columns = checkAll(bars, rangeFrom, List.of(new Combo(early, 0), new Combo(late, lateFrom)));
        assertThat(columns.emaComputations()).as("periods 10, 30, 100 shared, plus the late start's own 30")
                .isEqualTo(4);
    }
}
