package features;

import static features.TestBars.MINUTE;
import static features.TestBars.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import support.Fixtures;

class AggregatorTest {
    private static final double RELATIVE = 1e-9;
    private static final Bars REAL_DAY = TestBars.fromCsv(Fixtures.realCsv("1m"), Interval.M1);

    @ParameterizedTest
    @ValueSource(strings = {"3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "12h", "1d"})
    void reproduces_binance_own_aggregation_of_the_real_day(String code) {
        Interval interval = Interval.parse(code);
        Bars binance = TestBars.fromCsv(Fixtures.realCsv(code), interval);
        Bars ours = Aggregator.aggregate(REAL_DAY, interval, false);

        assertThat(ours.size()).isEqualTo(binance.size()).isEqualTo(1440 / interval.minutes());
        for (int i = 0; i < ours.size(); i++) {
            String bar = code + " bar " + i;
            assertThat(ours.openTime[i]).as(bar).isEqualTo(binance.openTime[i]);
            assertThat(ours.open[i]).as(bar).isEqualTo(binance.open[i]);
            assertThat(ours.high[i]).as(bar).isEqualTo(binance.high[i]);
            assertThat(ours.low[i]).as(bar).isEqualTo(binance.low[i]);
            assertThat(ours.close[i]).as(bar).isEqualTo(binance.close[i]);
            assertThat(ours.trades[i]).as(bar).isEqualTo(binance.trades[i]);
            assertRelative(ours.volume[i], binance.volume[i], bar + " volume");
            assertRelative(ours.quoteVolume[i], binance.quoteVolume[i], bar + " quote volume");
            assertRelative(ours.takerBase[i], binance.takerBase[i], bar + " taker base");
            assertRelative(ours.takerQuote[i], binance.takerQuote[i], bar + " taker quote");
            assertThat(ours.flags[i]).as(bar).isZero();
        }
    }

    @Test
    void eight_hour_buckets_start_at_00_08_16_utc_and_combine_binance_4h_pairs() {
        Bars four = TestBars.fromCsv(Fixtures.realCsv("4h"), Interval.H4);
        Bars eight = Aggregator.aggregate(REAL_DAY, Interval.H8, false);

        assertThat(eight.size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            int a = 2 * i;
            int b = a + 1;
            assertThat(eight.openTime[i]).isEqualTo(ms("2023-01-21T00:00:00Z") + i * 8 * 3_600_000L).isEqualTo(four.openTime[a]);
            assertThat(eight.open[i]).isEqualTo(four.open[a]);
            assertThat(eight.high[i]).isEqualTo(Math.max(four.high[a], four.high[b]));
            assertThat(eight.low[i]).isEqualTo(Math.min(four.low[a], four.low[b]));
            assertThat(eight.close[i]).isEqualTo(four.close[b]);
            assertThat(eight.trades[i]).isEqualTo(four.trades[a] + four.trades[b]);
            assertRelative(eight.volume[i], four.volume[a] + four.volume[b], "8h volume " + i);
        }
    }

    @Test
    void weeks_start_monday_utc_span_months_and_partial_weeks_at_the_edges_are_incomplete() {
        // Thursday 2024-01-25 .. Wednesday 2024-02-14: weeks of Mon 01-22 (partial), 01-29 (Jan/Feb), 02-05, 02-12 (partial)
        long start = ms("2024-01-25T00:00:00Z");
        Bars minutes = TestBars.minutes(start, 20 * 1440);

        Bars complete = Aggregator.aggregate(minutes, Interval.W1, false);
        assertThat(complete.size()).isEqualTo(2);
        assertThat(complete.openTime[0]).isEqualTo(ms("2024-01-29T00:00:00Z"));
        assertThat(complete.openTime[1]).isEqualTo(ms("2024-02-05T00:00:00Z"));
        int firstMinute = 4 * 1440; // Monday 01-29 00:00 is the 5th day of the series
        assertThat(complete.open[0]).isEqualTo(100 + firstMinute);
        assertThat(complete.close[0]).isEqualTo(100 + firstMinute + 10079 + 0.5);
        assertThat(complete.high[0]).isEqualTo(100 + firstMinute + 10079 + 2);
        assertThat(complete.low[0]).isEqualTo(100 + firstMinute - 1);
        assertThat(complete.volume[0]).isEqualTo(10080.0);
        assertThat(complete.trades[0]).isEqualTo(2 * 10080L);
        assertThat(complete.flags[0]).isZero();

        Bars all = Aggregator.aggregate(minutes, Interval.W1, true);
        assertThat(all.size()).isEqualTo(4);
        assertThat(all.openTime[0]).isEqualTo(ms("2024-01-22T00:00:00Z")).isLessThan(start);
        assertThat(all.incomplete(0)).isTrue();
        assertThat(all.trades[0]).isEqualTo(2 * 4 * 1440L);
        assertThat(all.incomplete(1)).isFalse();
        assertThat(all.incomplete(2)).isFalse();
        assertThat(all.openTime[3]).isEqualTo(ms("2024-02-12T00:00:00Z"));
        assertThat(all.incomplete(3)).isTrue();
    }

    @Test
    void a_bucket_missing_a_minute_is_incomplete_and_left_out_unless_kept() {
        long start = ms("2024-03-01T00:00:00Z");
        Bars holed = TestBars.without(TestBars.minutes(start, 60), start + 7 * MINUTE, start + 8 * MINUTE);

        Bars kept = Aggregator.aggregate(holed, Interval.M5, true);
        assertThat(kept.size()).isEqualTo(12);
        assertThat(kept.incomplete(1)).isTrue();
        assertThat(kept.volume[1]).isEqualTo(4.0);
        Bars dropped = Aggregator.aggregate(holed, Interval.M5, false);
        assertThat(dropped.size()).isEqualTo(11);
        assertThat(dropped.openTime[1]).isEqualTo(start + 10 * MINUTE);
    }

    @Test
    void a_bucket_holding_a_filled_minute_is_flagged_filled_and_the_others_are_not() {
        long start = ms("2024-03-01T00:00:00Z");
        Bars minutes = TestBars.minutes(start, 15);
        minutes.flags[6] = Bars.FILLED;

        Bars five = Aggregator.aggregate(minutes, Interval.M5, false);
        assertThat(five.size()).isEqualTo(3);
        assertThat(new boolean[] {five.filled(0), five.filled(1), five.filled(2)}).containsExactly(false, true, false);
        assertThat(five.incomplete(1)).isFalse();
    }

    @Test
    void one_minute_target_copies_the_bars() {
        Bars same = Aggregator.aggregate(REAL_DAY, Interval.M1, false);
        assertThat(same.size()).isEqualTo(1440);
        assertThat(same.close[1439]).isEqualTo(REAL_DAY.close[1439]);
    }

    @Test
    void rejects_minutes_out_of_order_or_off_the_minute() {
        Bars unordered = TestBars.minutes(ms("2024-03-01T00:00:00Z"), 3);
        unordered.openTime[2] = unordered.openTime[0];
        assertThatThrownBy(() -> Aggregator.aggregate(unordered, Interval.M3, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 2");
        Bars offMinute = TestBars.minutes(ms("2024-03-01T00:00:30Z"), 3);
        assertThatThrownBy(() -> Aggregator.aggregate(offMinute, Interval.M3, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRelative(double actual, double expected, String what) {
        assertThat(actual).as(what).isCloseTo(expected, within(Math.abs(expected) * RELATIVE));
    }
}
