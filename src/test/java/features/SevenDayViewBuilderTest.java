package features;

import static features.TestBars.MINUTE;
import static features.TestBars.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SevenDayViewBuilderTest {
    private static final double TOLERANCE = 1e-12;
    /** Half a minute past 12:00: the 12:00 minute is not closed yet. */
    private static final Instant AS_OF = Instant.parse("2024-03-08T12:00:30Z");
    private static final long FROM = ms("2024-03-01T12:00:00Z");
    private static final long TO = ms("2024-03-08T12:00:00Z");

    @Test
    void reads_from_midnight_seven_days_back_to_the_last_closed_minute() {
        assertThat(SevenDayViewBuilder.readFrom(AS_OF)).isEqualTo(ms("2024-03-01T00:00:00Z"));
        assertThat(SevenDayViewBuilder.readTo(AS_OF)).isEqualTo(TO);
    }

    @Test
    void summary_numbers_worked_by_hand_on_four_minutes() {
        Bars b = new Bars(Interval.M1, 8);
        b.add(FROM - MINUTE, 1, 1000, 0.5, 1, 50, 0, 1, 0, 0, (byte) 0); // before the window: ignored
        b.add(FROM, 98, 101, 97, 100, 1.5, 0, 1, 0, 0, (byte) 0);
        b.add(FROM + MINUTE, 100, 112, 99, 110, 2, 0, 1, 0, 0, (byte) 0);
        b.add(FROM + 2 * MINUTE, 110, 111, 96, 99, 0.25, 0, 1, 0, 0, (byte) 0);
        b.add(FROM + 10 * MINUTE, 99, 121, 98, 120, 4, 0, 1, 0, 0, (byte) 0); // after a gap: no return
        b.add(TO, 120, 5000, 0.1, 130, 99, 0, 1, 0, 0, (byte) 0); // the minute holding asOf: not closed, ignored

        SevenDayView v = new SevenDayViewBuilder(GapPolicy.DROP, false).build("BTCUSDT", AS_OF, b);

        assertThat(v.from()).isEqualTo(Instant.ofEpochMilli(FROM));
        assertThat(v.to()).isEqualTo(Instant.ofEpochMilli(TO));
        assertThat(v.change()).isCloseTo(120.0 / 98 - 1, within(TOLERANCE)); // 0.2244897959...
        assertThat(v.high()).isEqualTo(121.0);
        assertThat(v.low()).isEqualTo(96.0);
        assertThat(v.volume()).isEqualTo(7.75);
        assertThat(v.missingMinutes()).isEqualTo(10_080 - 4);
        // returns ln(110/100) = 0.0953101798, ln(99/110) = -0.1053605157; sample stdev of two values = |a-b|/sqrt(2)
        // = 0.1418956095; times sqrt(1440) = 5.3845597937
        assertThat(v.realizedVolatility()).isCloseTo(5.3845597937463445, within(1e-9));
        assertThat(v.days().size()).isZero();
    }

    @Test
    void volatility_is_nan_below_two_returns_and_everything_is_nan_without_bars() {
        Bars two = TestBars.minutes(FROM, 2);
        SevenDayView one = new SevenDayViewBuilder(GapPolicy.DROP, false).build("BTCUSDT", AS_OF, two);
        assertThat(one.realizedVolatility()).isNaN();
        assertThat(one.change()).isCloseTo(101.5 / 100 - 1, within(TOLERANCE));

        SevenDayView none = new SevenDayViewBuilder(GapPolicy.DROP, false).build("BTCUSDT", AS_OF, new Bars(Interval.M1, 0));
        assertThat(new double[] {none.change(), none.high(), none.low(), none.realizedVolatility()}).containsOnly(Double.NaN);
        assertThat(none.volume()).isZero();
        assertThat(none.missingMinutes()).isEqualTo(10_080);
    }

    @Test
    void seven_complete_utc_days_with_a_holed_day_following_the_policy() {
        long start = ms("2024-03-01T00:00:00Z");
        long hole = ms("2024-03-04T06:00:00Z");
        Bars series = TestBars.without(TestBars.minutes(start, 7 * 1440 + 721), hole, hole + MINUTE);

        SevenDayView dropped = new SevenDayViewBuilder(GapPolicy.DROP, false).build("BTCUSDT", AS_OF, series);
        assertThat(dropped.days().size()).isEqualTo(6);
        assertThat(dropped.days().openTime[0]).isEqualTo(start);
        assertThat(dropped.days().openTime[3]).isEqualTo(ms("2024-03-05T00:00:00Z"));
        assertThat(dropped.days().openTime[5]).isEqualTo(ms("2024-03-07T00:00:00Z"));
        assertThat(dropped.days().open[0]).isEqualTo(100.0);
        assertThat(dropped.days().close[0]).isEqualTo(100 + 1439 + 0.5);

        SevenDayView kept = new SevenDayViewBuilder(GapPolicy.NONE, true).build("BTCUSDT", AS_OF, series);
        assertThat(kept.days().size()).isEqualTo(7);
        assertThat(kept.days().incomplete(3)).isTrue();

        SevenDayView filled = new SevenDayViewBuilder(GapPolicy.FFILL, false).build("BTCUSDT", AS_OF, series);
        assertThat(filled.days().size()).isEqualTo(7);
        assertThat(filled.days().filled(3)).isTrue();
        assertThat(filled.days().incomplete(3)).isFalse();
        // the summary uses real minutes only, whatever the policy
        assertThat(filled.missingMinutes()).isEqualTo(1);
        assertThat(filled.volume()).isEqualTo(10_079.0);
        assertThat(filled.change()).isCloseTo((100 + 7 * 1440 + 719 + 0.5) / (100 + 720) - 1, within(TOLERANCE));
    }
}
