package features;

import static features.TestBars.MINUTE;
import static features.TestBars.ms;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SevenDayViewTest {

    @Test
    void renders_the_summary_and_one_line_per_utc_day_marking_missing_and_filled_days() {
        Bars days = new Bars(Interval.D1, 7);
        long day0 = ms("2024-03-01T00:00:00Z");
        for (int d = 0; d < 7; d++) {
            if (d != 3) {
                days.add(day0 + d * 1440 * MINUTE, 100, 110, 90, 105, 1234.5, 0, 1, 0, 0, d == 5 ? Bars.FILLED : 0);
            }
        }
        SevenDayView v = new SevenDayView("BTCUSDT", Instant.parse("2024-03-08T12:00:30Z"),
                Instant.parse("2024-03-01T12:00:00Z"), Instant.parse("2024-03-08T12:00:00Z"), days,
                -0.0321, 71234.5, 68000, 123456.789, 0.0185, 7);

        assertThat(v.toText()).isEqualTo("""
                BTCUSDT as of 2024-03-08T12:00Z
                last 7d (2024-03-01T12:00Z..2024-03-08T12:00Z, 1m): change -3.21%, high 71234.50, low 68000.00, \
                volume 123456.79, realised vol 1.85%/day, missing minutes 7
                UTC days (open high low close volume change):
                2024-03-01 100.00 110.00 90.00 105.00 1234.50 +5.00%
                2024-03-02 100.00 110.00 90.00 105.00 1234.50 +5.00%
                2024-03-03 100.00 110.00 90.00 105.00 1234.50 +5.00%
                2024-03-04 no complete data
                2024-03-05 100.00 110.00 90.00 105.00 1234.50 +5.00%
                2024-03-06 100.00 110.00 90.00 105.00 1234.50 +5.00% (has filled minutes)
                2024-03-07 100.00 110.00 90.00 105.00 1234.50 +5.00%
                """);
    }

    @Test
    void shows_not_available_instead_of_nan() {
        SevenDayView v = new SevenDayView("BTCUSDT", Instant.parse("2024-03-08T00:00:00Z"),
                Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-03-08T00:00:00Z"), new Bars(Interval.D1, 0),
                Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, 10_080);
        assertThat(v.toText()).contains("change n/a, high n/a, low n/a, volume 0.00, realised vol n/a/day, missing minutes 10080")
                .contains("2024-03-01 no complete data").contains("2024-03-07 no complete data");
    }
}
