package storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import storage.MinuteGaps.Gap;

/** Missing minutes of a sorted series inside a window, worked by hand. */
class MinuteGapsTest {
    private static final long M = 60_000L;
    private static final long T0 = 1_704_067_200_000L; // 2024-01-01T00:00Z

    private static KlineColumns rows(long... minutes) {
        KlineColumns c = new KlineColumns(Math.max(1, minutes.length));
        for (long m : minutes) {
            long t = T0 + m * M;
            c.add(t, 1, 1, 1, 1, 1, t + M - 1, 1, 1, 1, 1);
        }
        return c;
    }

    private static Gap gap(long fromMinute, long toMinute) {
        return new Gap(T0 + fromMinute * M, T0 + toMinute * M);
    }

    @Test
    void a_full_series_has_no_gap() {
        assertThat(MinuteGaps.find(rows(0, 1, 2, 3), T0, T0 + 4 * M)).isEmpty();
    }

    /** Sixteen rows fill a KlineColumns' smallest capacity exactly: the scan stops at the last row, not past it. */
    @Test
    void a_series_that_fills_its_columns_exactly() {
        long[] minutes = java.util.stream.LongStream.range(0, 16).toArray();
        KlineColumns full = rows(minutes);
        assertThat(full.openTime).hasSize(full.size());
        assertThat(MinuteGaps.find(full, T0, T0 + 20 * M)).containsExactly(gap(16, 20));
    }

    @Test
    void holes_at_the_start_inside_and_at_the_end_of_the_window() {
        List<Gap> gaps = MinuteGaps.find(rows(2, 3, 5, 9), T0, T0 + 12 * M);
        assertThat(gaps).containsExactly(gap(0, 2), gap(4, 5), gap(6, 9), gap(10, 12));
        assertThat(gaps).extracting(Gap::minutes).containsExactly(2L, 1L, 3L, 2L);
    }

    @Test
    void rows_outside_the_window_are_ignored() {
        assertThat(MinuteGaps.find(rows(0, 1, 2, 6, 7, 8), T0 + 2 * M, T0 + 7 * M))
                .containsExactly(gap(3, 6));
        assertThat(MinuteGaps.find(rows(0, 1), T0 + 5 * M, T0 + 7 * M)).containsExactly(gap(5, 7));
        assertThat(MinuteGaps.find(rows(), T0, T0 + M)).containsExactly(gap(0, 1));
        assertThat(MinuteGaps.find(rows(0), T0, T0)).isEmpty();
    }

    @Test
    void a_gap_reads_as_its_first_and_last_missing_minute() {
        assertThat(gap(1, 31)).hasToString("2024-01-01T00:01:00Z..2024-01-01T00:30:00Z (30 min)");
        assertThat(gap(0, 1)).hasToString("2024-01-01T00:00:00Z..2024-01-01T00:00:00Z (1 min)");
    }

    @Test
    void clipping_keeps_the_parts_inside_the_window_in_order() {
        List<Gap> gaps = List.of(gap(0, 3), gap(5, 6), gap(8, 12));
        assertThat(MinuteGaps.clip(gaps, T0 + 2 * M, T0 + 10 * M)).containsExactly(gap(2, 3), gap(5, 6), gap(8, 10));
        assertThat(MinuteGaps.clip(gaps, T0 + 3 * M, T0 + 5 * M)).as("touching ends are outside").isEmpty();
        assertThat(MinuteGaps.clip(gaps, T0, T0 + 12 * M)).isEqualTo(gaps);
    }

    @Test
    void ceil_minute_rounds_up_and_keeps_whole_minutes() {
        assertThat(MinuteGaps.ceilMinute(T0)).isEqualTo(T0);
        assertThat(MinuteGaps.ceilMinute(T0 + 1)).isEqualTo(T0 + M);
        assertThat(MinuteGaps.ceilMinute(T0 + M - 1)).isEqualTo(T0 + M);
        assertThat(MinuteGaps.ceilMinute(-1)).isZero();
        assertThat(MinuteGaps.ceilMinute(-M - 1)).isEqualTo(-M);
    }
}
