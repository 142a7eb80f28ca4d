package features;

import static features.TestBars.MINUTE;
import static features.TestBars.ms;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import storage.MinuteGaps.Gap;

class GapFillerTest {
    private static final long T0 = ms("2024-03-01T00:00:00Z");
    /** 20 minutes from T0 with minutes 7..9 missing. */
    private static final Bars HOLED = TestBars.without(TestBars.minutes(T0, 20), T0 + 7 * MINUTE, T0 + 10 * MINUTE);

    @Test
    void ffill_turns_each_missing_minute_into_a_flat_filled_bar_at_the_previous_close() {
        BarsWithGaps r = GapFiller.apply(HOLED, T0, T0 + 20 * MINUTE, GapPolicy.FFILL);

        Bars b = r.bars();
        assertThat(b.size()).isEqualTo(20);
        double previousClose = 100 + 6 + 0.5;
        for (int i = 7; i < 10; i++) {
            assertThat(b.openTime[i]).isEqualTo(T0 + i * MINUTE);
            assertThat(new double[] {b.open[i], b.high[i], b.low[i], b.close[i]}).containsOnly(previousClose);
            assertThat(new double[] {b.volume[i], b.quoteVolume[i], b.takerBase[i], b.takerQuote[i]}).containsOnly(0.0);
            assertThat(b.trades[i]).isZero();
            assertThat(b.filled(i)).isTrue();
            assertThat(b.noRealMinute(i)).isTrue();
        }
        assertThat(b.filled(6)).isFalse();
        assertThat(b.noRealMinute(6)).isFalse();
        assertThat(b.filled(10)).isFalse();
        assertThat(r.gaps()).containsExactly(new Gap(T0 + 7 * MINUTE, T0 + 10 * MINUTE));
        assertThat(r.missingMinutes()).isEqualTo(3);
    }

    @Test
    void drop_and_none_leave_missing_minutes_out_and_report_them() {
        for (GapPolicy policy : List.of(GapPolicy.DROP, GapPolicy.NONE)) {
            BarsWithGaps r = GapFiller.apply(HOLED, T0, T0 + 20 * MINUTE, policy);
            assertThat(r.bars().size()).as(policy.name()).isEqualTo(17);
            assertThat(r.bars().openTime[7]).as(policy.name()).isEqualTo(T0 + 10 * MINUTE);
            assertThat(r.gaps()).as(policy.name()).containsExactly(new Gap(T0 + 7 * MINUTE, T0 + 10 * MINUTE));
        }
    }

    @Test
    void minutes_before_the_first_or_after_the_last_real_bar_are_never_filled_and_are_reported() {
        BarsWithGaps r = GapFiller.apply(HOLED, T0 - 5 * MINUTE, T0 + 22 * MINUTE, GapPolicy.FFILL);

        assertThat(r.bars().openTime[0]).isEqualTo(T0);
        assertThat(r.bars().size()).isEqualTo(20); // 17 real + 3 inside; none invented after the last real bar
        assertThat(r.bars().filled(19)).isFalse();
        assertThat(r.bars().openTime[19]).isEqualTo(T0 + 19 * MINUTE);
        assertThat(r.gaps()).containsExactly(new Gap(T0 - 5 * MINUTE, T0), new Gap(T0 + 7 * MINUTE, T0 + 10 * MINUTE),
                new Gap(T0 + 20 * MINUTE, T0 + 22 * MINUTE));
        assertThat(r.missingMinutes()).isEqualTo(10);
    }

    @Test
    void keeps_only_the_window_and_fills_from_the_first_real_bar_inside_it() {
        BarsWithGaps r = GapFiller.apply(HOLED, T0 + 8 * MINUTE, T0 + 12 * MINUTE, GapPolicy.FFILL);

        assertThat(r.bars().size()).isEqualTo(2);
        assertThat(r.bars().openTime[0]).isEqualTo(T0 + 10 * MINUTE);
        assertThat(r.gaps()).containsExactly(new Gap(T0 + 8 * MINUTE, T0 + 10 * MINUTE));
    }

    @Test
    void filled_minutes_make_the_aggregated_bucket_filled_and_complete_while_drop_leaves_it_incomplete() {
        Bars filled = GapFiller.apply(HOLED, T0, T0 + 20 * MINUTE, GapPolicy.FFILL).bars();
        Bars dropped = GapFiller.apply(HOLED, T0, T0 + 20 * MINUTE, GapPolicy.DROP).bars();

        Bars fiveFilled = Aggregator.aggregate(filled, Interval.M5, false);
        assertThat(fiveFilled.size()).isEqualTo(4);
        assertThat(fiveFilled.filled(1)).isTrue();
        assertThat(fiveFilled.incomplete(1)).isFalse();
        assertThat(fiveFilled.volume[1]).isEqualTo(2.0);
        assertThat(fiveFilled.close[1]).isEqualTo(106.5);
        assertThat(fiveFilled.filled(0) || fiveFilled.filled(2) || fiveFilled.filled(3)).isFalse();

        Bars fiveDropped = Aggregator.aggregate(dropped, Interval.M5, true);
        assertThat(fiveDropped.incomplete(1)).isTrue();
        assertThat(fiveDropped.filled(1)).isFalse();
        assertThat(Aggregator.aggregate(dropped, Interval.M5, false).size()).isEqualTo(3);
    }

    @Test
    void a_complete_series_has_no_gaps_under_any_policy() {
        Bars full = TestBars.minutes(T0, 30);
        for (GapPolicy policy : GapPolicy.values()) {
            BarsWithGaps r = GapFiller.apply(full, T0, T0 + 30 * MINUTE, policy);
            assertThat(r.gaps()).isEmpty();
            assertThat(r.bars().size()).isEqualTo(30);
        }
    }

    @Test
    void a_bucket_is_without_a_real_minute_only_when_every_minute_of_it_is_filled() {
        // 60 minutes, 5..9 and 15..29 missing: 5m buckets [5,10) and [15,20) [20,25) [25,30) are all filled
        Bars holed = TestBars.without(TestBars.without(TestBars.minutes(T0, 60), T0 + 5 * MINUTE, T0 + 10 * MINUTE),
                T0 + 15 * MINUTE, T0 + 30 * MINUTE);
        Bars m5 = Aggregator.aggregate(GapFiller.apply(holed, T0, T0 + 60 * MINUTE, GapPolicy.FFILL).bars(),
                Interval.M5, false);
        Bars m15 = Aggregator.aggregate(GapFiller.apply(holed, T0, T0 + 60 * MINUTE, GapPolicy.FFILL).bars(),
                Interval.M15, false);

        assertThat(m5.size()).isEqualTo(12);
        boolean[] none = new boolean[12];
        boolean[] filled = new boolean[12];
        for (int i = 0; i < 12; i++) {
            none[i] = m5.noRealMinute(i);
            filled[i] = m5.filled(i);
        }
        assertThat(none).containsExactly(false, true, false, true, true, true, false, false, false, false, false, false);
        assertThat(filled).containsExactly(false, true, false, true, true, true, false, false, false, false, false, false);
        // 15m: [0,15) holds real minutes 0..4 and 10..14 -> filled but real; [15,30) only filled minutes
        assertThat(m15.filled(0)).isTrue();
        assertThat(m15.noRealMinute(0)).isFalse();
        assertThat(m15.noRealMinute(1)).isTrue();
        assertThat(m15.noRealMinute(2)).isFalse();
    }
}
