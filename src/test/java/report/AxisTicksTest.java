package report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AxisTicksTest {
    private static final long JAN_1_2024 = 1_704_067_200_000L;
    private static final long DAY = 86_400_000L;

    @Test
    void value_ticks_use_round_steps_and_cover_the_range() {
        AxisTicks.Numbers t = AxisTicks.numbers(7_912.3, 12_140.8, 6);
        assertThat(t.step()).isEqualTo(1_000);
        assertThat(t.lo()).isEqualTo(7_000);
        assertThat(t.hi()).isEqualTo(13_000);
        assertThat(t.decimals()).isZero();
    }

    @Test
    void small_steps_get_decimals() {
        AxisTicks.Numbers t = AxisTicks.numbers(0.12, 0.19, 4);
        assertThat(t.step()).isCloseTo(0.02, within(1e-12));
        assertThat(t.decimals()).isEqualTo(2);
    }

    @Test
    void flat_series_gets_a_band_around_it() {
        AxisTicks.Numbers t = AxisTicks.numbers(100, 100, 4);
        assertThat(t.lo()).isLessThan(100);
        assertThat(t.hi()).isGreaterThan(100);
    }

    @Test
    void two_months_tick_weekly_on_mondays() {
        List<AxisTicks.TimeTick> ticks = AxisTicks.time(JAN_1_2024, JAN_1_2024 + 60 * DAY, 10);
        assertThat(ticks).extracting(AxisTicks.TimeTick::label)
                .containsExactly("Jan 1", "Jan 8", "Jan 15", "Jan 22", "Jan 29", "Feb 5", "Feb 12", "Feb 19", "Feb 26");
    }

    @Test
    void one_day_ticks_on_round_hours() {
        List<AxisTicks.TimeTick> ticks = AxisTicks.time(JAN_1_2024 + 1_000, JAN_1_2024 + DAY, 10);
        assertThat(ticks.get(0).label()).isEqualTo("Jan 1 03:00");
        assertThat(ticks).hasSize(8);
    }

    @Test
    void years_tick_on_month_starts() {
        List<AxisTicks.TimeTick> ticks = AxisTicks.time(JAN_1_2024 + DAY, JAN_1_2024 + 730 * DAY, 10);
        assertThat(ticks.get(0).label()).isEqualTo("Apr 2024");
        assertThat(ticks).extracting(AxisTicks.TimeTick::label).contains("Jan 2025", "Oct 2025");
    }
}
